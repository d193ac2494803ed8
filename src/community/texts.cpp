// Text messages for important notices (Notices::send_texts): once one is published, a scheduler
// job texts the residents of its board (its commune's, or those who named its village) who
// consented to village_texts, a batch at a time, as warnings are texted. The cursor (the last
// account texted) and the counts are saved after each batch, so a restart goes on where it
// stopped; a lease keeps two processes from texting the same notice.
#include "accounts/service.h"
#include "community/service.h"
#include "community/store.h"
#include "core/crypto.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/text.h"
#include "core/time.h"
#include "notify/sms.h"
#include "units/service.h"

namespace cds::community {

namespace {
constexpr size_t kBatch = 200;
constexpr auto kLease = std::chrono::minutes(2);
// Three Unicode SMS segments: long enough for the title, short enough to arrive whole.
constexpr size_t kMaxText = 200;
}  // namespace

void Notices::set_text_messages(notify::SmsSender& sms, const i18n::Catalogues& catalogues,
                                std::string public_url) {
  sms_ = &sms;
  catalogues_ = &catalogues;
  public_url_ = std::move(public_url);
  text_holder_ = crypto::random_token(12);
}

size_t Notices::send_texts() {
  if (!sms_ || !catalogues_) return 0;
  size_t total = 0;
  auto claim = [this](int64_t id) {
    auto now = timeutil::Clock::now();
    return db_.write([&](db::Connection& c) {
      return store::claim_texts(c, id, text_holder_, timeutil::iso_utc(now),
                                timeutil::iso_utc(now + kLease));
    });
  };
  for (int64_t id : db_.read([](db::Connection& c) { return store::texts_due(c); })) {
    if (!claim(id)) continue;
    Notice n = *db_.read([&](db::Connection& c) { return store::notice(c, id); });
    auto board = units_.find(units::kGeneration2025, n.unit_code);
    std::string body = catalogues_->text("vi", "community.sms.important") + " " +
                       (board ? board->name : n.unit_code) + ": " + n.title;
    // The link needs the site's address (--public-url); without one the text goes alone.
    std::string link =
        public_url_.empty() ? "" : " " + public_url_ + "/bang-tin/" + std::to_string(n.id);
    std::string message = text::shorten(body, kMaxText - text::char_count(link)) + link;
    for (;;) {
      int64_t after = db_.read([&](db::Connection& c) { return store::texts_after(c, id); });
      auto batch = db_.read([&](db::Connection& c) {
        return accounts::consenting_residents(c, {n.unit_code}, std::string(kTextsConsent), after,
                                              kBatch);
      });
      accounts::TextBatch result = accounts::text_residents(*sms_, batch, message);
      if (!batch.empty()) after = result.last_account;
      bool done = batch.size() < kBatch || !n.withdrawn_at.empty();
      db_.write([&](db::Connection& c) {
        store::note_texts(c, id, after, result.sent, result.failed, done);
      });
      total += static_cast<size_t>(result.sent);
      if (result.failed) spdlog::warn("notice {}: {} text message(s) failed", id, result.failed);
      if (done) break;
      if (!claim(id)) break;  // another process took over: it goes on from the cursor
    }
  }
  return total;
}

}  // namespace cds::community

// Text messages for Actual alerts (AlertService::send_texts): once an alert goes out, a scheduler
// job texts the residents of its communes who consented to warnings, a batch at a time. The cursor
// (the last account texted) and the counts are saved after each batch, so a restart goes on where
// it stopped.
#include "accounts/service.h"
#include "alerts/permissions.h"
#include "alerts/service.h"
#include "alerts/store.h"
#include "core/crypto.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/text.h"
#include "core/time.h"
#include "notify/sms.h"

namespace cds::alerts {

namespace {
constexpr size_t kBatch = 200;
// How long a process may hold an alert's texts without a word: far longer than a batch takes.
constexpr auto kLease = std::chrono::minutes(2);
// Three Unicode SMS segments: long enough for what to do, short enough to arrive whole.
constexpr size_t kMaxText = 200;

}  // namespace

void AlertService::set_text_messages(notify::SmsSender& sms, const i18n::Catalogues& catalogues,
                                     std::string public_url) {
  sms_ = &sms;
  catalogues_ = &catalogues;
  public_url_ = std::move(public_url);
  text_holder_ = crypto::random_token(12);
}

size_t AlertService::send_texts() {
  if (!sms_ || !catalogues_) return 0;
  size_t total = 0;
  // Taken before every batch: while this process sends, no other one texts the same people.
  auto claim = [this](int64_t id) {
    auto now = timeutil::Clock::now();
    return db_.write([&](db::Connection& c) {
      return store::claim_texts(c, id, text_holder_, timeutil::iso_utc(now),
                                timeutil::iso_utc(now + kLease));
    });
  };
  for (int64_t id : db_.read([](db::Connection& c) { return store::texts_due(c); })) {
    if (!claim(id)) continue;
    Record r = db_.read([&](db::Connection& c) { return load(c, id); });
    // The earlier alert's area for a Cancel (it names the same units).
    std::vector<std::string> communes = area_communes(r.alert);
    const Text& vi = r.alert.texts.front();
    std::string label = catalogues_->text(
        "vi", r.alert.msg_type == "Cancel" ? "alerts.sms.cancelled" : "alerts.sms.warning");
    std::string body = label + ": " + vi.headline;
    if (r.alert.msg_type != "Cancel" && !vi.instruction.empty()) body += ". " + vi.instruction;
    // The link needs the site's address (--public-url); without one the text goes alone.
    std::string link =
        public_url_.empty() ? "" : " " + public_url_ + "/canh-bao/" + std::to_string(r.alert.id);
    std::string message = text::shorten(body, kMaxText - text::char_count(link)) + link;
    for (;;) {
      int64_t after = db_.read([&](db::Connection& c) { return store::texts_after(c, id); });
      auto batch = db_.read([&](db::Connection& c) {
        return accounts::consenting_residents(c, communes, std::string(kWarningsConsent), after,
                                              kBatch);
      });
      accounts::TextBatch result = accounts::text_residents(*sms_, batch, message);
      if (!batch.empty()) after = result.last_account;
      bool done = batch.size() < kBatch;
      db_.write([&](db::Connection& c) {
        store::note_texts(c, id, after, result.sent, result.failed, done);
      });
      total += static_cast<size_t>(result.sent);
      if (result.failed) spdlog::warn("alert {}: {} text message(s) failed", id, result.failed);
      if (done) break;
      if (!claim(id)) break;  // another process took over: it goes on from the cursor
    }
  }
  return total;
}

}  // namespace cds::alerts

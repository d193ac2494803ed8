// Filing a report: its checks, its photos on disk, its routing and deadline; and the reporter's
// and the public's follow-up (reopen, rate, me too, follow).

#include "feedback/filing.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "accounts/service.h"
#include "core/error.h"
#include "core/text.h"
#include "feedback/internal.h"
#include "feedback/permissions.h"
#include "feedback/settings.h"
#include "feedback/store.h"
#include "feedback/workflow.h"
#include "units/service.h"

namespace cds::feedback {
using accounts::Actor;

Filing::Filing(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent,
               const Settings& settings, std::filesystem::path uploads_dir,
               std::string province_code)
    : db_(db),
      units_(units),
      unit_parent_(std::move(unit_parent)),
      settings_(settings),
      uploads_dir_(std::move(uploads_dir)),
      province_code_(std::move(province_code)) {}

std::string new_public_id() {
  static constexpr char kAlphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";  // no 0/o, 1/l/i
  std::string id;
  for (int i = 0; i < 10; ++i) id.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
  return id;
}

std::vector<Photo> save_photos(const std::filesystem::path& uploads, const std::string& public_id,
                               const std::string& kind, size_t first_position,
                               const std::vector<media::ProcessedImage>& images) {
  std::vector<Photo> saved;
  if (images.empty()) return saved;
  std::string shard = public_id.substr(0, 2);
  std::filesystem::create_directories(uploads / "reports" / shard);
  try {
    for (size_t i = 0; i < images.size(); ++i) {
      // A random part keeps names unguessable and lets a report gain photos later.
      std::string stem = "reports/";
      stem.append(shard).append("/").append(public_id).append("-").append(kind).append("-");
      stem.append(std::to_string(first_position + i)).append("-").append(new_public_id());
      Photo p{kind, stem + ".jpg", stem + "-thumb.jpg", images[i].width, images[i].height};
      for (const auto& [rel, bytes] :
           {std::pair{p.path, &images[i].jpeg}, std::pair{p.thumb_path, &images[i].thumb}}) {
        std::ofstream out(uploads / rel, std::ios::binary);
        out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
        if (!out)
          throw Error(ErrorKind::unavailable, "storage_failed", "The photo could not be stored");
      }
      saved.push_back(p);
    }
  } catch (...) {
    remove_files(uploads, saved);
    throw;
  }
  return saved;
}

void remove_files(const std::filesystem::path& uploads, const std::vector<Photo>& photos) {
  std::error_code ec;
  for (const auto& p : photos) {
    std::filesystem::remove(uploads / p.path, ec);
    std::filesystem::remove(uploads / p.thumb_path, ec);
  }
}

namespace {

bool in_vietnam(const NewReport& req) {
  return std::isfinite(*req.lat) && std::isfinite(*req.lon) && *req.lat >= 8 && *req.lat <= 24 &&
         *req.lon >= 102 && *req.lon <= 110;
}

}  // namespace

units::Unit Filing::place_of(const NewReport& req) const {
  if (req.lat.has_value() != req.lon.has_value() || (req.lat && !in_vietnam(req)))
    throw Error(ErrorKind::bad_input, "bad_location", "The place must be in Vietnam");
  if (!req.unit_code.empty()) {
    auto unit = units_.find(units::kGeneration2025, req.unit_code);
    if (!unit || unit->level != "commune")
      throw Error(ErrorKind::bad_input, "bad_unit", "Choose a commune or ward");
    return *unit;
  }
  if (!req.lat) throw Error(ErrorKind::bad_input, "bad_unit", "Choose a commune or ward");
  if (auto commune = units_.commune_at(*req.lat, *req.lon)) return *commune;
  auto province = units_.find(units::kGeneration2025, province_code_);
  if (!province) throw std::logic_error("the served province is not a 2025 unit");
  return *province;  // the triage queue
}

Report Filing::file(const Actor& actor, const NewReport& req, const std::string& ip) {
  accounts::require(actor, actions::file_report, {req.unit_code}, unit_parent_);
  auto k = settings_.category(req.category_code);
  if (!k || !k->active) throw Error(ErrorKind::bad_input, "bad_category", "Choose a category");
  std::string description = text::nfc(text::trim(req.description));
  if (description.empty() || char_count(description) > kMaxDescriptionChars)
    throw Error(ErrorKind::bad_input, "bad_description",
                "Describe the problem in at most 4,000 characters");
  units::Unit unit = place_of(req);
  std::string address = text::nfc(text::trim(req.address_text));
  if (char_count(address) > 300)
    throw Error(ErrorKind::bad_input, "bad_address", "The address is too long");
  check_attributes(*k, req.attributes);
  if (req.photos.size() > kMaxPhotos)
    throw Error(ErrorKind::bad_input, "too_many_photos", "At most 5 photos");

  Report r;
  r.category_id = k->id;
  r.category_code = k->code;
  r.description = description;
  r.unit_code = unit.code;
  r.address_text = address;
  // Six decimals is about 10 cm: more is noise from the device, and keeps numbers readable.
  auto six = [](std::optional<double> v) -> std::optional<double> {
    if (!v) return v;
    return std::round(*v * 1e6) / 1e6;
  };
  r.lat = six(req.lat);
  r.lon = six(req.lon);
  r.status = name(State::received);
  r.source = req.source;
  r.reporter_account = actor.account_id;
  r.show_name = req.show_name && actor.account_id != 0;
  r.received_at = now();
  // In the triage queue the deadline starts when an officer places the report.
  if (unit.level == "commune") r.deadline_on = settings_.deadline_from_today(k->deadline_days);
  r.public_id = new_public_id();
  // Files first, rows second; if the transaction fails the files go too: nothing half-made.
  std::vector<Photo> photos = save_photos(uploads_dir_, r.public_id, "report", 0, req.photos);
  if (unit.level == "commune")  // a triaged report is routed when it is placed
    if (auto agency = settings_.route(k->code, unit.code, unit.parent_code)) r.agency_id = *agency;
  try {
    return db_.write([&](db::Connection& c) {
      r.id = store::insert_report(c, r, text::fold(description));
      for (size_t i = 0; i < photos.size(); ++i)
        store::insert_photo(c, r.id, photos[i], static_cast<int>(i));
      for (const auto& [code, value] : req.attributes)
        store::insert_attribute(c, r.id, code, text::nfc(value));
      store::insert_event(c, r.id,
                          {0, r.received_at, "status", "", r.status, "", true, actor.account_id});
      if (actor.account_id) store::add_follower(c, r.id, actor.account_id);
      audit_report(c, actor, "report.filed", r, ip);
      if (r.show_name) return *store::report_by_id(c, r.id);  // with the name as others see it
      // Otherwise the report as a read would give it back, without reading it (three queries
      // fewer for every Open311 filing).
      r.updated_at = r.received_at;
      r.photos = photos;
      for (const auto& [code, value] : req.attributes)
        r.attributes.emplace_back(code, text::nfc(value));
      std::sort(r.attributes.begin(), r.attributes.end());
      r.attributes.erase(std::unique(r.attributes.begin(), r.attributes.end()), r.attributes.end());
      return r;
    });
  } catch (...) {
    remove_files(uploads_dir_, photos);
    throw;
  }
}

void Filing::add_media_url(const Report& report, const std::string& url) {
  if (url.size() > 2000) throw Error(ErrorKind::bad_input, "media_url", "media_url is too long");
  db_.write([&](db::Connection& c) { store::insert_attribute(c, report.id, "media_url", url); });
}

namespace {

// The same, for its reporter alone (reopening, rating).
Report reporters_report(db::Connection& c, const Actor& actor, const std::string& public_id,
                        const accounts::UnitParent& unit_parent) {
  Report r = load_report(c, public_id);
  accounts::require(actor, actions::act_as_reporter, {r.unit_code, r.agency_id, r.reporter_account},
                    unit_parent);
  return r;
}

}  // namespace

Report Filing::reopen(const Actor& actor, const std::string& public_id, const std::string& reason,
                      const std::string& ip) {
  return db_.write([&](db::Connection& c) {
    Report r = reporters_report(c, actor, public_id, unit_parent_);
    // resolved_at is UTC; the 7 days count in Vietnam's calendar.
    timeutil::Date resolved_on{};
    if (auto at = timeutil::parse_w3c(r.resolved_at)) resolved_on = timeutil::vietnam_date(*at);
    if (!may_reopen(r.status, resolved_on, settings_.today()))
      throw Error(ErrorKind::conflict, "cannot_reopen",
                  "Only a report resolved in the last 7 days can be reopened");
    std::string reopened(name(State::reopened));
    Event e{0,    now(),           "status", r.status, reopened, text::nfc(text::trim(reason)),
            true, actor.account_id};
    r.status = reopened;
    r.resolved_at.clear();
    record_change(c, r, e, "notify.report.reopened");
    audit_report(c, actor, "report.reopen", r, ip);
    return *store::report_by_id(c, r.id);
  });
}

Report Filing::rate(const Actor& actor, const std::string& public_id, int64_t stars,
                    const std::string& comment, const std::string& ip) {
  if (stars < 1 || stars > 5) throw Error(ErrorKind::bad_input, "bad_rating", "Give 1 to 5 stars");
  std::string text = text::nfc(text::trim(comment));
  if (char_count(text) > 1000)
    throw Error(ErrorKind::bad_input, "bad_text", "The comment is too long");
  return db_.write([&](db::Connection& c) {
    Report r = reporters_report(c, actor, public_id, unit_parent_);
    if (state_of(r.status) != State::resolved)
      throw Error(ErrorKind::conflict, "cannot_rate", "Only a resolved report can be rated");
    r.rating = stars;
    r.rating_comment = text;
    record_change(
        c, r,
        {0, now(), "rating", r.status, r.status, std::to_string(stars), true, actor.account_id},
        "notify.report.rated");
    audit_report(c, actor, "report.rate", r, ip);
    return *store::report_by_id(c, r.id);
  });
}

Report Filing::support(const Actor& actor, const std::string& public_id, const std::string& ip) {
  accounts::require(actor, actions::follow_report, {}, unit_parent_);
  return db_.write([&](db::Connection& c) {
    Report r = load_report(c, public_id);
    if (!is_open(r.status))
      throw Error(ErrorKind::conflict, "report_closed", "This report is already closed");
    if (r.reporter_account != actor.account_id && store::add_supporter(c, r.id, actor.account_id)) {
      ++r.support_count;
      store::update_report(c, r);
      store::add_follower(c, r.id, actor.account_id);
      audit_report(c, actor, "report.support", r, ip);
    }
    return *store::report_by_id(c, r.id);
  });
}

void Filing::follow(const Actor& actor, const std::string& public_id, const std::string& ip) {
  accounts::require(actor, actions::follow_report, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    Report r = load_report(c, public_id);
    store::add_follower(c, r.id, actor.account_id);
    audit_report(c, actor, "report.follow", r, ip);
  });
}

void Filing::unfollow(const Actor& actor, const std::string& public_id, const std::string& ip) {
  accounts::require(actor, actions::follow_report, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    Report r = load_report(c, public_id);
    if (store::remove_follower(c, r.id, actor.account_id))
      audit_report(c, actor, "report.unfollow", r, ip);
  });
}

}  // namespace cds::feedback

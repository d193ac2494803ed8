// A citizen's side of a field report: filing it (on the web, or through Open311 by a machine
// client) with its checks, photos, place, routing and deadline; then "me too", following,
// reopening and rating, each authorised, in one transaction with its audit entry and the
// followers' notices.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/authz.h"
#include "db/connection.h"
#include "feedback/model.h"
#include "media/images.h"

namespace cds::units {
class UnitService;
struct Unit;
}  // namespace cds::units

namespace cds::feedback {

class Settings;

struct NewReport {
  std::string category_code, description, unit_code, address_text;
  std::optional<double> lat, lon;
  bool show_name = false;
  std::vector<std::pair<std::string, std::string>> attributes;  // question code → value
  std::string source = "web";                                   // web | api | open311
  std::vector<media::ProcessedImage> photos;  // already checked and re-encoded, at most 5
};

class Filing {
 public:
  // province_code: the 2025 province whose triage queue takes reports placed nowhere else.
  Filing(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent,
         const Settings& settings, std::filesystem::path uploads_dir, std::string province_code);

  // The place is the commune named; without one, the commune whose boundary holds the pin;
  // with a pin outside every loaded boundary, the province's triage queue.
  Report file(const accounts::Actor& actor, const NewReport& request, const std::string& ip);
  // A link to a photo hosted elsewhere (Open311 media_url), kept with the report.
  void add_media_url(const Report& report, const std::string& url);

  Report reopen(const accounts::Actor& actor, const std::string& public_id,
                const std::string& reason, const std::string& ip);
  Report rate(const accounts::Actor& actor, const std::string& public_id, int64_t stars,
              const std::string& comment, const std::string& ip);
  Report support(const accounts::Actor& actor, const std::string& public_id, const std::string& ip);
  void follow(const accounts::Actor& actor, const std::string& public_id, const std::string& ip);
  void unfollow(const accounts::Actor& actor, const std::string& public_id, const std::string& ip);

 private:
  // Where a new report goes (see file()); throws bad_unit / bad_location.
  units::Unit place_of(const NewReport& request) const;

  db::Database& db_;
  const units::UnitService& units_;
  accounts::UnitParent unit_parent_;
  const Settings& settings_;
  std::filesystem::path uploads_dir_;
  std::string province_code_;
};

}  // namespace cds::feedback

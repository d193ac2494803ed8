// What the feedback services' files share (service.cpp, reports.cpp, filing.cpp, handling.cpp,
// settings.cpp, console.cpp, seed.cpp). Private to the module.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "accounts/authz.h"
#include "core/text.h"
#include "db/connection.h"
#include "feedback/model.h"
#include "media/images.h"

namespace cds::feedback {

using text::char_count;

constexpr size_t kMaxDescriptionChars = 4000;

// Now, as stored: ISO 8601 UTC.
std::string now();
// The answers to a category's questions, each checked against its question's kind.
void check_attributes(const Category& k,
                      const std::vector<std::pair<std::string, std::string>>& given);
// The audit entry of an action on a report, in the action's transaction.
void audit_report(db::Connection& c, const accounts::Actor& actor, const std::string& action,
                  const Report& report, const std::string& ip);
// Where a report's notices open: its page.
inline std::string report_link(const Report& r) { return "/phan-anh/" + r.public_id; }
// A report's short public id.
std::string new_public_id();
// The report of this public id, in the caller's transaction; 404 when there is none.
Report load_report(db::Connection& c, const std::string& public_id);
// Writes a report's row and its timeline entry; a public change also notifies the reporter
// and the followers (in-app notices, and a live event on the pages they have open).
void record_change(db::Connection& c, Report& report, const Event& event,
                   const std::string& message_key);
// Writes the photos' files under uploads; the caller records them in its transaction and
// removes the files again (remove_files) if that transaction fails.
std::vector<Photo> save_photos(const std::filesystem::path& uploads, const std::string& public_id,
                               const std::string& kind, size_t first_position,
                               const std::vector<media::ProcessedImage>& images);
void remove_files(const std::filesystem::path& uploads, const std::vector<Photo>& photos);

}  // namespace cds::feedback

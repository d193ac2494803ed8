// What the files of the feedback service share (service.cpp, filing.cpp, handling.cpp,
// settings.cpp, console.cpp, seed.cpp). Private to the module.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "accounts/authz.h"
#include "core/text.h"
#include "db/connection.h"
#include "feedback/model.h"

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

}  // namespace cds::feedback

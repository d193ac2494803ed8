// Emergency alerts as the platform keeps them: one CAP 1.2 message each (OASIS Common
// Alerting Protocol), with its Vietnamese block and an English one when given, its area as
// 2025 units and/or a drawn polygon or circle, and where it stands in the two-person rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alerts/workflow.h"
#include "core/time.h"

namespace cds::alerts {

// The cache scope every change to alerts touches (core/cache.h).
inline constexpr const char* kScope = "alerts";

// A point as CAP writes it: "lat,lon" (WGS 84).
struct Point {
  double lat = 0, lon = 0;
};

struct Circle {
  Point centre;
  double radius_km = 0;
};

// One language's text of an alert (CAP <info>).
struct Text {
  std::string language;  // "vi-VN" or "en-US"
  std::string headline, description, instruction;
};

struct Alert {
  int64_t id = 0;
  std::string identifier;          // unique, no spaces, commas, < or &
  std::string sender;              // the province's sender id, same rule
  std::string sent;                // when it went out (or was drafted): RFC 3339, +07:00
  std::string status = "Actual";   // Actual | Exercise | Test (System and Draft are not used)
  std::string msg_type = "Alert";  // Alert | Update | Cancel
  // For Update and Cancel: the earlier messages, as CAP's "sender,identifier,sent" triples.
  std::vector<std::string> references;
  std::string event;                        // "Sạt lở đất"
  std::vector<std::string> categories;      // CAP categories: Geo, Met, Safety, …
  std::vector<std::string> response_types;  // Shelter, Evacuate, Prepare, …
  std::string urgency = "Expected", severity = "Severe", certainty = "Likely";
  std::string effective, onset,
      expires;                          // RFC 3339 with +07:00; effective and expires required here
  std::vector<Text> texts;              // vi-VN first
  std::string area_desc;                // "Xã Bảo Ái, Xã Bảo Hà"
  std::vector<std::string> unit_codes;  // 2025 units: geocode values
  std::vector<Point> polygon;           // closed (first == last), at least 4 points
  std::optional<Circle> circle;
};

// The CAP vocabularies, as the standard spells them.
inline constexpr const char* kStatuses[] = {"Actual", "Exercise", "Test"};
inline constexpr const char* kMsgTypes[] = {"Alert", "Update", "Cancel"};
inline constexpr const char* kCategories[] = {"Geo",       "Met",   "Safety", "Security",
                                              "Rescue",    "Fire",  "Health", "Env",
                                              "Transport", "Infra", "CBRNE",  "Other"};
inline constexpr const char* kResponseTypes[] = {
    "Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None"};
inline constexpr const char* kUrgencies[] = {"Immediate", "Expected", "Future", "Past", "Unknown"};
inline constexpr const char* kSeverities[] = {"Extreme", "Severe", "Moderate", "Minor", "Unknown"};
inline constexpr const char* kCertainties[] = {"Observed", "Likely", "Possible", "Unlikely",
                                               "Unknown"};

}  // namespace cds::alerts

namespace cds::alerts {

// An alert as the platform keeps it: the CAP message (its times written +07:00) and where it
// stands. drafted_by and approved_by are accounts; an Actual alert needs two different ones.
struct Record {
  Alert alert;
  int64_t references_alert = 0;  // the earlier alert an Update or Cancel refers to
  State state = State::draft;    // workflow.h
  std::string returned_reason;   // why a second officer sent it back to be redrafted
  // The two-person rule: drafted_by wrote the content as it stands (the last rewrite),
  // submitted_by sent it for approval; approved_by may be neither, and approved the version
  // it names (approved_version). version counts the rewrites of the content, from 1.
  int64_t drafted_by = 0, submitted_by = 0, approved_by = 0;
  int64_t version = 1, approved_version = 0;
  int64_t live_event = 0;  // the live event it went out as
  std::string sms_state;   // "" (none) | pending | sending | done
  int64_t sms_sent = 0, sms_failed = 0;
  // Whether this account wrote or submitted the content as it stands (and so may not approve it).
  bool authored_by(int64_t account) const {
    return account == drafted_by || account == submitted_by;
  }
  // Residents received it (workflow.h's table).
  bool went_out() const;
  // The one rule of an alert in force (workflow.h): its pages, the API, the banner and the SQL
  // (in_force_sql) say the same.
  bool in_force(timeutil::Clock::time_point now = timeutil::Clock::now()) const;
};

}  // namespace cds::alerts

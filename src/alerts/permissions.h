// Who may do what with alerts: the alert officer's role and the module's actions, asked
// through accounts::decide / accounts::require like every other action.
#pragma once

#include "accounts/authz.h"

namespace cds::alerts {

// Drafts, sends and approves emergency alerts for the units of their scopes.
inline constexpr accounts::Role kAlertOfficer{"alert_officer"};
// The consent purpose of warnings by text message, asked at sign-up: alerts' texts go only to
// residents whose latest decision on it is consent.
inline constexpr std::string_view kWarningsConsent = "warnings";

namespace actions {
// Draft, send, approve and cancel alerts (target: each unit of the area; without a unit: may
// this person issue alerts at all).
extern const accounts::Action issue_alerts;
// Residents' answers to an alert and calls for help (target: a commune).
extern const accounts::Action follow_alert_answers;
}  // namespace actions

accounts::Permissions permissions();

}  // namespace cds::alerts

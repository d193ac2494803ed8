// Who may do what in villages, households and notice boards, asked through accounts::decide.
// The module's two roles are held for a village: the village head (trưởng thôn) and the
// community digital technology team (tổ công nghệ số cộng đồng).
#pragma once

#include "accounts/authz.h"

namespace cds::community {

inline constexpr accounts::Role kVillageHead{"village_head"};
inline constexpr accounts::Role kTechTeam{"community_tech_team"};

namespace actions {
// Add and rename a commune's villages (target: the commune).
extern const accounts::Action manage_villages;
// See a village's households, their members and addresses: an audited read (target: the village).
extern const accounts::Action view_households;
// Confirm a household, or record one in person (target: its village).
extern const accounts::Action confirm_household;
// Write and withdraw notices on a board, see their coverage and visit list (target: the board's
// village or commune; without a unit: may write on some board).
extern const accounts::Action write_notices;
// Follow a board's notices: their coverage, the visit list, and marking a household "visited,
// told in person" (target: the village or commune; the village's technology team too).
extern const accounts::Action follow_notices;
}  // namespace actions

accounts::Permissions permissions();

}  // namespace cds::community

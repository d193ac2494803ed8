// Who may write and publish news, asked through accounts::decide / accounts::require.
#pragma once

#include "accounts/authz.h"

namespace cds::news {

namespace actions {
// Write and publish news (target: each unit it is for; without a unit: may write at all).
extern const accounts::Action publish_news;
}  // namespace actions

accounts::Permissions permissions();

}  // namespace cds::news

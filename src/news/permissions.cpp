#include "news/permissions.h"

namespace cds::news {
using accounts::Actor;
using accounts::Role;
using accounts::Target;
using accounts::UnitParent;

namespace {

// Officers and administrators of the units it is for.
bool publishes(const Actor& a, const Target& t, const UnitParent& up) {
  bool writer = a.has(Role::officer) || a.has(Role::unit_admin);
  if (t.unit_code.empty()) return a.has(Role::province_admin) || writer;
  return accounts::province_admin_here(a, t, up) ||
         (writer && accounts::covers(a, t.unit_code, up));
}

}  // namespace

namespace actions {
const accounts::Action publish_news{"publish_news", &publishes};
}  // namespace actions

accounts::Permissions permissions() { return {{&actions::publish_news}, {}}; }

}  // namespace cds::news

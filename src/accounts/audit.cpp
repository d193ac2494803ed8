#include "accounts/audit.h"

namespace cds::accounts {

void record_by(db::Connection& c, const Actor& actor, audit::Entry entry) {
  entry.actor_account = actor.account_id;
  entry.actor_api_key = actor.api_key_id;
  audit::record(c, entry);
}

}  // namespace cds::accounts

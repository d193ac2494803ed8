// Every module's audit entry of what a person or an API key did, written through one call
// inside the transaction of the change it describes: the entry names the actor (their
// account, or their key), the rest is the module's (action, subject, detail, ip, unit).
#pragma once

#include "accounts/authz.h"
#include "audit/service.h"
#include "db/connection.h"

namespace cds::accounts {

// audit::record with entry's actor set from `actor`.
void record_by(db::Connection& c, const Actor& actor, audit::Entry entry);

}  // namespace cds::accounts

// Reads from a streaming standby (serve --db-read), with the reader's own writes always in
// sight. A GET or HEAD may read from the standby (db::ReadScope), unless the client changed
// something in the last few seconds: every successful change answers with a short-lived
// cookie (cds_wrote), and a request carrying it reads from the primary, on whichever process
// it lands. A GET that found nothing on the standby is asked again of the primary (what was
// just created, by another client or through a machine API without cookies, may not have been
// replayed yet). Without a standby this middleware is not installed.
#pragma once

#include "db/connection.h"
#include "http/server.h"

namespace cds::web {

constexpr const char* kWroteCookie = "cds_wrote";

http::Middleware standby_reads(bool secure_cookies);

}  // namespace cds::web

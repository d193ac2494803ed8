// Helpers the domains' HTML pages share: a page with its CSRF token, an error in the reader's
// language, dates and times as Vietnamese readers
// write them.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/request.h"
#include "http/response.h"
#include "web/context.h"

namespace cds::web {

// Renders template `name` in the layout, with data["csrf"] set (and the CSRF cookie when new);
// never cached, since forms and personal pages change.
http::Response form_page(const AppContext& app, const http::Request& request, std::string_view name,
                         std::string_view title_key, boost::json::object data,
                         http::Status status = http::Status::ok);
// The catalogue's text for error.<code>, or the error's own message.
std::string error_message(const AppContext& app, const http::Request& request, const Error& error);
// The site's address for absolute links ("https://dancu.laocai.gov.vn", no trailing slash):
// --public-url when set, otherwise from the Host header when it is a plain host[:port].
std::string site_url(const AppContext& app, const http::Request& request);
// A page to come back to, as given in a link (?tiep=, ?next=): a path on this site, or "" when
// it is anything else (another site, "//host", a backslash, a control character, too long).
std::string local_path(std::string_view given);
// For a page that needs a signed-in reader: to the sign-in page, which comes back here after.
http::Response sign_in_first(const http::Request& request);
// "2026-11-28T15:11:01Z" → "28/11/2026 22:11" (Vietnam time).
std::string display_time(const std::string& iso_utc);
// "2026-11-30" → "30/11/2026".
std::string display_day(const std::string& iso_date);
// A duration for people: "2 ngày 5 giờ" / "2 days 5 hours", "dưới 1 giờ" under an hour.
std::string display_hours(const i18n::Catalogues& catalogues, const std::string& lang,
                          double hours);
// part of whole as "87%"; "—" when there is nothing to measure (whole is 0), never "0%".
std::string display_rate(int64_t part, int64_t whole);

}  // namespace cds::web

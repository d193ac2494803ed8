#include "live/routes.h"

#include "accounts/http_auth.h"
#include "core/error.h"
#include "core/text.h"
#include "http/event_hub.h"
#include "http/response.h"
#include "live/events.h"
#include "units/service.h"

namespace cds::live {
using http::Request;

namespace {

// A reader reconnecting after longer than this many events reloads the page instead.
constexpr size_t kReplayLimit = 1000;

std::optional<int64_t> event_id(std::string_view s) { return text::parse_int(s); }

// The unit's key and those of the units around it (a commune's province).
void add_unit_keys(const units::UnitService& units, std::string code,
                   std::vector<std::string>& audience) {
  for (int depth = 0; !code.empty() && depth < 3; ++depth) {
    auto unit = units.find(units::kGeneration2025, code);
    if (!unit) break;
    audience.push_back(unit_key(unit->code));
    code = unit->parent_code;
  }
}

std::vector<std::string> audience_for(const web::AppContext& app, const Request& req,
                                      const accounts::Actor& actor) {
  std::vector<std::string> audience;
  auto unit = req.query_param("unit");
  if (unit && !unit->empty()) {
    if (!app.units.find(units::kGeneration2025, *unit))
      throw Error(ErrorKind::bad_input, "bad_unit", "unit is not a 2025 unit code");
    add_unit_keys(app.units, *unit, audience);
  } else if (!actor.home_unit.empty()) {
    add_unit_keys(app.units, actor.home_unit, audience);
  }
  // A reader whose commune is unknown gets every public event of the province.
  if (audience.empty()) audience.emplace_back(kEveryone);
  if (actor.signed_in()) {
    audience.push_back(person_key(actor.account_id));
    if (!actor.home_unit.empty()) audience.push_back(residents_key(actor.home_unit));
    if (!actor.home_village.empty()) audience.push_back(residents_key(actor.home_village));
  }
  return audience;
}

bool for_audience(const std::vector<std::string>& keys, const std::vector<std::string>& audience) {
  for (const auto& k : keys)
    for (const auto& a : audience)
      if (k == a) return true;
  return false;
}

}  // namespace

void add_live_routes(http::Router& router, web::AppContext& app) {
  web::AppContext* ctx = &app;
  router.get("/events", [ctx](Request& req) {
    auto subscription = std::make_shared<http::EventSubscription>();
    subscription->audience = audience_for(*ctx, req, accounts::current_actor(*ctx->accounts, req));
    // The browser sends Last-Event-ID when it reconnects; a page that was just rendered
    // passes the newest id it knew as ?after=, so nothing between the two is lost.
    // A bad header is dropped (it is the browser's echo of what we sent); a bad ?after= is
    // somebody's typing and is told so.
    auto after = event_id(req.header("Last-Event-ID"));
    std::string after_param = req.query_param("after").value_or("");
    if (!after_param.empty() && !event_id(after_param))
      throw Error(ErrorKind::bad_input, "bad_after",
                  "after must be an event id: a whole number without sign or leading zeros");
    if (!after && !after_param.empty()) after = event_id(after_param);
    std::string body = "retry: 3000\n\n";
    ctx->db.read([&](db::Connection& c) {
      int64_t newest = last_event_id(c);
      int64_t from = after ? std::min(*after, newest) : newest;
      for (const auto& e : events_after(c, from, kReplayLimit)) {
        if (for_audience(e.audience, subscription->audience))
          body += http::sse_frame(static_cast<uint64_t>(e.id), e.kind, e.data);
        from = e.id;
      }
      subscription->after = static_cast<uint64_t>(from);
    });
    req.event_stream = subscription;
    return http::make_response(req, http::Status::ok, std::move(body), "text/event-stream");
  });
}

}  // namespace cds::live

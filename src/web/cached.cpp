#include "web/cached.h"

#include "core/cache.h"
#include "db/connection.h"
#include "http/conditional_get.h"
#include "http/private_responses.h"
#include "http/response.h"
#include "web/pages.h"

namespace cds::web {
namespace {

// Browsers ask again every time (a 304 when nothing changed); nginx or a CDN may keep it 5 s.
constexpr const char* kPublicCaching = "public, max-age=0, s-maxage=5";

// Thrown out of the cache's make step to keep an answer that must not be stored.
struct NotKept {};

http::Response serve(const http::Request& req, const cache::Representation& rep) {
  http::Response res = http::make_response(req, http::Status::ok, rep.body, rep.content_type);
  res.set(http::beast_http::field::etag, rep.etag);
  res.set(http::beast_http::field::cache_control, kPublicCaching);
  res.set(http::beast_http::field::vary, "Accept-Language, Cookie");
  return res;
}

}  // namespace

void needs_worker(const http::Request& req) {
  if (req.on_io_thread) throw http::NeedsWorker{};
}

http::Response cached(const AppContext& app, const http::Request& req, const MakeResponse& make) {
  if (http::identified(req)) {
    needs_worker(req);
    std::vector<std::string> scopes;
    return make(scopes);
  }
  // Everything the answer may depend on besides the data: the address with its query, the
  // language, and the site's own address (absolute links).
  std::string key = std::string(req.raw.target());
  key += '\n';
  key += app.renderer.language(req);
  key += '\n';
  key += site_url(app, req);
  key += '\n';
  key += app.renderer.banner_variant(req);
  cache::Representations& cache = *app.representations;
  if (auto hit = cache.find(key)) return serve(req, *hit);
  needs_worker(req);
  std::optional<http::Response> unkept;
  try {
    auto rep = cache.get(key, [&](cache::Representation& r) {
      // From the primary: a standby that has not replayed a change yet would keep the old
      // answer here after the change was announced, until the next change.
      db::ReadScope primary(db::ReadFrom::primary);
      http::Response res = make(r.scopes);
      if (res.result() != http::beast_http::status::ok) {
        unkept.emplace(std::move(res));
        throw NotKept{};
      }
      r.content_type = std::string(res[http::beast_http::field::content_type]);
      // A page shows the warnings in force: it is made again when they change.
      if (r.content_type.starts_with("text/html") && !app.renderer.banner_scope().empty())
        r.scopes.push_back(app.renderer.banner_scope());
      r.body = std::move(res.body());
      r.etag = http::weak_etag(r.body);
    });
    return serve(req, *rep);
  } catch (const NotKept&) {
    return std::move(*unkept);
  }
}

}  // namespace cds::web

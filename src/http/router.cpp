#include "http/router.h"

#include <algorithm>
#include <stdexcept>

#include "core/text.h"

namespace cds::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.starts_with('/')) path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

// {x:int} matches only the one written form of a number (text::parse_int): "/7" does,
// "/007", "/+7" and a number past int64_t do not, so they find no route (404) and one
// resource has one URL.
bool whole_number(std::string_view s) { return text::parse_int(s).has_value(); }

bool matches(const Route& route, const std::vector<std::string_view>& parts,
             std::vector<std::pair<std::string, std::string>>& params) {
  params.clear();
  const auto& segs = route.segments;
  for (size_t i = 0; i < segs.size(); ++i) {
    const auto& seg = segs[i];
    if (seg.kind == Route::Segment::rest) {
      if (i >= parts.size()) return false;
      std::string rest;
      for (size_t j = i; j < parts.size(); ++j) {
        if (j > i) rest.push_back('/');
        rest.append(parts[j]);
      }
      if (rest.empty()) return false;
      params.emplace_back(seg.text, std::move(rest));
      return true;
    }
    if (i >= parts.size()) return false;
    std::string_view part = parts[i];
    switch (seg.kind) {
      case Route::Segment::literal:
        if (part != seg.text) return false;
        break;
      case Route::Segment::string:
        if (part.empty()) return false;
        params.emplace_back(seg.text, std::string(part));
        break;
      case Route::Segment::integer:
        if (!whole_number(part)) return false;
        params.emplace_back(seg.text, std::string(part));
        break;
      case Route::Segment::rest:
        break;
    }
  }
  return parts.size() == segs.size();
}

}  // namespace

void Router::add(Verb method, std::string pattern, Handler handler, RouteOptions options) {
  if (!pattern.starts_with('/')) throw std::invalid_argument("route must start with /: " + pattern);
  Route route{method, pattern, std::move(handler), options, routes_.size(), {}};
  auto parts = split_path(pattern);
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string_view p = parts[i];
    if (p.starts_with('{') && p.ends_with('}')) {
      std::string_view inner = p.substr(1, p.size() - 2);
      auto colon = inner.find(':');
      std::string name(inner.substr(0, colon));
      std::string_view type = colon == std::string_view::npos ? "" : inner.substr(colon + 1);
      if (name.empty()) throw std::invalid_argument("unnamed parameter in " + pattern);
      if (type.empty()) {
        route.segments.push_back({Route::Segment::string, name});
      } else if (type == "int") {
        route.segments.push_back({Route::Segment::integer, name});
      } else if (type == "*") {
        if (i + 1 != parts.size()) throw std::invalid_argument("{x:*} must be last in " + pattern);
        route.segments.push_back({Route::Segment::rest, name});
      } else {
        throw std::invalid_argument("unknown parameter type in " + pattern);
      }
    } else {
      route.segments.push_back({Route::Segment::literal, std::string(p)});
    }
  }
  for (const auto& r : routes_)
    if (r.method == method && r.pattern == route.pattern)
      throw std::invalid_argument("duplicate route " + pattern);
  routes_.push_back(std::move(route));
}

namespace {
int rank(Route::Segment::Kind k) {
  switch (k) {
    case Route::Segment::literal:
      return 0;
    case Route::Segment::integer:
      return 1;
    case Route::Segment::string:
      return 2;
    case Route::Segment::rest:
      return 3;
  }
  return 3;
}
bool more_specific(const Route& a, const Route& b) {
  for (size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    int ra = rank(a.segments[i].kind), rb = rank(b.segments[i].kind);
    if (ra != rb) return ra < rb;
  }
  return a.segments.size() > b.segments.size();
}
}  // namespace

Router::Match Router::match(Verb method, std::string_view path) const {
  Match m;
  auto parts = split_path(path);
  Verb wanted = method == Verb::head ? Verb::get : method;
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& route : routes_) {
    if (!matches(route, parts, params)) continue;
    m.path_known = true;
    if (std::find(m.allowed.begin(), m.allowed.end(), route.method) == m.allowed.end())
      m.allowed.push_back(route.method);
    // The most specific route wins, whatever the order they were added in: segment by segment
    // from the left, a literal beats {x:int}, which beats {x}, which beats {x:*}.
    if (route.method == wanted && (m.route == nullptr || more_specific(route, *m.route))) {
      m.route = &route;
      m.params = params;
    }
  }
  return m;
}

}  // namespace cds::http

// JSON request bodies on any bytes, as the API reads them: http::json_body (the input rule on
// every string, keys included), then the readers of the modules' JSON doors (feedback's report
// and officer action, alerts' draft and answer, news' article and its PATCH, the typed
// readers). Nothing may crash; only cds::Error bad_input leaves them (the server's 400); every
// string read is valid NFC UTF-8 that the input rule accepts as it is; a body read once reads
// back the same when written again; alerts' coordinates are finite.
#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "alerts/cap.h"
#include "alerts/forms.h"
#include "core/error.h"
#include "core/text.h"
#include "feedback/forms.h"
#include "fuzz.h"
#include "http/body.h"
#include "news/forms.h"

namespace http = cds::http;
namespace text = cds::text;
namespace json = boost::json;
using cds::fuzz::accepted_as_is;

namespace {

// The same strings, keys and shape; numbers only as numbers (Boost.JSON 1.81 may read a written
// double back one bit off, and that is not what this target is about).
bool same(const json::value& a, const json::value& b) {
  if (a.is_number() || b.is_number()) return a.is_number() && b.is_number();
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto &x = a.get_array(), &y = b.get_array();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!same(x[i], y[i])) return false;
    return true;
  }
  if (a.is_object()) {
    const auto &x = a.get_object(), &y = b.get_object();
    if (x.size() != y.size()) return false;
    for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j)
      if (i->key() != j->key() || !same(i->value(), j->value())) return false;
    return true;
  }
  return a == b;
}

void check_strings(const json::value& v) {
  if (v.is_string()) {
    CHECK(accepted_as_is(v.get_string()));
  } else if (v.is_array()) {
    for (const auto& child : v.get_array()) check_strings(child);
  } else if (v.is_object()) {
    for (const auto& [key, child] : v.get_object()) {
      CHECK(accepted_as_is(key));
      check_strings(child);
    }
  }
}

http::Request json_request(std::string body) {
  http::Request req;
  req.raw.method(http::Verb::post);
  req.raw.target("/api/v1/reports");
  req.raw.set("Content-Type", "application/json; charset=utf-8");
  req.raw.body() = std::move(body);
  return req;
}

// Only bad input may leave f: the server answers it 400. Anything else escapes the target.
template <typename F>
void bad_input_only(F&& f) {
  try {
    f();
  } catch (const cds::Error& e) {
    CHECK(e.kind == cds::ErrorKind::bad_input);
  }
}

void check_feedback(const json::object& body) {
  bad_input_only([&] {
    auto n = cds::feedback::forms::report_from_json(body);
    for (const auto* s : {&n.category_code, &n.description, &n.unit_code, &n.address_text})
      CHECK(accepted_as_is(*s));
    for (const auto& [code, value] : n.attributes)
      CHECK(accepted_as_is(code) && accepted_as_is(value));
  });
  bad_input_only([&] {
    auto a = cds::feedback::forms::action_from_json(body);
    for (const auto* s : {&a.kind, &a.text, &a.suggested_agency, &a.duplicate_of, &a.unit_code})
      CHECK(accepted_as_is(*s));
  });
}

void check_alerts(const json::object& body) {
  bad_input_only([&] {
    auto d = cds::alerts::draft_from_json(body, "Vùng vẽ trên bản đồ");
    for (const auto* s : {&d.status, &d.event, &d.urgency, &d.severity, &d.certainty, &d.effective,
                          &d.onset, &d.expires, &d.area_desc})
      CHECK(accepted_as_is(*s));
    for (const auto& t : d.texts)
      CHECK(accepted_as_is(t.headline) && accepted_as_is(t.description) &&
            accepted_as_is(t.instruction));
    for (const auto* list : {&d.categories, &d.response_types, &d.unit_codes})
      for (const auto& s : *list) CHECK(accepted_as_is(s));
    CHECK(d.polygon.size() <= cds::alerts::kMaxPolygonPoints);
    for (const auto& p : d.polygon) CHECK(std::isfinite(p.lat) && std::isfinite(p.lon));
    if (d.circle)
      CHECK(std::isfinite(d.circle->centre.lat) && std::isfinite(d.circle->centre.lon) &&
            std::isfinite(d.circle->radius_km));
  });
  bad_input_only([&] {
    auto a = cds::alerts::answer_from_json(body);
    CHECK(accepted_as_is(a.answer) && accepted_as_is(a.note));
    if (a.lat) CHECK(std::isfinite(*a.lat));
    if (a.lon) CHECK(std::isfinite(*a.lon));
  });
}

void check_news(const json::object& body) {
  auto check = [](const cds::news::ArticleInput& in) {
    CHECK(accepted_as_is(in.title) && accepted_as_is(in.summary) && accepted_as_is(in.body));
    CHECK(accepted_as_is(in.publish_at));
    for (const auto& u : in.unit_codes) CHECK(accepted_as_is(u));
    if (in.cover_alt) CHECK(accepted_as_is(*in.cover_alt));
  };
  bad_input_only([&] { check(cds::news::article_from_json(body)); });
  cds::news::Article current;
  current.title = "Lịch tiêm chủng tháng 12";
  current.summary = "Trạm y tế xã";
  current.body_md = "Tiêm **sởi** cho trẻ";
  current.unit_codes = {"04252"};
  bad_input_only([&] { check(cds::news::article_patch_from_json(current, body)); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  json::object body;
  try {
    body = http::json_body(json_request(in));
  } catch (const cds::Error& e) {
    CHECK(e.kind == cds::ErrorKind::bad_input);
    return 0;
  }
  check_strings(body);
  // What was read, written again, reads the same: the input rule and NFC are settled.
  CHECK(same(http::json_body(json_request(json::serialize(body))), body));
  for (const char* key : {"phone", "password", "full_name", "unit_code", "reason", "comment"})
    bad_input_only([&] {
      if (auto s = http::json_string(body, key)) CHECK(accepted_as_is(*s));
    });
  bad_input_only([&] { http::json_bool(body, "accept_terms"); });
  bad_input_only([&] { http::json_int(body, "version"); });
  check_feedback(body);
  check_alerts(body);
  check_news(body);
  return 0;
}

#include "news/forms.h"

#include <boost/json.hpp>
#include <optional>

#include "core/error.h"
#include "core/time.h"
#include "news/workflow.h"

namespace cds::news {

namespace {

std::vector<std::string> unit_list(const boost::json::value& v) {
  std::vector<std::string> out;
  if (!v.is_array())
    throw Error(ErrorKind::bad_input, "bad_field", "units is a list of unit codes");
  for (const auto& u : v.as_array()) {
    if (!u.is_string())
      throw Error(ErrorKind::bad_input, "bad_field", "units is a list of unit codes");
    out.emplace_back(u.as_string());
  }
  return out;
}

// The "state" an API client asks for: published or draft (the others are reached by their own
// actions); none keeps `otherwise`.
bool publishes(const std::optional<std::string>& state, bool otherwise) {
  if (!state) return otherwise;
  auto s = find_state(*state);
  if (s != State::published && s != State::draft)
    throw Error(ErrorKind::bad_input, "bad_field", "state is published or draft");
  return s == State::published;
}

}  // namespace

ArticleInput article_from_json(const boost::json::object& body) {
  ArticleInput in;
  in.title = http::json_string(body, "title").value_or("");
  in.summary = http::json_string(body, "summary").value_or("");
  in.body = http::json_string(body, "body").value_or("");
  in.publish_at = http::json_string(body, "publish_at").value_or("");
  in.publish = publishes(http::json_string(body, "state"), false);
  if (auto it = body.find("units"); it != body.end()) in.unit_codes = unit_list(it->value());
  in.cover_alt = http::json_string(body, "cover_alt");
  return in;
}

ArticleInput article_patch_from_json(const Article& current, const boost::json::object& body) {
  ArticleInput in;
  in.title = http::json_string(body, "title").value_or(current.title);
  in.summary = http::json_string(body, "summary").value_or(current.summary);
  in.body = http::json_string(body, "body").value_or(current.body_md);
  in.publish_at = http::json_string(body, "publish_at").value_or("");
  in.publish = publishes(http::json_string(body, "state"), current.state == State::published);
  in.unit_codes = current.unit_codes;
  if (auto it = body.find("units"); it != body.end()) in.unit_codes = unit_list(it->value());
  if (auto it = body.find("cover"); it != body.end()) {
    if (!it->value().is_null())
      throw Error(ErrorKind::bad_input, "bad_field",
                  "cover may only be null here; a new cover comes through the form");
    in.remove_cover = true;
  }
  in.cover_alt = http::json_string(body, "cover_alt");
  return in;
}

ArticleInput article_from_form(const http::Form& form) {
  ArticleInput in;
  in.title = form.get("title");
  in.summary = form.get("summary");
  in.body = form.get("body");
  in.publish_at = form.get("publish_at");
  in.publish = form.get("then") == "publish";
  in.unit_codes = form.all("units");
  in.remove_cover = !form.get("remove_cover").empty();
  in.cover_alt = form.get("cover_alt");
  return in;
}

http::Form article_as_form(const Article& a) {
  http::Form form;
  form.fields.emplace_back("title", a.title);
  form.fields.emplace_back("summary", a.summary);
  form.fields.emplace_back("body", a.body_md);
  form.fields.emplace_back("cover_alt", a.cover_alt);
  if (auto t = timeutil::parse_w3c(a.publish_at))
    form.fields.emplace_back("publish_at", timeutil::w3c_vietnam(*t).substr(0, 16));
  for (const auto& u : a.unit_codes) form.fields.emplace_back("units", u);
  return form;
}

}  // namespace cds::news

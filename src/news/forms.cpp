#include "news/forms.h"

#include <boost/json.hpp>

#include "core/error.h"

namespace cds::news {

ArticleInput article_from_json(const boost::json::object& body) {
  ArticleInput in;
  in.title = http::json_string(body, "title").value_or("");
  in.summary = http::json_string(body, "summary").value_or("");
  in.body = http::json_string(body, "body").value_or("");
  in.publish_at = http::json_string(body, "publish_at").value_or("");
  in.publish = http::json_string(body, "state").value_or("draft") == "published";
  if (auto it = body.find("units"); it != body.end()) {
    if (!it->value().is_array())
      throw Error(ErrorKind::bad_input, "bad_field", "units is a list of unit codes");
    for (const auto& u : it->value().as_array()) {
      if (!u.is_string())
        throw Error(ErrorKind::bad_input, "bad_field", "units is a list of unit codes");
      in.unit_codes.emplace_back(u.as_string());
    }
  }
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
  return in;
}

}  // namespace cds::news

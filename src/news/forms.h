// An article as an officer gives it, read once for the JSON API and the page's form.
#pragma once

#include <boost/json/object.hpp>

#include "http/body.h"
#include "news/service.h"

namespace cds::news {

ArticleInput article_from_json(const boost::json::object& body);
// PATCH: the fields the body gives replace the article's, the others stay; "state" may be
// "published" (a draft goes out) or the state it has; "cover": null takes the cover away.
ArticleInput article_patch_from_json(const Article& current, const boost::json::object& body);
// The form (multipart for the cover photo; its fields read like any form): units as checkboxes,
// "then" = publish | save, "remove_cover" ticked to take the cover away.
ArticleInput article_from_form(const http::Form& form);
// The article as the form shows it for an edit (publish_at in Vietnam time, as the form
// gives it back).
http::Form article_as_form(const Article& a);

}  // namespace cds::news

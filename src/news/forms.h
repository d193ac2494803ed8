// An article as an officer gives it, read once for the JSON API and the page's form.
#pragma once

#include <boost/json/object.hpp>

#include "http/body.h"
#include "news/service.h"

namespace cds::news {

ArticleInput article_from_json(const boost::json::object& body);
// The form (multipart for the cover photo; its fields read like any form): units as checkboxes,
// "then" = publish | save.
ArticleInput article_from_form(const http::Form& form);

}  // namespace cds::news

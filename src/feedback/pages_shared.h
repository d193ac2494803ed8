// What the files of the report pages share (pages.cpp, pages_public.cpp, pages_work.cpp,
// pages_settings.cpp): page rendering, the views of a report and a category, photos from a
// form, the upload options. Private to the module.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/authz.h"
#include "accounts/http_auth.h"
#include "accounts/service.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "feedback/presenters.h"
#include "feedback/service.h"
#include "feedback/workflow.h"
#include "http/body.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "media/images.h"
#include "web/cached.h"
#include "web/context.h"
#include "web/csrf.h"
#include "web/pages.h"

namespace cds::feedback {

namespace json = boost::json;
using http::Request;
using http::Response;
using http::Status;
using web::display_day;
using web::display_time;

namespace pages {

http::Response page(const web::AppContext& app, const http::Request& req, std::string_view name,
                    std::string_view title_key, boost::json::object data,
                    http::Status status = http::Status::ok);
std::string message_for(const web::AppContext& app, const http::Request& req, const Error& e);
// Photos from the form's file parts: each checked by content and re-encoded. Any refusal
// stops everything before a report exists.
std::vector<media::ProcessedImage> photos_from(const http::Request& req, const std::string& field);
boost::json::object category_view(const Category& k, const std::string& lang);
boost::json::array communes(const web::AppContext& app, const std::string& selected);
// Photo uploads: decoded on the media pool, admitted on the headers alone.
http::RouteOptions photo_upload(web::AppContext& app);

}  // namespace pages

void add_public_report_pages(http::Router& router, web::AppContext& app, Services& service);
void add_photo_pages(http::Router& router, web::AppContext& app, Services& service);
void add_filing_pages(http::Router& router, web::AppContext& app, Services& service);
void add_handling_pages(http::Router& router, web::AppContext& app, Services& service);
void add_console_pages(http::Router& router, web::AppContext& app, Services& service);
void add_settings_pages(http::Router& router, web::AppContext& app, Services& service);
void add_more_settings_pages(http::Router& router, web::AppContext& app, Services& service);

}  // namespace cds::feedback

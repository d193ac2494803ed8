// The citizens' and officers' pages for field reports. They work without JavaScript: choosing
// a category is a link, the place is a commune and an address, photos are a plain file input.
#include "web/pages.h"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "accounts/authz.h"
#include "accounts/http_auth.h"
#include "accounts/service.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "feedback/pages_shared.h"
#include "feedback/permissions.h"
#include "feedback/routes.h"
#include "feedback/service.h"
#include "feedback/workflow.h"
#include "http/body.h"
#include "http/multipart.h"
#include "http/response.h"
#include "media/images.h"
#include "units/choices.h"
#include "units/service.h"
#include "web/csrf.h"

namespace cds::feedback {
namespace json = boost::json;
using http::Request;
using http::Response;
using http::Status;

namespace pages {

Response page(const web::AppContext& app, const Request& req, std::string_view name,
              std::string_view title_key, json::object data, Status status) {
  return web::form_page(app, req, name, title_key, std::move(data), status);
}

std::string message_for(const web::AppContext& app, const Request& req, const Error& e) {
  return web::error_message(app, req, e);
}

// Photos from the form's file parts: each checked by content and re-encoded. Any refusal
// stops everything before a report exists.
std::vector<media::ProcessedImage> photos_from(const Request& req, const std::string& field) {
  std::vector<media::ProcessedImage> out;
  if (!req.form) return out;
  auto files = req.form->files(field);
  size_t given = 0;
  for (const auto* f : files)
    if (f->size > 0) ++given;
  if (given > kMaxPhotos) throw Error(ErrorKind::bad_input, "too_many_photos", "At most 5 photos");
  for (const auto* f : files) {
    if (f->size == 0) continue;  // an empty file input
    out.push_back(media::accept(f->read_all()));
  }
  return out;
}

json::object category_view(const Category& k, const std::string& lang) {
  bool en = lang == "en";
  return json::object{{"code", k.code},
                      {"name", en ? k.name_en : k.name_vi},
                      {"group", en ? k.group_en : k.group_vi},
                      {"description", en ? k.description_en : k.description_vi},
                      {"deadline_days", k.deadline_days}};
}

json::array communes(const web::AppContext& app, const std::string& selected) {
  return units::commune_choices(app.units, app.province_code, selected);
}

// Photo uploads: decoded on the media pool, and only for those admitted on the headers alone.
http::RouteOptions photo_upload(web::AppContext& app) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  http::RouteOptions upload;
  upload.multipart = true;
  upload.exec = http::Exec::media;
  upload.body_limit = 52 * 1024 * 1024;  // five photos of 10 MB and the fields
  upload.multipart_limits.max_parts = 40;
  upload.multipart_limits.max_file_bytes = 10 * 1024 * 1024;
  upload.admit = accounts::upload_admission(
      accounts, *ctx->csrf, *ctx->upload_budget,
      [service = &accounts](const accounts::Actor& actor, Request&) {
        accounts::require(actor, actions::file_report, {}, service->unit_parent());
      });
  return upload;
}

}  // namespace pages

void add_report_pages(http::Router& router, web::AppContext& app, Services& service) {
  add_public_report_pages(router, app, service);
  add_photo_pages(router, app, service);
  add_filing_pages(router, app, service);
  add_handling_pages(router, app, service);
  add_console_pages(router, app, service);
  add_settings_pages(router, app, service);
  add_more_settings_pages(router, app, service);
}

}  // namespace cds::feedback

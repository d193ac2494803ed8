// What the administration's pages share (admin_pages.cpp, admin_roles.cpp,
// admin_agencies.cpp, admin_lists.cpp). Private to the module.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "accounts/authz.h"
#include "accounts/service.h"
#include "http/request.h"
#include "http/response.h"
#include "units/picker.h"
#include "web/context.h"

namespace cds::accounts {

// Renders an administration page: the links to the sections this actor may open (the
// current one marked), then the template. Answers 403 when the actor may open none.
http::Response admin_page(web::AppContext& app, const http::Request& req, const Actor& actor,
                          std::string_view name, std::string_view title_key,
                          boost::json::object data, http::Status status = http::Status::ok);
// "Xã Bảo Hà, Tỉnh Lào Cai" for a 2025 code; the code itself when unknown; "—" for none.
std::string unit_label(const web::AppContext& app, const std::string& code);
// The units whose officers and agencies this actor administers (the unit picker's rule).
units::UnitAllowed administered_units(AccountService& svc, const Actor& actor);
// A person's profile for the page: facts with their labels, roles and scopes.
boost::json::object person_view(const web::AppContext& app, const Account& a,
                                const std::string& lang);
// A phone as people write it ("0912 345 678"), or the text unchanged.
std::string national_phone(const std::string& phone);
// A confirmation page for a destructive action: heading, subject, consequence and the button
// from the catalogue under `prefix`; the form posts to this same address. `reason` asks for a
// reason (field "reason"), kept in the audit log.
http::Response confirmation_page(web::AppContext& app, const http::Request& req,
                                 const std::string& prefix, std::string subject,
                                 const std::string& back, bool reason = false,
                                 const std::string& error = "");

void add_admin_front_pages(http::Router& router, web::AppContext& app);
void add_admin_role_pages(http::Router& router, web::AppContext& app);
void add_admin_agency_pages(http::Router& router, web::AppContext& app);
void add_admin_list_pages(http::Router& router, web::AppContext& app);
// The audit log and the VNeID lists received (admin_audit.cpp).
void add_audit_and_import_pages(http::Router& router, web::AppContext& app);

}  // namespace cds::accounts

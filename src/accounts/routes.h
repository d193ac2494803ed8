// HTTP for accounts: the JSON API (/api/v1/auth, /api/v1/me, /api/v1/people, /api/v1/admin,
// /api/v1/dev/outbox) and the HTML pages (sign-up, sign-in, password reset, profile,
// administration, the development outbox).
#pragma once

#include <boost/json/object.hpp>

#include "accounts/model.h"
#include "http/router.h"
#include "web/context.h"
#include "web/templates.h"

namespace cds::accounts {
struct AccountService;

void add_account_api_routes(http::Router& router, web::AppContext& app);
void add_account_pages(http::Router& router, web::AppContext& app);
// One's in-app notifications: GET /api/v1/me/notifications and the page /thong-bao.
void add_notice_routes(http::Router& router, web::AppContext& app);

// "Dữ liệu của tôi" (/tai-khoan/du-lieu): the download's content as a page, in words.
void add_data_page(http::Router& router, web::AppContext& app);
// Confirmation pages for destructive administration actions (revoke a key, erase a person).
void add_confirmation_pages(http::Router& router, web::AppContext& app);
// The officers' landing page (/can-bo, /api/v1/me/workspace) from the modules' tiles.
void add_workspace_routes(http::Router& router, web::AppContext& app);

// The home page's section for a visitor: what an account is for, "Đăng nhập" and "Đăng ký".
web::HomeSectionSource visitor_home_section(web::AppContext& app);
// The profile as JSON; the CCCD in full only for its owner and authorised officers, which is
// everyone this function is called for.
boost::json::object profile_json(const Account& a, const web::AppContext& app);

}  // namespace cds::accounts

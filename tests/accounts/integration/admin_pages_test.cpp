// The administration as pages: who may open which page (a citizen, an officer or an
// administrator of another commune may not), granting a role with the unit picker (with and
// without JavaScript's help), revoking it through the confirmation page with a reason,
// agencies taken out of service, API keys' last use, lists with filters, pages and CSV.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "accounts_helpers.h"

using namespace cds::test;
namespace json = boost::json;

namespace {
const std::string kUnitA = "04750";  // Xã Bảo Ái: no other test file works there
const std::string kUnitB = "02989";  // Xã Bảo Hà

bool has(const HttpResult& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

int64_t create_agency(const User& admin, const std::string& name, const std::string& unit) {
  auto r = post_json("/api/v1/admin/agencies",
                     R"({"name":")" + name + R"(","unit_code":")" + unit + R"("})", admin.auth());
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json().at("id").as_int64() : 0;
}

// The roles the API lists for this account, as "role unit".
std::vector<std::string> roles_of(const User& admin, int64_t account) {
  std::vector<std::string> out;
  auto r = get("/api/v1/admin/roles", admin.auth());
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return out;
  json::value doc = r.json();
  for (const auto& h : doc.at("roles").as_array())
    if (h.at("account_id").as_int64() == account)
      out.push_back(std::string(h.at("role").as_string()) + " " +
                    std::string(h.at("unit_code").as_string()));
  return out;
}

struct Cast {
  User citizen, officer_b, admin_b, admin_a, province, officer_a, resident_a;
  int64_t agency_a = 0;
  std::string import_a;
};

Cast make_cast(const std::string& net) {
  Cast c;
  c.citizen = sign_up("Dân Bảo Ái", kUnitA, net + ".1");
  c.officer_b = sign_up("Cán Bộ Bảo Hà", kUnitB, net + ".2");
  give_role(c.officer_b, "officer", kUnitB);
  c.admin_b = sign_up("Quản Trị Bảo Hà", kUnitB, net + ".3");
  give_role(c.admin_b, "unit_admin", kUnitB);
  c.admin_a = sign_up("Quản Trị Bảo Ái", kUnitA, net + ".4");
  give_role(c.admin_a, "unit_admin", kUnitA);
  c.province = sign_up("Quản Trị Tỉnh Bảo", kUnitA, net + ".5");
  give_role(c.province, "province_admin", "15");
  c.officer_a = sign_up("Cán Bộ Bảo Ái", kUnitA, net + ".6");
  give_role(c.officer_a, "officer", kUnitA);
  c.resident_a = sign_up("Người Ở Bảo Ái", kUnitA, net + ".7");
  c.agency_a = create_agency(c.admin_a, "Ban địa chính Bảo Ái", kUnitA);
  return c;
}
}  // namespace

TEST(AdminPages, EveryPageAnswersOnlyThoseWhoseUnitsItConcerns) {
  Cast c = make_cast("10.12.1");
  // A VNeID list sent by commune A's administrator, to find in their history.
  std::string boundary = "----cds-admin-test";
  auto upload_page = get("/quan-tri/nhap-vneid", c.admin_a.auth());
  ASSERT_EQ(upload_page.status, 200);
  EXPECT_TRUE(has(upload_page, "Chưa nhập danh sách nào"));  // the empty state says what to do
  std::string csrf = cookie_from(upload_page, "csrf");
  auto sent = request("POST", "/quan-tri/nhap-vneid?_csrf=" + csrf.substr(5),
                      multipart_body(boundary, {{"_csrf", "", "", csrf.substr(5)},
                                                {"file", "ds.csv", "text/csv",
                                                 "phone,vneid_level\n0399000001,level1\n"}}),
                      {{"Cookie", c.admin_a.cookie + "; " + csrf},
                       {"Sec-Fetch-Site", "same-origin"},
                       {"Content-Type", "multipart/form-data; boundary=" + boundary}});
  ASSERT_EQ(sent.status, 303) << sent.body;
  std::string import_path = sent.header("location");
  ASSERT_EQ(import_path.rfind("/quan-tri/nhap-vneid/", 0), 0u) << import_path;
  auto key = post_json("/api/v1/admin/api-keys", R"({"name":"Cổng thử"})", c.province.auth());
  ASSERT_EQ(key.status, 201);
  std::string key_id = std::to_string(key.json().at("id").as_int64());
  std::string agency = std::to_string(c.agency_a);
  std::string revoke = "/quan-tri/vai-tro/" + std::to_string(c.officer_a.id) + "/officer/thu-hoi";

  // Expected status for: citizen, officer of B, admin of B, admin of A, province admin.
  struct Row {
    std::string path;
    std::vector<int> want;
  };
  const std::vector<Row> matrix = {
      {"/quan-tri", {403, 200, 200, 200, 200}},
      {"/quan-tri/nguoi-dan", {403, 200, 200, 200, 200}},
      {"/quan-tri/cong-dan/" + std::to_string(c.resident_a.id), {403, 404, 404, 200, 200}},
      {"/quan-tri/vai-tro", {403, 403, 200, 200, 200}},
      {revoke, {403, 403, 404, 200, 200}},
      {"/quan-tri/co-quan", {403, 403, 200, 200, 200}},
      {"/quan-tri/co-quan/" + agency, {403, 403, 404, 200, 200}},
      {"/quan-tri/co-quan/" + agency + "/ngung", {403, 403, 404, 200, 200}},
      {"/quan-tri/nhap-vneid", {403, 200, 200, 200, 200}},
      {import_path, {403, 404, 404, 200, 200}},
      {"/quan-tri/khoa-api", {403, 403, 403, 403, 200}},
      {"/quan-tri/khoa-api/" + key_id + "/thu-hoi", {403, 403, 403, 403, 200}},
      {"/quan-tri/yeu-cau-xoa", {403, 403, 403, 403, 200}},
      {"/quan-tri/nhat-ky", {403, 403, 403, 403, 200}},
      {"/quan-tri/nhat-ky?dinh-dang=csv", {403, 403, 403, 403, 200}},
      {"/quan-tri/vai-tro?dinh-dang=csv", {403, 403, 200, 200, 200}},
      {"/quan-tri/co-quan?dinh-dang=csv", {403, 403, 200, 200, 200}},
      {"/quan-tri/phan-anh", {403, 403, 403, 403, 200}},
      {"/api/v1/me/units?q=bao", {403, 403, 200, 200, 200}},
  };
  const std::vector<const User*> who = {&c.citizen, &c.officer_b, &c.admin_b, &c.admin_a,
                                        &c.province};
  for (const auto& row : matrix) {
    EXPECT_EQ(get(row.path).status == 401 || get(row.path).status == 303, true) << row.path;
    for (size_t i = 0; i < who.size(); ++i)
      EXPECT_EQ(get(row.path, who[i]->auth()).status, row.want[i])
          << row.path << " as " << who[i]->name;
  }
  // What B's administrator may open shows nothing of A.
  EXPECT_FALSE(has(get("/quan-tri/vai-tro", c.admin_b.auth()), c.officer_a.name));
  EXPECT_TRUE(has(get("/quan-tri/vai-tro", c.admin_a.auth()), c.officer_a.name));
  EXPECT_FALSE(has(get("/quan-tri/co-quan", c.admin_b.auth()), "Ban địa chính Bảo Ái"));
  EXPECT_FALSE(has(get("/quan-tri/nhap-vneid", c.admin_b.auth()), import_path));
  EXPECT_TRUE(has(get("/quan-tri/nhap-vneid", c.province.auth()), import_path));
  auto units_b = get("/api/v1/me/units?q=bao", c.admin_b.auth());
  EXPECT_TRUE(has(units_b, kUnitB));
  EXPECT_FALSE(has(units_b, kUnitA));
  // Nor can B's administrator change A's things by posting.
  EXPECT_EQ(submit_form(c.admin_b, "/quan-tri/vai-tro", revoke, "reason=x").status, 404);
  EXPECT_EQ(
      submit_form(c.admin_b, "/quan-tri/vai-tro", "/quan-tri/co-quan/" + agency + "/ngung", "")
          .status,
      404);
  auto grant = submit_form(c.admin_b, "/quan-tri/vai-tro", "/quan-tri/vai-tro",
                           "phone=" + c.citizen.phone + "&role=officer&unit_code=" + kUnitA);
  EXPECT_EQ(grant.status, 422);  // A is not among B's units: the picker offers nothing there
  EXPECT_TRUE(roles_of(c.province, c.citizen.id).empty());
  EXPECT_EQ(roles_of(c.admin_a, c.officer_a.id), std::vector<std::string>{"officer " + kUnitA});
}

TEST(AdminPages, ARoleIsGrantedWithTheUnitPickerAndRevokedWithAReason) {
  Cast c = make_cast("10.12.2");
  User person = sign_up("Lò Văn Giao", kUnitA, "10.12.2.20");
  // Typed without tone marks, the one unit of A's administrator that matches is chosen.
  auto granted =
      submit_form(c.admin_a, "/quan-tri/vai-tro", "/quan-tri/vai-tro",
                  "phone=" + person.phone + "&role=officer&unit_code=&unit_code_q=bao+ai");
  ASSERT_EQ(granted.status, 303) << granted.body;
  EXPECT_EQ(roles_of(c.admin_a, person.id), std::vector<std::string>{"officer " + kUnitA});

  // For the province's administrator "bao" names several communes: the form comes back with
  // them to choose from, what was typed kept, and nothing granted.
  User second = sign_up("Lò Thị Chọn", kUnitA, "10.12.2.21");
  auto choose = submit_form(c.province, "/quan-tri/vai-tro", "/quan-tri/vai-tro",
                            "phone=" + second.phone + "&role=officer&unit_code=&unit_code_q=bao");
  EXPECT_EQ(choose.status, 422);
  EXPECT_TRUE(has(choose, "type=\"radio\" name=\"unit_code\" value=\"" + kUnitA + "\""));
  EXPECT_TRUE(has(choose, "type=\"radio\" name=\"unit_code\" value=\"" + kUnitB + "\""));
  EXPECT_TRUE(has(choose, "value=\"" + second.phone + "\""));
  EXPECT_TRUE(roles_of(c.province, second.id).empty());
  ASSERT_EQ(submit_form(
                c.province, "/quan-tri/vai-tro", "/quan-tri/vai-tro",
                "phone=" + second.phone + "&role=officer&unit_code=" + kUnitB + "&unit_code_q=bao")
                .status,
            303);
  EXPECT_EQ(roles_of(c.province, second.id), std::vector<std::string>{"officer " + kUnitB});
  // An officer needs a unit.
  EXPECT_EQ(submit_form(c.province, "/quan-tri/vai-tro", "/quan-tri/vai-tro",
                        "phone=" + c.citizen.phone + "&role=officer&unit_code=&unit_code_q=")
                .status,
            422);

  // The list: filters in the URL, CSV of the same rows.
  auto by_unit = get("/quan-tri/vai-tro?unit=" + kUnitA + "&role=officer", c.province.auth());
  EXPECT_TRUE(has(by_unit, "Lò Văn Giao"));
  EXPECT_FALSE(has(by_unit, "Lò Thị Chọn"));
  EXPECT_TRUE(has(get("/quan-tri/vai-tro?q=lo+van+giao", c.province.auth()), "Lò Văn Giao"));
  EXPECT_FALSE(has(get("/quan-tri/vai-tro?q=lo+van+giao&role=unit_admin", c.province.auth()),
                   "Lò Văn Giao"));
  auto csv = get("/quan-tri/vai-tro?unit=" + kUnitA + "&dinh-dang=csv", c.province.auth());
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(has(csv, "Lò Văn Giao," + person.phone + ",Cán bộ"));
  EXPECT_FALSE(has(csv, "Lò Thị Chọn"));

  // Revoking: the confirmation page asks for a reason; without one nothing changes.
  std::string revoke = "/quan-tri/vai-tro/" + std::to_string(person.id) + "/officer/thu-hoi";
  auto confirm = get(revoke, c.admin_a.auth());
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(has(confirm, "name=\"reason\""));
  EXPECT_TRUE(has(confirm, "Lò Văn Giao"));
  EXPECT_EQ(submit_form(c.admin_a, revoke, revoke, "reason=").status, 422);
  EXPECT_EQ(roles_of(c.admin_a, person.id).size(), 1u);
  auto revoked = submit_form(c.admin_a, revoke, revoke, "reason=Chuy%E1%BB%83n+c%C3%B4ng+t%C3%A1c");
  ASSERT_EQ(revoked.status, 303);
  EXPECT_TRUE(roles_of(c.admin_a, person.id).empty());
  EXPECT_EQ(get(revoke, c.admin_a.auth()).status, 404);

  // The audit log has both, with the unit and the reason; filters by unit and person; CSV.
  auto log = get("/quan-tri/nhat-ky?action=role.&unit=" + kUnitA + "&person=" + person.phone,
                 c.province.auth());
  ASSERT_EQ(log.status, 200);
  // Actions by their names, people by theirs (with the number the filter takes), never codes.
  EXPECT_TRUE(has(log, "<td data-label=\"Hành động\">Cấp vai trò</td>")) << log.body;
  EXPECT_TRUE(has(log, "<td data-label=\"Hành động\">Thu hồi vai trò</td>"));
  EXPECT_FALSE(has(log, ">role.granted<"));  // as text, only as an option's value
  EXPECT_TRUE(has(log, "Lò Văn Giao (#" + std::to_string(person.id) + ")"));
  EXPECT_TRUE(has(log, c.admin_a.name + " (#" + std::to_string(c.admin_a.id) + ")"));
  EXPECT_FALSE(has(log, "tài khoản #"));
  EXPECT_TRUE(has(log, "reason=Chuyển công tác"));
  // The action filter is a list to choose from, by name.
  auto chosen = get("/quan-tri/nhat-ky?action=role.revoked", c.province.auth());
  EXPECT_TRUE(has(chosen, "<option value=\"role.revoked\" selected>Thu hồi vai trò</option>"));
  EXPECT_TRUE(has(chosen, "<option value=\"alert.approved\">Phê duyệt cảnh báo</option>"));
  EXPECT_FALSE(has(chosen, "<td data-label=\"Hành động\">Cấp vai trò</td>"));
  EXPECT_FALSE(has(get("/quan-tri/nhat-ky?action=role.&unit=" + kUnitB + "&person=" + person.phone,
                       c.province.auth()),
                   "Thu hồi vai trò</td>"));
  auto log_csv = get("/quan-tri/nhat-ky?action=role.revoked&person=" + std::to_string(person.id) +
                         "&dinh-dang=csv",
                     c.province.auth());
  EXPECT_TRUE(has(log_csv, "Thu hồi vai trò"));
  // The English page names them in English.
  auto english =
      get("/quan-tri/nhat-ky?action=role.revoked&person=" + std::to_string(person.id),
          {{"Cookie", c.province.cookie + "; lang=en"}, {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_TRUE(has(english, "Role revoked</td>")) << english.body;
  EXPECT_EQ(get("/quan-tri/nhat-ky?from=28-11-2026", c.province.auth()).status, 400);
}

TEST(AdminPages, AnAgencyOutOfServiceGetsNoNewReports) {
  Cast c = make_cast("10.12.3");
  int64_t agency = create_agency(c.province, "Đội giao thông Bảo Ái", kUnitA);
  ASSERT_EQ(post_json("/api/v1/admin/routing",
                      R"({"category":"roads","unit_code":")" + kUnitA + R"(","agency_id":)" +
                          std::to_string(agency) + "}",
                      c.province.auth())
                .status,
            201);
  auto file = [&] {
    auto r = post_json("/api/v1/reports",
                       R"({"category":"roads","unit_code":")" + kUnitA +
                           R"(","description":"Ổ gà lớn trên đường vào thôn"})",
                       c.citizen.auth());
    EXPECT_EQ(r.status, 201) << r.body;
    json::value doc = r.json();
    return doc.at("agency").is_null() ? int64_t{0} : doc.at("agency").at("id").as_int64();
  };
  EXPECT_EQ(file(), agency);

  // Edited through its page with the picker, then taken out of service after confirming.
  std::string page = "/quan-tri/co-quan/" + std::to_string(agency);
  auto edited = submit_form(c.province, page, page,
                            "name=%C4%90%E1%BB%99i+giao+th%C3%B4ng+x%C3%A3+B%E1%BA%A3o+%C3%81i"
                            "&name_en=&unit_code=" +
                                kUnitA + "&unit_code_q=");
  ASSERT_EQ(edited.status, 303) << edited.body;
  EXPECT_TRUE(has(get("/quan-tri/co-quan?q=doi+giao+thong+xa", c.province.auth()),
                  "Đội giao thông xã Bảo Ái"));
  auto confirm = get(page + "/ngung", c.province.auth());
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(has(confirm, "action=\"" + page + "/ngung\""));
  ASSERT_EQ(submit_form(c.province, page + "/ngung", page + "/ngung", "").status, 303);
  EXPECT_TRUE(has(get("/quan-tri/co-quan?trang-thai=inactive", c.province.auth()),
                  "Đội giao thông xã Bảo Ái"));
  EXPECT_FALSE(has(get("/quan-tri/co-quan?trang-thai=active", c.province.auth()),
                   "Đội giao thông xã Bảo Ái"));
  EXPECT_NE(file(), agency);  // the routing rule no longer sends work there
  // Nor do the forms offer it for routing.
  EXPECT_FALSE(has(get("/quan-tri/phan-anh", c.province.auth()),
                   "<option value=\"" + std::to_string(agency) + "\">"));
  // Back in service, it gets work again.
  ASSERT_EQ(submit_form(c.province, page, page + "/mo-lai", "").status, 303);
  EXPECT_EQ(file(), agency);
  EXPECT_TRUE(has(get("/quan-tri/phan-anh", c.province.auth()),
                  "<option value=\"" + std::to_string(agency) + "\">"));
}

TEST(AdminPages, TheRoutingFormTakesItsUnitFromThePicker) {
  Cast c = make_cast("10.12.5");
  int64_t agency = create_agency(c.province, "Đội thuỷ lợi Bảo", kUnitB);
  std::string rule = "category=water&agency_id=" + std::to_string(agency) + "&unit_code=";
  auto several = submit_form(c.province, "/quan-tri/phan-anh", "/quan-tri/phan-anh/phan-cong",
                             rule + "&unit_code_q=bao");
  EXPECT_EQ(several.status, 422);
  EXPECT_TRUE(has(several, "value=\"" + kUnitB + "\""));
  auto one = submit_form(c.province, "/quan-tri/phan-anh", "/quan-tri/phan-anh/phan-cong",
                         rule + "&unit_code_q=xa+bao+ha");
  EXPECT_EQ(one.status, 303);
  auto settings = get("/quan-tri/phan-anh", c.province.auth());
  // Categories, kinds of answer and rules by their names: no codes on the page.
  EXPECT_TRUE(has(settings, "Nước sạch · Xã Bảo Hà → <strong>Đội thuỷ lợi Bảo")) << settings.body;
  EXPECT_TRUE(has(settings, "Có nguy hiểm đến người không? (Chọn một)"));
  EXPECT_FALSE(has(settings, "(single)"));
  EXPECT_FALSE(has(settings, ">single<"));
  EXPECT_FALSE(has(settings, "<li>* ·"));
}

TEST(AdminPages, ListsKeepTheirFiltersAcrossPagesAndKeysShowTheirLastUse) {
  Cast c = make_cast("10.12.4");
  for (int i = 0; i < 52; ++i)
    create_agency(c.province, "Tổ dân phố số " + std::to_string(100 + i), kUnitB);
  auto first = get("/quan-tri/co-quan?q=to+dan+pho", c.province.auth());
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(has(first, "/ 52"));
  EXPECT_TRUE(has(first, "href=\"/quan-tri/co-quan?q=to%20dan%20pho&amp;trang=2\""));
  auto second = get("/quan-tri/co-quan?q=to+dan+pho&trang=2", c.province.auth());
  EXPECT_TRUE(has(second, "51–52 / 52"));
  auto csv = get("/quan-tri/co-quan?q=to+dan+pho&dinh-dang=csv", c.province.auth());
  size_t lines = 0;
  for (char ch : csv.body) lines += ch == '\n';
  EXPECT_EQ(lines, 53u);  // the header and every row, not one page

  // A deletion request shows against its 72 hours, the most urgent first, and leaves the list
  // of pending ones once carried out.
  ASSERT_EQ(request("POST", "/api/v1/me/delete", "", c.resident_a.auth()).status, 202);
  auto deletions = get("/quan-tri/yeu-cau-xoa", c.province.auth());
  ASSERT_EQ(deletions.status, 200);
  EXPECT_TRUE(has(deletions, "còn 2 ngày 23 giờ") || has(deletions, "còn 3 ngày"));
  auto deletions_csv = get("/quan-tri/yeu-cau-xoa?dinh-dang=csv", c.province.auth());
  EXPECT_TRUE(has(deletions_csv, "," + std::to_string(c.resident_a.id) + ","));

  // The officers' table of agencies has its CSV too, within their scope.
  auto performance = get("/can-bo/phan-anh/hieu-qua.csv", c.officer_a.auth());
  EXPECT_EQ(performance.status, 200);
  EXPECT_EQ(performance.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(has(performance, "Đúng hạn"));
  EXPECT_EQ(get("/can-bo/phan-anh/hieu-qua.csv", c.citizen.auth()).status, 403);

  std::string key = create_api_key("Cổng đo lần dùng", "open311");
  EXPECT_TRUE(has(get("/quan-tri/khoa-api?q=do+lan+dung", c.province.auth()), "chưa dùng"));
  auto used = post_json("/api/v1/reports",
                        R"({"category":"roads","unit_code":")" + kUnitB +
                            R"(","description":"Gửi qua cổng kết nối"})",
                        {{"Authorization", "Bearer " + key}});
  EXPECT_EQ(used.status, 201) << used.body;
  auto listed = get("/quan-tri/khoa-api?q=do+lan+dung", c.province.auth());
  EXPECT_FALSE(has(listed, "chưa dùng")) << "the key's use is not recorded";
  EXPECT_TRUE(has(get("/quan-tri/khoa-api?q=nothing+like+it", c.province.auth()),
                  "Không có khoá nào khớp"));
}

TEST(AdminPages, NobodyGrantsARoleToThemselves) {
  User admin = sign_up("Quản Trị Tự Cấp", kUnitA, "10.12.5.1");
  give_role(admin, "unit_admin", kUnitA);
  User province = sign_up("Quản Trị Tỉnh Tự Cấp", kUnitA, "10.12.5.2");
  give_role(province, "province_admin", "15");
  for (const char* role : {"alert_officer", "officer", "party_member"}) {
    auto api = post_json("/api/v1/admin/roles",
                         R"({"phone":")" + admin.phone + R"(","role":")" + role +
                             R"(","unit_code":")" + kUnitA + R"("})",
                         admin.auth());
    EXPECT_EQ(api.status, 403) << role << " " << api.body;
    EXPECT_NE(api.body.find("self_grant"), std::string::npos);
  }
  auto form = submit_form(
      admin, "/quan-tri/vai-tro", "/quan-tri/vai-tro",
      "phone=" + admin.phone + "&role=alert_officer&unit_code=" + kUnitA + "&unit_code_q=");
  EXPECT_EQ(form.status, 403);
  auto own = post_json("/api/v1/admin/roles",
                       R"({"phone":")" + province.phone +
                           R"(","role":"alert_officer","unit_code":")" + kUnitA + R"("})",
                       province.auth());
  EXPECT_EQ(own.status, 403);
  EXPECT_TRUE(roles_of(province, admin.id) == std::vector<std::string>{"unit_admin " + kUnitA});
  // Another administrator may.
  EXPECT_EQ(post_json("/api/v1/admin/roles",
                      R"({"phone":")" + admin.phone + R"(","role":"alert_officer","unit_code":")" +
                          kUnitA + R"("})",
                      province.auth())
                .status,
            200);
}

// The officers' look-up is posted: the number looked up is in no URL, so in no access log or
// browser history; the person's page is then addressed by account number.
TEST(AdminPages, APersonIsLookedUpWithoutTheirNumberInAnyAddress) {
  Cast c = make_cast("10.12.6");
  auto found = submit_form(c.officer_a, "/quan-tri/nguoi-dan", "/quan-tri/cong-dan",
                           "phone=" + c.resident_a.phone);
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_TRUE(has(found, c.resident_a.name));
  EXPECT_TRUE(has(found, "<li>Người dân</li>"));  // the role by its name
  EXPECT_FALSE(has(found, "role.citizen"));
  EXPECT_EQ(submit_form(c.officer_b, "/quan-tri/nguoi-dan", "/quan-tri/cong-dan",
                        "phone=" + c.resident_a.phone)
                .status,
            404);  // out of reach looks like absent
  auto missing =
      submit_form(c.officer_a, "/quan-tri/nguoi-dan", "/quan-tri/cong-dan", "phone=0399999999");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(has(missing, "value=\"0399999999\""));  // what was typed is kept
  // The page's forms post; the old address with a number in it reads nothing.
  auto page = get("/quan-tri/nguoi-dan", c.officer_a.auth());
  EXPECT_TRUE(has(page, "method=\"post\" action=\"/quan-tri/cong-dan\""));
  EXPECT_FALSE(has(page, "method=\"get\""));
  auto old = get("/quan-tri/cong-dan?phone=" + c.resident_a.phone, c.officer_a.auth());
  EXPECT_EQ(old.status, 303);
  EXPECT_EQ(old.header("location"), "/quan-tri/nguoi-dan");
  EXPECT_EQ(get("/quan-tri/cong-dan/" + std::to_string(c.resident_a.id), c.officer_a.auth()).status,
            200);
}

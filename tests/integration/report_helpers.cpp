#include "report_helpers.h"

#include <gtest/gtest.h>

namespace cds::test {

const People& people() {
  static People p = [] {
    People p;
    p.reporter = sign_up("Lò Văn Báo", "04252", "10.4.0.1");
    p.neighbour = sign_up("Hàng Xóm", "04252", "10.4.0.2");
    p.officer = sign_up("Cán Bộ Giao Thông", "04252", "10.4.0.3");
    give_role(p.officer, "officer", "04252");
    p.other_officer = sign_up("Cán Bộ Xã Khác", "04543", "10.4.0.4");
    give_role(p.other_officer, "officer", "04543");
    p.admin = sign_up("Quản Trị Phản Ánh", "04252", "10.4.0.5");
    give_role(p.admin, "province_admin", "15");
    auto agency =
        post_json("/api/v1/admin/agencies",
                  R"({"name":"Phòng Kinh tế phường Yên Bái","unit_code":"04252"})", p.admin.auth());
    p.agency = agency.json().at("id").as_int64();
    return p;
  }();
  return p;
}

boost::json::value file(const User& who, const std::string& body) {
  auto r = post_json("/api/v1/reports", body, who.auth());
  if (r.status != 201) ADD_FAILURE() << r.body;
  return r.json();
}

const std::string kLandslide =
    R"({"category":"landslide","description":"Sạt lở taluy trên đường vào thôn Khe Cam","unit_code":"04252",)"
    R"("lat":21.7229,"lon":104.9113,"attributes":{"danger_to_people":"yes"}})";

int act(const User& who, const std::string& id, const std::string& body) {
  return post_json("/api/v1/reports/" + id + "/actions", body, who.auth()).status;
}

}  // namespace cds::test

// CAP 1.2 messages as other alerting systems read them: every message the tests make passes
// xmllint against OASIS's schema and the extended one in ../shared/standards/cap, and the
// checks refuse what those schemas (or the standard's prose) refuse.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "accounts/service.h"
#include "alerts/cap.h"
#include "alerts/forms.h"
#include "core/error.h"
#include "xml_check.h"

namespace fs = std::filesystem;
using namespace cds::alerts;
using cds::test::schema_dir;
using cds::test::xmllint;

namespace {

Alert landslide() {
  Alert a;
  a.identifier = "laocai-2026-0001";
  a.sender = "canhbao.laocai.gov.vn";
  a.sent = "2026-11-29T08:00:00+07:00";
  a.status = "Exercise";
  a.event = "Sạt lở đất";
  a.categories = {"Geo"};
  a.response_types = {"Evacuate", "Monitor"};
  a.urgency = "Immediate";
  a.severity = "Severe";
  a.certainty = "Likely";
  a.effective = "2026-11-29T08:00:00+07:00";
  a.onset = "2026-11-29T09:00:00+07:00";
  a.expires = "2026-11-30T08:00:00+07:00";
  a.texts = {
      {"vi-VN", "Nguy cơ sạt lở đất tại xã Bảo Ái & Bảo Hà",
       "Mưa lớn kéo dài <150 mm> làm đất đá trên sườn đồi có nguy cơ sạt trượt.",
       "Các hộ ven taluy di chuyển đến nhà văn hoá thôn."},
      {"en-US", "Landslide risk in Bảo Ái and Bảo Hà", "Heavy rain.", "Move to the village hall."}};
  a.area_desc = "Xã Bảo Ái, Xã Bảo Hà";
  a.unit_codes = {"04750", "02989"};
  a.polygon = {{21.9, 104.6}, {21.9, 104.8}, {22.05, 104.8}, {22.05, 104.6}, {21.9, 104.6}};
  return a;
}

}  // namespace

TEST(Cap, EveryKindOfMessagePassesBothSchemas) {
  if (!fs::exists(schema_dir() / "cap12.xsd"))
    GTEST_SKIP() << "skipped: " << schema_dir() << " is absent (the schemas live beside the "
                 << "repository in ../shared/standards/cap, not in it)";
  Alert alert = landslide();
  Alert circle = landslide();
  circle.identifier = "laocai-2026-0002";
  circle.status = "Actual";
  circle.polygon.clear();
  circle.unit_codes.clear();
  circle.circle = Circle{{22.3364, 103.8438}, 7.5};
  circle.texts.resize(1);
  Alert update = landslide();
  update.identifier = "laocai-2026-0003";
  update.msg_type = "Update";
  update.references = {reference_to(alert)};
  Alert cancel = landslide();
  cancel.identifier = "laocai-2026-0004";
  cancel.msg_type = "Cancel";
  cancel.response_types = {"AllClear"};
  cancel.references = {reference_to(alert), reference_to(update)};
  for (const Alert* a : {&alert, &circle, &update, &cancel}) {
    ASSERT_NO_THROW(validate(*a)) << a->identifier;
    std::string xml = cap_xml(*a);
    EXPECT_EQ(xmllint(xml, "cap12.xsd"), "") << xml;
    EXPECT_EQ(xmllint(xml, "cap12_extended.xsd"), "") << xml;
  }
  std::string xml = cap_xml(cancel);
  EXPECT_NE(xml.find("<references>canhbao.laocai.gov.vn,laocai-2026-0001,2026-11-29T08:00:00+07:00 "
                     "canhbao.laocai.gov.vn,laocai-2026-0003,"),
            std::string::npos);
  // Text is escaped; coordinates are lat,lon; units are geocodes; each language its block.
  xml = cap_xml(alert);
  EXPECT_NE(xml.find("Bảo Ái &amp; Bảo Hà"), std::string::npos);
  EXPECT_NE(xml.find("&lt;150 mm&gt;"), std::string::npos);
  EXPECT_NE(xml.find("<polygon>21.9,104.6 21.9,104.8 22.05,104.8 22.05,104.6 21.9,104.6</polygon>"),
            std::string::npos);
  EXPECT_NE(xml.find("<geocode><valueName>VN-GSO-2025</valueName><value>04750</value></geocode>"),
            std::string::npos);
  EXPECT_NE(xml.find("<language>en-US</language>"), std::string::npos);
  EXPECT_NE(cap_xml(circle).find("<circle>22.3364,103.8438 7.5</circle>"), std::string::npos);
  // A message that breaks the extended rules is caught by xmllint too: our checks are not the
  // only line.
  Alert spaced = alert;
  spaced.identifier = "laocai 2026";
  EXPECT_NE(xmllint(cap_xml(spaced), "cap12_extended.xsd"), "");
}

// Found by fuzz_cap: second 60, which core/time.h reads as a leap second, passed the checks,
// and xs:dateTime has no leap second: the message was not valid CAP.
TEST(Cap, SecondSixtyIsNoCapTime) {
  auto code_of = [](const Alert& a) {
    try {
      validate(a);
    } catch (const cds::Error& e) {
      return e.code;
    }
    return std::string("valid");
  };
  Alert a = landslide();
  a.sent = "2026-11-29T08:00:60+07:00";
  EXPECT_EQ(code_of(a), "bad_time");
  a = landslide();
  a.expires = "2026-11-30T07:59:60+07:00";
  EXPECT_EQ(code_of(a), "bad_time");
  a = landslide();
  a.msg_type = "Update";
  a.references = {"canhbao.laocai.gov.vn,laocai-2026-0000,2026-11-28T23:59:60+07:00"};
  EXPECT_EQ(code_of(a), "bad_references");
  a.references = {"canhbao.laocai.gov.vn,laocai-2026-0000,2026-11-28T23:59:59+07:00"};
  EXPECT_EQ(code_of(a), "valid");
}

TEST(Cap, TheChecksRefuseWhatTheStandardRefuses) {
  auto code_of = [](const Alert& a) {
    try {
      validate(a);
    } catch (const cds::Error& e) {
      return e.code;
    }
    return std::string("valid");
  };
  EXPECT_EQ(code_of(landslide()), "valid");
  Alert a = landslide();
  a.sender = "so,tnmt";
  EXPECT_EQ(code_of(a), "bad_identifier");
  a = landslide();
  a.status = "Draft";
  EXPECT_EQ(code_of(a), "bad_status");
  a = landslide();
  a.msg_type = "Cancel";  // without the message it cancels
  EXPECT_EQ(code_of(a), "bad_references");
  a = landslide();
  a.references = {reference_to(landslide())};  // an Alert references nothing
  EXPECT_EQ(code_of(a), "bad_references");
  a = landslide();
  a.expires = "2026-11-29 08:00:00";
  EXPECT_EQ(code_of(a), "bad_time");
  a = landslide();
  a.expires = a.effective;
  EXPECT_EQ(code_of(a), "bad_time");
  a = landslide();
  a.polygon.pop_back();  // no longer closed
  EXPECT_EQ(code_of(a), "bad_polygon");
  a = landslide();
  a.polygon = {{21.9, 104.6}, {21.9, 104.8}, {21.9, 104.6}};
  EXPECT_EQ(code_of(a), "bad_polygon");
  a = landslide();
  a.polygon[1].lat = 95;
  EXPECT_EQ(code_of(a), "bad_polygon");
  a = landslide();
  a.polygon.clear();
  a.unit_codes.clear();
  EXPECT_EQ(code_of(a), "area_required");
  a.circle = Circle{{22.3, 103.8}, 0};
  EXPECT_EQ(code_of(a), "bad_circle");
  a = landslide();
  a.texts.erase(a.texts.begin());  // English only
  EXPECT_EQ(code_of(a), "text_required");
  a = landslide();
  a.categories = {"Weather"};
  EXPECT_EQ(code_of(a), "bad_category");
}

namespace {
// A gateway whose numbers ending in 9 are out of service.
class FlakyGateway : public cds::notify::SmsSender {
 public:
  void send(const std::string& phone, const std::string& text) override {
    if (phone.ends_with('9')) throw std::runtime_error("unreachable " + phone);
    delivered.push_back(phone + ": " + text);
  }
  std::vector<std::string> delivered;
};
}  // namespace

TEST(AlertTexts, AFailedNumberIsCountedAndTheBatchGoesOn) {
  FlakyGateway gateway;
  std::vector<cds::accounts::Resident> residents = {
      {3, "02848", "+84912000001"}, {5, "02848", "+84912000009"}, {8, "02848", "+84912000002"}};
  auto batch = cds::accounts::text_residents(gateway, residents, "CẢNH BÁO: lũ quét");
  EXPECT_EQ(batch.sent, 2);
  EXPECT_EQ(batch.failed, 1);
  EXPECT_EQ(batch.last_account, 8);
  ASSERT_EQ(gateway.delivered.size(), 2u);
  EXPECT_EQ(gateway.delivered[1], "+84912000002: CẢNH BÁO: lũ quét");
  EXPECT_EQ(cds::accounts::text_residents(gateway, {}, "x").sent, 0);
}

namespace {
std::string refusal(const Alert& a, const cds::units::Extent& area = cds::units::kVietnamExtent) {
  try {
    validate(a, area);
  } catch (const cds::Error& e) {
    return e.code;
  }
  return "valid";
}
// A square of n points (closed) around Lào Cai city, each a little further round.
std::vector<Point> ring_of(size_t n) {
  std::vector<Point> out;
  for (size_t i = 0; i + 1 < n; ++i) {
    double angle = 6.283185307179586 * static_cast<double>(i) / static_cast<double>(n - 1);
    out.push_back({22.3 + 0.1 * std::sin(angle), 103.9 + 0.1 * std::cos(angle)});
  }
  out.push_back(out.front());
  return out;
}
}  // namespace

// Issue 19 (9): 20,000 points were accepted (830 KB of GeoJSON for one alert), and a circle
// near a pole put longitudes of 1.5e17 into the feed. Points are bounded, and every shape
// lies within the area served (the province's box, Vietnam's without boundaries) plus 0.5°.
TEST(Cap, ShapesAreBoundedAndStayWithinTheAreaServed) {
  Alert a = landslide();
  a.polygon = ring_of(kMaxPolygonPoints);
  EXPECT_EQ(refusal(a), "valid");
  a.polygon = ring_of(kMaxPolygonPoints + 1);
  EXPECT_EQ(refusal(a), "bad_polygon");
  a.polygon = ring_of(20000);
  EXPECT_EQ(refusal(a), "bad_polygon");
  for (Point far : {Point{48.85, 2.35}, Point{-22.3, 103.9}, Point{22.3, -103.9},
                    Point{std::nan(""), 103.9}, Point{22.3, INFINITY}, Point{89.99, 103.9}}) {
    a = landslide();
    a.polygon[2] = far;
    EXPECT_EQ(refusal(a), "bad_polygon") << far.lat << "," << far.lon;
  }
  a = landslide();
  a.polygon.clear();
  for (Circle c : {Circle{{89.9999, 104}, 100}, Circle{{-89.9, 104}, 1}, Circle{{22.3, 103.9}, NAN},
                   Circle{{22.3, 103.9}, INFINITY}, Circle{{22.3, 103.9}, -1},
                   Circle{{NAN, 103.9}, 5}, Circle{{22.3, 103.9}, 900},  // reaches past 110°E
                   Circle{{22.3, 103.9}, 1001}}) {
    a.circle = c;
    EXPECT_EQ(refusal(a), "bad_circle")
        << c.centre.lat << "," << c.centre.lon << " " << c.radius_km;
  }
  a.circle = Circle{{22.3, 103.9}, 50};
  EXPECT_EQ(refusal(a), "valid");
  // With the province's box (Lào Cai, roughly): a little beyond it is allowed, Hà Nội is not.
  const cds::units::Extent lao_cai{21.3, 22.9, 103.5, 105.0};
  EXPECT_EQ(refusal(a, lao_cai), "valid");
  a.circle = Circle{{21.03, 105.85}, 5};
  EXPECT_EQ(refusal(a, lao_cai), "bad_circle");
  a.circle = Circle{{22.3, 105.3}, 10};  // 0.3° east of the box, and 10 km round
  EXPECT_EQ(refusal(a, lao_cai), "valid");
  a = landslide();
  a.polygon[2] = {21.03, 105.85};
  EXPECT_EQ(refusal(a, lao_cai), "bad_polygon");
}

// Issue 19 (4): CAP's pattern alone let 2300 (which overflows the clock) and 2026-13-45 in.
TEST(Cap, TimesAreRealTimesOfTheYearsThePlatformReads) {
  Alert a = landslide();
  a.expires = "2300-01-01T00:00:00+07:00";
  EXPECT_EQ(refusal(a), "bad_time");
  a = landslide();
  a.effective = "1600-01-01T00:00:00+07:00";
  EXPECT_EQ(refusal(a), "bad_time");
  a = landslide();
  a.onset = "2026-13-45T08:00:00+07:00";
  EXPECT_EQ(refusal(a), "bad_time");
  a = landslide();
  a.sent = "2026-11-29T25:00:00+07:00";
  EXPECT_EQ(refusal(a), "bad_time");
  a = landslide();
  a.msg_type = "Update";
  a.references = {"canhbao.laocai.gov.vn,laocai-2026-0000,2300-01-01T00:00:00+07:00"};
  EXPECT_EQ(refusal(a), "bad_references");
}

// What the officer sends is read with the same bounds, naming the field at fault.
TEST(AlertForms, TimesPointsAndNumbersAreRefusedByName) {
  auto from_json = [](const std::string& body) -> std::string {
    try {
      draft_from_json(boost::json::parse(body).as_object(), "Vùng vẽ");
    } catch (const cds::Error& e) {
      return e.code;
    }
    return "read";
  };
  EXPECT_EQ(from_json(R"({"effective":"2026-11-29T08:00:00+07:00"})"), "read");
  EXPECT_EQ(from_json(R"({"effective":"2300-01-01T00:00:00+07:00"})"), "bad_effective");
  EXPECT_EQ(from_json(R"({"onset":"1600-01-01T00:00:00Z"})"), "bad_onset");
  EXPECT_EQ(from_json(R"({"expires":"2026-02-30T00:00:00Z"})"), "bad_expires");
  std::string many = R"({"polygon":[)";
  for (int i = 0; i < 20000; ++i) many += (i ? "," : "") + std::string("[22.3,103.9]");
  EXPECT_EQ(from_json(many + "]}"), "bad_polygon");
  EXPECT_EQ(from_json(R"({"polygon":[[1e999,103.9]]})"), "bad_polygon");
  EXPECT_EQ(from_json(R"({"circle":{"lat":22.3,"lon":103.9,"radius_km":1e999}})"), "bad_circle");
  try {
    answer_from_json(boost::json::parse(R"({"answer":"safe","lat":1e999,"lon":1})").as_object());
    ADD_FAILURE() << "an infinite latitude was read";
  } catch (const cds::Error& e) {
    EXPECT_EQ(e.code, "bad_location");
  }
  cds::http::Form form;
  // The choices with consequences start unchosen: an unchosen one is named first.
  try {
    draft_from_form(form, "Vùng vẽ");
    ADD_FAILURE() << "a form without a status was read";
  } catch (const cds::Error& e) {
    EXPECT_EQ(e.code, "choose_status");
  }
  form.fields = {{"status", "Actual"},
                 {"response_type", "Evacuate"},
                 {"urgency", "Immediate"},
                 {"severity", "Severe"},
                 {"certainty", "Likely"}};
  EXPECT_NO_THROW(draft_from_form(form, "Vùng vẽ"));
  form.fields.erase(form.fields.begin() + 4);
  try {
    draft_from_form(form, "Vùng vẽ");
    ADD_FAILURE() << "a form without a certainty was read";
  } catch (const cds::Error& e) {
    EXPECT_EQ(e.code, "choose_certainty");
  }
  form.fields.push_back({"certainty", "Likely"});
  form.fields.push_back({"effective", "2300-01-01T08:00"});
  try {
    draft_from_form(form, "Vùng vẽ");
    ADD_FAILURE() << "2300 was read";
  } catch (const cds::Error& e) {
    EXPECT_EQ(e.code, "bad_effective");
  }
}

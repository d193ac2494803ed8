// CAP 1.2 messages as other alerting systems read them: every message the tests make passes
// xmllint against OASIS's schema and the extended one in ../shared/standards/cap, and the
// checks refuse what those schemas (or the standard's prose) refuse.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "alerts/cap.h"
#include "alerts/texts.h"
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
  auto batch = cds::alerts::text_batch(gateway, residents, "CẢNH BÁO: lũ quét");
  EXPECT_EQ(batch.sent, 2);
  EXPECT_EQ(batch.failed, 1);
  EXPECT_EQ(batch.last_account, 8);
  ASSERT_EQ(gateway.delivered.size(), 2u);
  EXPECT_EQ(gateway.delivered[1], "+84912000002: CẢNH BÁO: lũ quét");
  EXPECT_EQ(cds::alerts::text_batch(gateway, {}, "x").sent, 0);
}

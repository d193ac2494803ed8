#include "community/seed.h"

#include <spdlog/spdlog.h>

#include <array>

#include "accounts/service.h"
#include "community/store.h"
#include "core/text.h"
#include "core/time.h"
#include "news/markdown.h"
#include "units/service.h"

namespace cds::community {

namespace {

constexpr std::string_view kDemoCommune = "02947";
constexpr int kHouseholdsPerVillage = 40;

// Invented people: a family name and a given name chosen by the household's number.
constexpr std::array<std::string_view, 8> kFamilies = {"Hoàng", "Lò",   "Vàng", "Đặng",
                                                       "Triệu", "Nông", "Sầm",  "Bàn"};
constexpr std::array<std::string_view, 12> kGiven = {
    "Văn Thào", "Thị Lành", "Văn Páo",  "Thị Mỷ",   "Văn Chiến", "Thị Hoa",
    "Văn Sinh", "Thị Dung", "Văn Tuấn", "Thị Pằng", "Văn Quý",   "Thị Sáu"};
constexpr std::array<std::string_view, 6> kChildren = {"Bảo", "Mai", "Khánh", "Linh", "An", "Tú"};

std::string iso_hours_ago(int hours) {
  return timeutil::iso_utc(timeutil::Clock::now() - std::chrono::hours(hours));
}

Notice demo_notice(const std::string& unit, const std::string& commune, const char* title,
                   const char* body, const char* priority, const char* visibility, bool pinned,
                   int hours_ago, int ack_hours_ago) {
  Notice n;
  n.unit_code = unit;
  n.commune_code = commune;
  n.title = title;
  n.body_md = body;
  n.body_html = news::markdown_html(body);
  n.priority = priority;
  n.visibility = visibility;
  n.pinned = pinned;
  n.published_at = iso_hours_ago(hours_ago);
  if (ack_hours_ago) n.ack_due_at = iso_hours_ago(ack_hours_ago);
  return n;
}

// One village's households: about six in ten with someone on the platform, the others
// recorded by the village head. Returns (household id, a member account or 0).
std::vector<std::pair<int64_t, int64_t>> seed_households(db::Connection& c, const units::Village& v,
                                                         int offset) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (int i = 0; i < kHouseholdsPerVillage; ++i) {
    int k = offset + i;
    std::string head = std::string(kFamilies[k % kFamilies.size()]) + " " +
                       std::string(kGiven[(k * 7) % kGiven.size()]);
    std::string address = "Xóm " + std::to_string(1 + i / 10) + ", nhà số " + std::to_string(i + 1);
    bool on_platform = i % 5 < 3;
    int64_t account = 0;
    int64_t id =
        store::insert_household(c, {v.code, v.commune_code, address, on_platform ? "" : head,
                                    "DEMO" + std::to_string(1000 + k), 0});
    if (on_platform) {
      char phone[16];
      std::snprintf(phone, sizeof phone, "+8439999%04d", k);
      account = accounts::add_demo_resident(c, head, phone, v.commune_code, v.code);
      store::insert_member(c, id, account, "", std::nullopt, true);
    } else {
      store::insert_member(c, id, 0, head, std::nullopt, true);
    }
    if (i % 3 == 0)
      store::insert_member(c, id, 0, std::string(kChildren[k % kChildren.size()]), 2012 + k % 10,
                           false);
    if (i % 4 != 3) store::confirm(c, id, 0);
    store::household_event(c, id, on_platform ? "created" : "recorded", account);
    out.emplace_back(id, account);
  }
  return out;
}

}  // namespace

void load_demo(db::Database& db, const units::UnitService& units,
               const std::filesystem::path& /*dir*/) {
  auto villages = units.villages(kDemoCommune);
  const units::Village *a = nullptr, *b = nullptr;
  for (const auto& v : villages) {
    if (v.name == "Thôn Làng Chẹp") a = &v;
    if (v.name == "Thôn Bản Mai") b = &v;
  }
  if (!a || !b) return;
  db.write([&](db::Connection& c) {
    if (c.query("SELECT COUNT(*) FROM households").rows.at(0).integer(0) > 0) return;
    auto first = seed_households(c, *a, 0);
    seed_households(c, *b, kHouseholdsPerVillage);
    std::string commune(kDemoCommune);
    store::insert_notice(
        c, demo_notice(commune, commune, "Lịch tiếp công dân tháng 12 của UBND xã",
                       "Chủ tịch UBND xã tiếp công dân vào **sáng thứ Năm** hằng tuần tại trụ "
                       "sở xã, từ 7 giờ 30 đến 11 giờ.\n\nBà con có thể gửi ý kiến trước qua mục "
                       "*Phản ánh hiện trường*.",
                       kNormal, kPublic, false, 50, 0));
    int64_t meeting = store::insert_notice(
        c, demo_notice(a->code, commune, "Họp thôn bàn kế hoạch làm đường bê tông nội đồng",
                       "Thôn tổ chức họp toàn thể vào **19 giờ tối thứ Bảy** tại nhà văn hoá "
                       "thôn.\n\n- Bàn phương án góp công, góp đất làm 1,2 km đường nội đồng;\n- "
                       "Bầu tổ giám sát thi công.\n\nMỗi hộ cử một người dự họp.",
                       kNormal, kPublic, true, 30, 0));
    int64_t important = store::insert_notice(
        c, demo_notice(a->code, commune,
                       "Nguy cơ sạt lở ở xóm 3 và xóm 4: kiểm tra nhà, chuẩn bị di dời",
                       "Mưa lớn kéo dài, sườn đồi sau **xóm 3 và xóm 4** có vết nứt mới.\n\n"
                       "1. Các hộ sát taluy kiểm tra tường nhà, rãnh thoát nước;\n2. Chuẩn bị đồ "
                       "dùng thiết yếu, giấy tờ quan trọng;\n3. Khi có lệnh, di chuyển đến nhà văn "
                       "hoá thôn.\n\nHộ nào cần giúp di dời, báo ngay trưởng thôn.",
                       kImportant, kResidents, true, 72, 24));
    // The meeting asks who will come, one answer a household, the results as they come.
    store::insert_poll(c, meeting,
                       {"Gia đình bạn cử người dự họp được không?",
                        "household",
                        timeutil::iso_utc(timeutil::Clock::now() + std::chrono::hours(72)),
                        "live",
                        {"Có, gia đình tôi cử người dự", "Không dự được, xin gửi ý kiến sau"}});
    Notice meeting_notice;
    meeting_notice.id = meeting;
    meeting_notice.unit_code = a->code;
    for (size_t i = 0; i < first.size(); ++i)
      if (first[i].second && i % 3 != 2)
        store::vote(c, meeting_notice, "household:" + std::to_string(first[i].first),
                    first[i].second, i % 4 == 1 ? 2 : 1);
    // Half of the households on the platform acknowledged; some more only read it; the village
    // head went to two houses.
    int acked = 0, on_platform = 0;
    for (size_t i = 0; i < first.size(); ++i) {
      auto [household, account] = first[i];
      if (!account) {
        if (i == 3 || i == 8) store::visit(c, important, household, 0);
        continue;
      }
      ++on_platform;
      if (on_platform % 2 == 0) {
        store::record_read(c, important, account);
        store::acknowledge(c, important, household, account);
        ++acked;
      } else if (on_platform % 3 == 0) {
        store::record_read(c, important, account);
      }
    }
    spdlog::info("demo: {} households in {} and {}, {} acknowledged the important notice",
                 2 * kHouseholdsPerVillage, a->name, b->name, acked);
  });
}

}  // namespace cds::community

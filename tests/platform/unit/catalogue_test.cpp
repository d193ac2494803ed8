// The message catalogues against what uses them: in every module both languages have the same
// keys, every {{t.key}} a template of any module uses exists in the merged catalogue, and every
// error code the services raise has its message (Open311's codes are the specification's field
// names, answered in its own format, and are left out).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/i18n.h"
#include "web/pages.h"
#include "web/templates.h"

namespace fs = std::filesystem;

namespace {
std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
const fs::path kModules = fs::path(CDS_SOURCE_DIR) / "src";

// The keys of one module's catalogue in a language, or of all modules together.
std::set<std::string> keys(const std::string& lang, const std::string& module = "") {
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(kModules)) {
    if (!module.empty() && entry.path().filename() != module) continue;
    fs::path file = entry.path() / "i18n" / (lang + ".json");
    if (!fs::exists(file)) continue;
    auto doc = boost::json::parse(read(file));
    for (const auto& [k, v] : doc.as_object()) out.insert(std::string(k));
  }
  return out;
}

std::vector<fs::path> template_files() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(kModules))
    if (fs::is_directory(entry.path() / "templates"))
      for (const auto& f : fs::directory_iterator(entry.path() / "templates"))
        out.push_back(f.path());
  return out;
}
}  // namespace

TEST(Catalogues, EachModuleHasTheSameKeysInBothLanguages) {
  size_t modules = 0;
  for (const auto& entry : fs::directory_iterator(kModules)) {
    if (!fs::is_directory(entry.path() / "i18n")) continue;
    ++modules;
    std::string module = entry.path().filename().string();
    auto vi = keys("vi", module), en = keys("en", module);
    std::vector<std::string> only_vi, only_en;
    std::set_difference(vi.begin(), vi.end(), en.begin(), en.end(), std::back_inserter(only_vi));
    std::set_difference(en.begin(), en.end(), vi.begin(), vi.end(), std::back_inserter(only_en));
    EXPECT_TRUE(only_vi.empty()) << module << ": only in vi.json: " << only_vi.front();
    EXPECT_TRUE(only_en.empty()) << module << ": only in en.json: " << only_en.front();
  }
  EXPECT_GE(modules, 4u);
}

TEST(Catalogues, EveryTemplateKeyExists) {
  auto vi = keys("vi");
  std::regex used(R"(\{\{[#^/]?t\.([A-Za-z0-9_.]+)\}\})");
  size_t seen = 0;
  for (const auto& f : template_files()) {
    std::string text = read(f);
    for (std::sregex_iterator it(text.begin(), text.end(), used), end; it != end; ++it, ++seen)
      EXPECT_TRUE(vi.contains((*it)[1])) << f << " uses t." << (*it)[1];
  }
  EXPECT_GT(seen, 100u);
}

TEST(Catalogues, EveryErrorCodeHasItsMessage) {
  auto vi = keys("vi");
  std::regex raised(R"((?:Error\(\s*ErrorKind::\w+|HttpError\(\s*Status::\w+),\s*"([a-z_0-9]+)\")");
  size_t seen = 0;
  for (const auto& f : fs::recursive_directory_iterator(fs::path(CDS_SOURCE_DIR) / "src")) {
    if (f.path().extension() != ".cpp" || f.path().filename() == "open311.cpp") continue;
    std::string text = read(f.path());
    for (std::sregex_iterator it(text.begin(), text.end(), raised), end; it != end; ++it, ++seen)
      EXPECT_TRUE(vi.contains("error." + (*it)[1].str()))
          << f.path().filename() << " raises " << (*it)[1] << " without error." << (*it)[1];
  }
  EXPECT_GT(seen, 50u);
}

// http::count_param refuses with "bad_<name>", so that the message says which parameter is
// wrong: every name a module reads through it needs that message.
TEST(Catalogues, EveryCountedParameterHasItsMessage) {
  auto vi = keys("vi");
  std::regex counted(R"re(count_param\(\s*\w+,\s*"([a-z_]+)")re");
  size_t seen = 0;
  for (const auto& f : fs::recursive_directory_iterator(fs::path(CDS_SOURCE_DIR) / "src")) {
    if (f.path().extension() != ".cpp") continue;
    std::string text = read(f.path());
    for (std::sregex_iterator it(text.begin(), text.end(), counted), end; it != end; ++it, ++seen)
      EXPECT_TRUE(vi.contains("error.bad_" + (*it)[1].str()))
          << f.path().filename() << " counts " << (*it)[1] << " without error.bad_" << (*it)[1];
  }
  EXPECT_GE(seen, 8u);
}

// The refusals the HTTP layer writes itself (limits, malformed requests, multipart bodies)
// reach people too, through the same error page.
TEST(Catalogues, EveryRefusalOfTheHttpLayerHasItsMessage) {
  auto vi = keys("vi");
  std::regex replied(
      R"re((?:reply_and_close\(|server_\.error\(request_,)\s*Status::\w+,\s*"([a-z_]+)")re");
  std::regex failed(R"re(fail\(([^;]*)\))re");
  std::regex quoted(R"re("([a-z_]+)")re");
  size_t seen = 0;
  for (const auto& f : fs::directory_iterator(fs::path(CDS_SOURCE_DIR) / "src/http")) {
    std::string text = read(f.path());
    std::vector<std::string> codes;
    for (std::sregex_iterator it(text.begin(), text.end(), replied), end; it != end; ++it)
      codes.push_back((*it)[1]);
    for (std::sregex_iterator it(text.begin(), text.end(), failed), end; it != end; ++it) {
      std::string args = (*it)[1];
      for (std::sregex_iterator q(args.begin(), args.end(), quoted); q != end; ++q)
        codes.push_back((*q)[1]);
    }
    for (const auto& code : codes) {
      ++seen;
      EXPECT_TRUE(vi.contains("error." + code)) << f.path().filename() << " refuses with " << code;
    }
  }
  EXPECT_GT(seen, 10u);
}

// Figures people read: durations in days and hours, a rate with nothing to measure is "—".
TEST(Display, DurationsInDaysAndHoursAndRatesWithNothingToMeasure) {
  auto catalogues = cds::i18n::Catalogues::load(cds::web::module_folders(kModules, "i18n"));
  using cds::web::display_hours;
  EXPECT_EQ(display_hours(catalogues, "vi", 0.4), "dưới 1 giờ");
  EXPECT_EQ(display_hours(catalogues, "vi", 5.2), "5 giờ");
  EXPECT_EQ(display_hours(catalogues, "vi", 53), "2 ngày 5 giờ");
  EXPECT_EQ(display_hours(catalogues, "en", 24), "1 day");
  EXPECT_EQ(display_hours(catalogues, "en", 49), "2 days 1 hour");
  EXPECT_EQ(cds::web::display_rate(0, 0), "—");
  EXPECT_EQ(cds::web::display_rate(0, 4), "0%");
  EXPECT_EQ(cds::web::display_rate(7, 8), "88%");
}

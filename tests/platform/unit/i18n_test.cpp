#include "core/i18n.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "web/templates.h"

using cds::i18n::Catalogues;

namespace {
const std::filesystem::path kModules = std::filesystem::path(CDS_SOURCE_DIR) / "src";
Catalogues all_catalogues() { return Catalogues::load(cds::web::module_folders(kModules, "i18n")); }

std::set<std::string> flat_keys(const boost::json::object& o, const std::string& prefix = "") {
  std::set<std::string> keys;
  for (const auto& [k, v] : o) {
    std::string key = prefix.empty() ? std::string(k) : prefix + "." + std::string(k);
    if (v.is_object()) {
      auto sub = flat_keys(v.as_object(), key);
      keys.insert(sub.begin(), sub.end());
    } else {
      keys.insert(key);
    }
  }
  return keys;
}
}  // namespace

TEST(Catalogues, VietnameseAndEnglishHaveTheSameKeys) {
  auto c = all_catalogues();
  auto vi = flat_keys(c.catalogue("vi"));
  auto en = flat_keys(c.catalogue("en"));
  for (const auto& k : vi) EXPECT_TRUE(en.contains(k)) << "en.json lacks " << k;
  for (const auto& k : en) EXPECT_TRUE(vi.contains(k)) << "vi.json lacks " << k;
  EXPECT_GT(vi.size(), 20u);
}

TEST(Catalogues, NegotiatesCookieThenAcceptLanguage) {
  auto c = all_catalogues();
  EXPECT_EQ(c.negotiate("", ""), "vi");
  EXPECT_EQ(c.negotiate("en", "vi"), "en");
  EXPECT_EQ(c.negotiate("fr", "en-US,en;q=0.9"), "en");  // unsupported cookie is ignored
  EXPECT_EQ(c.negotiate("", "fr-FR,vi;q=0.8,en;q=0.5"), "vi");
  EXPECT_EQ(c.negotiate("", "en;q=0.4,vi;q=0.9"), "vi");
  EXPECT_EQ(c.negotiate("", "de, fr"), "vi");
  EXPECT_EQ(c.negotiate("", "en;q=0"), "vi");
}

TEST(Catalogues, FallsBackToVietnameseThenTheKey) {
  auto c = all_catalogues();
  EXPECT_EQ(c.text("vi", "nav.home"), "Trang chủ");
  EXPECT_EQ(c.text("en", "nav.home"), "Home");
  EXPECT_EQ(c.text("xx", "nav.home"), "Trang chủ");
  EXPECT_EQ(c.text("en", "no.such.key"), "no.such.key");
}

TEST(Catalogues, RefusesAKeyThatIsAlsoAPrefix) {
  auto dir = std::filesystem::temp_directory_path() / "cds-i18n-clash";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "vi.json") << R"({"a.b": "x", "a.b.c": "y"})";
  EXPECT_THROW(Catalogues::load(dir), std::runtime_error);
  std::filesystem::remove_all(dir);
}

TEST(Templates, AllParseAndEscapeData) {
  auto c = all_catalogues();
  cds::web::Renderer r(cds::web::module_folders(kModules, "templates"), c);
  boost::json::object data{
      {"status", 404}, {"message", "<script>alert(1)</script>"}, {"code", "x"}};
  data["t"] = c.catalogue("vi");
  std::string html = r.fragment("error", data);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Rất tiếc"), std::string::npos);
}

TEST(Catalogues, TextMessagesHaveTheirCodePlaceholder) {
  auto c = all_catalogues();
  for (const char* lang : {"vi", "en"})
    for (const char* key : {"sms.code.register", "sms.code.reset"})
      EXPECT_NE(c.text(lang, key).find("{code}"), std::string::npos) << lang << " " << key;
}

// Modules' files are merged; the same key or template name in two modules is a mistake that
// would make one silently win, so it stops the start.
TEST(Catalogues, TwoModulesMayNotHoldTheSameKeyOrTemplate) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("cds-modules-" + std::to_string(getpid()));
  for (const char* module : {"alpha", "beta"}) {
    fs::create_directories(root / module / "i18n");
    fs::create_directories(root / module / "templates");
    std::ofstream(root / module / "i18n" / "vi.json")
        << R"({")" << module << R"(.title": "Tiêu đề", "shared.key": "x"})";
    std::ofstream(root / module / "templates" / (std::string(module) + ".mustache")) << "{{x}}";
  }
  auto folders = cds::web::module_folders(root, "i18n");
  ASSERT_EQ(folders.size(), 2u);
  EXPECT_EQ(folders[0], root / "alpha" / "i18n");
  EXPECT_THROW(Catalogues::load(folders), std::runtime_error);
  std::ofstream(root / "beta" / "i18n" / "vi.json") << R"({"beta.title": "Tiêu đề"})";
  auto merged = Catalogues::load(folders);
  EXPECT_EQ(merged.text("vi", "alpha.title"), "Tiêu đề");
  EXPECT_EQ(merged.text("vi", "beta.title"), "Tiêu đề");
  std::ofstream(root / "beta" / "templates" / "layout.mustache") << "{{{body}}}";
  std::ofstream(root / "alpha" / "templates" / "layout.mustache") << "{{{body}}}";
  EXPECT_THROW(cds::web::Renderer(cds::web::module_folders(root, "templates"), merged),
               std::runtime_error);
  fs::remove(root / "alpha" / "templates" / "layout.mustache");
  cds::web::Renderer renderer(cds::web::module_folders(root, "templates"), merged);
  EXPECT_EQ(renderer.fragment("alpha", boost::json::object{{"x", "<b>"}}), "&lt;b&gt;");
  fs::remove_all(root);
}

// An empty string is false in a section and prints as nothing, as in JavaScript's mustache,
// so "{{address}}{{#address}}, {{/address}}" never starts a line with a comma.
TEST(Templates, AnEmptyStringIsFalseInASection) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("cds-empty-" + std::to_string(getpid()));
  fs::create_directories(root / "m" / "templates");
  std::ofstream(root / "m" / "templates" / "layout.mustache") << "{{{body}}}";
  std::ofstream(root / "m" / "templates" / "t.mustache") << "{{#a}}yes{{/a}}{{^a}}no{{/a}}[{{a}}]";
  auto c = all_catalogues();
  cds::web::Renderer r(cds::web::module_folders(root, "templates"), c);
  EXPECT_EQ(r.fragment("t", boost::json::object{{"a", ""}}), "no[]");
  EXPECT_EQ(r.fragment("t", boost::json::object{{"a", "x"}}), "yes[x]");
  fs::remove_all(root);
}

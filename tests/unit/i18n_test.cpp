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
const std::filesystem::path kWeb = std::filesystem::path(CDS_SOURCE_DIR) / "web";

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
  auto c = Catalogues::load(kWeb / "i18n");
  auto vi = flat_keys(c.catalogue("vi"));
  auto en = flat_keys(c.catalogue("en"));
  for (const auto& k : vi) EXPECT_TRUE(en.contains(k)) << "en.json lacks " << k;
  for (const auto& k : en) EXPECT_TRUE(vi.contains(k)) << "vi.json lacks " << k;
  EXPECT_GT(vi.size(), 20u);
}

TEST(Catalogues, EveryKeyATemplateUsesExists) {
  auto c = Catalogues::load(kWeb / "i18n");
  auto vi = flat_keys(c.catalogue("vi"));
  std::regex key_re(R"(\{\{\s*t\.([a-z0-9_.]+)\s*\}\})");
  size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kWeb / "templates")) {
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    for (std::sregex_iterator it(text.begin(), text.end(), key_re), end; it != end; ++it) {
      EXPECT_TRUE(vi.contains((*it)[1]))
          << entry.path().filename() << " uses missing key " << (*it)[1];
      ++checked;
    }
  }
  EXPECT_GT(checked, 10u);
}

TEST(Catalogues, NegotiatesCookieThenAcceptLanguage) {
  auto c = Catalogues::load(kWeb / "i18n");
  EXPECT_EQ(c.negotiate("", ""), "vi");
  EXPECT_EQ(c.negotiate("en", "vi"), "en");
  EXPECT_EQ(c.negotiate("fr", "en-US,en;q=0.9"), "en");  // unsupported cookie is ignored
  EXPECT_EQ(c.negotiate("", "fr-FR,vi;q=0.8,en;q=0.5"), "vi");
  EXPECT_EQ(c.negotiate("", "en;q=0.4,vi;q=0.9"), "vi");
  EXPECT_EQ(c.negotiate("", "de, fr"), "vi");
  EXPECT_EQ(c.negotiate("", "en;q=0"), "vi");
}

TEST(Catalogues, FallsBackToVietnameseThenTheKey) {
  auto c = Catalogues::load(kWeb / "i18n");
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
  auto c = Catalogues::load(kWeb / "i18n");
  cds::web::Renderer r(kWeb / "templates", c);
  boost::json::object data{
      {"status", 404}, {"message", "<script>alert(1)</script>"}, {"code", "x"}};
  data["t"] = c.catalogue("vi");
  std::string html = r.fragment("error", data);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Rất tiếc"), std::string::npos);
}

TEST(Catalogues, TextMessagesHaveTheirCodePlaceholder) {
  auto c = Catalogues::load(kWeb / "i18n");
  for (const char* lang : {"vi", "en"})
    for (const char* key : {"sms.code.register", "sms.code.reset"})
      EXPECT_NE(c.text(lang, key).find("{code}"), std::string::npos) << lang << " " << key;
}

// Message catalogues: every user-facing string lives under a flat key in a module's
// i18n/<lang>.json (src/<module>/i18n/vi.json …); the modules' files are merged at start.
// Vietnamese is the default; English is chosen by cookie, then by Accept-Language.
#pragma once

#include <boost/json/object.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cds::i18n {

inline constexpr std::string_view kDefaultLanguage = "vi";

class Catalogues {
 public:
  // Loads every <lang>.json in the directories and merges them by language; throws with the
  // file name on a bad file, and with both names when two files hold the same key.
  static Catalogues load(const std::vector<std::filesystem::path>& dirs);
  static Catalogues load(const std::filesystem::path& dir);

  // The text for key in lang, falling back to Vietnamese, then to the key itself.
  const std::string& text(std::string_view lang, std::string_view key) const;
  // The whole catalogue of a language as a JSON object (for templates).
  const boost::json::object& catalogue(std::string_view lang) const;
  std::vector<std::string> languages() const;
  bool has(std::string_view lang) const;

  // Picks the language: a supported cookie value wins, then the first supported
  // Accept-Language tag by quality, then Vietnamese.
  std::string negotiate(std::string_view cookie_value, std::string_view accept_language) const;

 private:
  std::map<std::string, boost::json::object, std::less<>> catalogues_;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> strings_;
};

}  // namespace cds::i18n

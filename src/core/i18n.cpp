#include "core/i18n.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/text.h"

namespace cds::i18n {

namespace {

// Templates look keys up as paths ({{t.home.title}}), so the flat keys become nested objects;
// a key may therefore not also be the prefix of another ("a.b" and "a.b.c").
boost::json::object nest(const std::string& lang,
                         const std::map<std::string, std::string, std::less<>>& strings) {
  boost::json::object nested;
  for (const auto& [key, text] : strings) {
    boost::json::object* node = &nested;
    std::string_view rest = key;
    for (auto dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.')) {
      auto& child = (*node)[rest.substr(0, dot)];
      if (child.is_null()) child = boost::json::object{};
      if (!child.is_object())
        throw std::runtime_error("catalogue " + lang + ": key " + key +
                                 " clashes with a shorter key");
      node = &child.as_object();
      rest.remove_prefix(dot + 1);
    }
    if (node->contains(rest))
      throw std::runtime_error("catalogue " + lang + ": key " + key + " clashes with a longer key");
    (*node)[rest] = text;
  }
  return nested;
}

}  // namespace

Catalogues Catalogues::load(const std::filesystem::path& dir) {
  return load(std::vector<std::filesystem::path>{dir});
}

Catalogues Catalogues::load(const std::vector<std::filesystem::path>& dirs) {
  Catalogues c;
  std::map<std::string, std::string, std::less<>> origin;  // "lang:key" -> file, for clashes
  for (const auto& dir : dirs)
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      std::stringstream ss;
      ss << in.rdbuf();
      boost::system::error_code ec;
      auto value = boost::json::parse(ss.str(), ec);
      if (ec || !value.is_object())
        throw std::runtime_error("bad message catalogue " + entry.path().string());
      std::string lang = entry.path().stem().string();
      auto& strings = c.strings_[lang];
      for (const auto& [key, v] : value.as_object()) {
        if (!v.is_string())
          throw std::runtime_error(entry.path().string() + ": key " + std::string(key) +
                                   " is not a string");
        auto [at, fresh] = origin.emplace(lang + ":" + std::string(key), entry.path().string());
        if (!fresh)
          throw std::runtime_error("catalogue " + lang + ": key " + std::string(key) + " is in " +
                                   at->second + " and " + entry.path().string());
        strings[std::string(key)] = text::nfc(std::string(v.as_string()));
      }
    }
  for (const auto& [lang, strings] : c.strings_) c.catalogues_[lang] = nest(lang, strings);
  if (!c.strings_.contains(kDefaultLanguage))
    throw std::runtime_error("no Vietnamese catalogue (vi.json) in the message folders");
  return c;
}

const std::string& Catalogues::text(std::string_view lang, std::string_view key) const {
  for (std::string_view l : {lang, kDefaultLanguage}) {
    auto c = strings_.find(l);
    if (c == strings_.end()) continue;
    auto s = c->second.find(key);
    if (s != c->second.end()) return s->second;
  }
  thread_local std::string missing;
  missing = std::string(key);
  return missing;
}

const boost::json::object& Catalogues::catalogue(std::string_view lang) const {
  auto c = catalogues_.find(lang);
  if (c == catalogues_.end()) c = catalogues_.find(kDefaultLanguage);
  return c->second;
}

std::vector<std::string> Catalogues::languages() const {
  std::vector<std::string> out;
  for (const auto& [lang, _] : strings_) out.push_back(lang);
  return out;
}

bool Catalogues::has(std::string_view lang) const { return strings_.contains(lang); }

std::string Catalogues::negotiate(std::string_view cookie_value,
                                  std::string_view accept_language) const {
  if (!cookie_value.empty() && has(cookie_value)) return std::string(cookie_value);
  // Accept-Language: "en-US,en;q=0.9,vi;q=0.8"
  struct Choice {
    std::string lang;
    double q;
    size_t order;
  };
  std::vector<Choice> choices;
  size_t order = 0;
  while (!accept_language.empty()) {
    auto comma = accept_language.find(',');
    std::string_view part = accept_language.substr(0, comma);
    accept_language = comma == std::string_view::npos ? "" : accept_language.substr(comma + 1);
    auto semi = part.find(';');
    std::string tag = text::trim(part.substr(0, semi));
    double q = 1.0;
    if (semi != std::string_view::npos) {
      std::string params = text::trim(part.substr(semi + 1));
      if (params.starts_with("q=")) {
        try {
          q = std::stod(params.substr(2));
        } catch (...) {
          q = 0;
        }
      }
    }
    std::string primary = tag.substr(0, tag.find('-'));
    std::transform(primary.begin(), primary.end(), primary.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (q > 0 && has(primary)) choices.push_back({primary, q, order++});
  }
  std::stable_sort(choices.begin(), choices.end(),
                   [](const Choice& a, const Choice& b) { return a.q > b.q; });
  if (!choices.empty()) return choices.front().lang;
  return std::string(kDefaultLanguage);
}

}  // namespace cds::i18n

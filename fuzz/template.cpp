// The pages' templates (web::Renderer: every module's templates/*.mustache, the layout, the
// header's links and the banner) with any data. The input is a JSON object: "template" (a
// template's name; another text picks one), "path", "lang", "accept_language", "data", "nav"
// (the header's links) and "banner" (what the banner partial gets). Every text in them is given
// a prefix holding < ' " and &, and the page may show none of those unescaped: no template
// prints a value raw but the HTML the platform makes itself (the layout's body and banner, an
// article's body_html, left out here: fuzz/markdown checks that one).
#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n.h"
#include "fuzz.h"
#include "http/request.h"
#include "web/templates.h"

namespace fs = std::filesystem;
namespace json = boost::json;
namespace web = cds::web;

namespace {

// § appears in no template or message, and is taken out of the input's texts first: whatever
// follows or precedes one in the page is the mark's own.
constexpr std::string_view kSign = "§";
constexpr std::string_view kMark = "<§'\"&";

json::object nav;     // what the header's links get for the input being run
json::object banner;  // what the banner gets

// What a page may be made of: every template but the layout, which page() puts around each
// (its raw body and banner are the renderer's own to fill).
std::vector<std::string> template_names(const std::vector<fs::path>& folders) {
  std::vector<std::string> names;
  for (const auto& dir : folders)
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().extension() == ".mustache" && entry.path().stem() != "layout")
        names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

struct Pages {
  fs::path src = fs::path(CDS_SOURCE_DIR) / "src";
  std::vector<fs::path> folders = web::module_folders(src, "templates");
  std::vector<std::string> names = template_names(folders);
  // The shell's messages only: the pages copy the catalogue into every render, and all of it
  // makes each input ten times slower without changing what is escaped.
  cds::i18n::Catalogues catalogues = cds::i18n::Catalogues::load(src / "web" / "i18n");
  web::Renderer renderer{folders, catalogues};
  Pages() {
    renderer.set_navigation([](const cds::http::Request&) { return nav; });
    renderer.set_banner(
        "_alert_banner", [](const cds::http::Request&) { return banner; }, "alerts",
        [](const cds::http::Request&) { return std::string(); });
  }
};

Pages& pages() {
  static Pages p;
  return p;
}

// A header's value as Beast's parser lets it through: no control characters.
std::string header_value(std::string s) {
  std::erase_if(s, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  return s;
}

// Every text gets the mark; the HTML the platform makes itself is left out.
void mark(json::value& v) {
  if (v.is_string()) {
    std::string given(v.get_string());
    for (auto at = given.find(kSign); at != std::string::npos; at = given.find(kSign, at))
      given.erase(at, kSign.size());
    v = given.empty() ? given : std::string(kMark) + given;
  } else if (v.is_array()) {
    for (auto& child : v.get_array()) mark(child);
  } else if (v.is_object()) {
    v.get_object().erase("body_html");
    for (auto& [key, child] : v.get_object()) mark(child);
  }
}

json::value value_at(json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return nullptr;
  json::value v = std::move(it->value());
  mark(v);
  return v;
}

json::object object_at(json::object& o, std::string_view key) {
  json::value v = value_at(o, key);
  return v.is_object() ? std::move(v.get_object()) : json::object();
}

std::string text_at(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : "";
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (pages().names.empty()) std::abort();  // no templates found: nothing would be checked
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  boost::system::error_code ec;
  json::value input = json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec || !input.is_object()) return 0;
  json::object& in = input.get_object();
  Pages& p = pages();
  std::string name = text_at(in, "template");
  if (!std::binary_search(p.names.begin(), p.names.end(), name)) {
    size_t sum = 0;
    for (unsigned char c : name) sum += c;
    name = p.names[sum % p.names.size()];
  }
  cds::http::Request req;
  req.path = text_at(in, "path");
  if (req.path.empty() || req.path[0] != '/') req.path = "/" + req.path;
  if (std::string lang = text_at(in, "lang"); !lang.empty())
    req.raw.set("Cookie", "lang=" + header_value(lang));
  if (std::string accept = text_at(in, "accept_language"); !accept.empty())
    req.raw.set("Accept-Language", header_value(accept));
  // The platform's navigation gives the layout its header's links and nothing else.
  nav = {{"nav_links", value_at(in, "nav")}};
  banner = object_at(in, "banner");
  json::object page_data = object_at(in, "data");
  std::string html = p.renderer.page(req, name, "site.name", std::move(page_data));
  for (std::string_view raw : {"<§", "§'", "§\""})
    if (auto at = html.find(raw); at != std::string::npos) {
      size_t from = at < 300 ? 0 : at - 300;
      std::fprintf(stderr, "fuzz_template: %s unescaped in %s:\n%s\n", std::string(raw).c_str(),
                   name.c_str(), html.substr(from, 400).c_str());
      std::abort();
    }
  return 0;
}

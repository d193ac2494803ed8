#include "web/templates.h"

#include <algorithm>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <stdexcept>

#include "core/text.h"
#include "http/response.h"

namespace cds::web {
namespace mustache = kainjow::mustache;
namespace json = boost::json;

namespace {

mustache::data to_data(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      mustache::data d{mustache::data::type::object};
      for (const auto& [k, val] : v.as_object()) d.set(std::string(k), to_data(val));
      return d;
    }
    case boost::json::kind::array: {
      mustache::data d{mustache::data::type::list};
      for (const auto& item : v.as_array()) d.push_back(to_data(item));
      return d;
    }
    case boost::json::kind::string:
      // An empty string is false in a section ({{#address}}…), as in JavaScript's mustache;
      // printed, it is still nothing.
      if (v.as_string().empty()) return mustache::data{mustache::data::type::bool_false};
      return mustache::data{std::string(v.as_string())};
    case boost::json::kind::bool_:
      return v.as_bool() ? mustache::data{mustache::data::type::bool_true}
                         : mustache::data{mustache::data::type::bool_false};
    case boost::json::kind::int64:
      return mustache::data{std::to_string(v.as_int64())};
    case boost::json::kind::uint64:
      return mustache::data{std::to_string(v.as_uint64())};
    case boost::json::kind::double_:
      return mustache::data{text::plain_decimal(v.as_double())};
    case boost::json::kind::null:
      return mustache::data{mustache::data::type::bool_false};
  }
  return mustache::data{};
}

// Parsed templates keep state while rendering, so every thread holds its own copies.
mustache::mustache& compiled(const std::map<std::string, std::string, std::less<>>& sources,
                             std::string_view name) {
  thread_local std::map<std::string, std::unique_ptr<mustache::mustache>, std::less<>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return *it->second;
  auto src = sources.find(name);
  if (src == sources.end()) throw std::logic_error("no template " + std::string(name));
  auto t = std::make_unique<mustache::mustache>(src->second);
  auto& ref = *t;
  cache.emplace(std::string(name), std::move(t));
  return ref;
}

}  // namespace

std::vector<std::filesystem::path> module_folders(const std::filesystem::path& root,
                                                  std::string_view name) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(root))
    if (entry.is_directory() && std::filesystem::is_directory(entry.path() / name))
      out.push_back(entry.path() / name);
  std::sort(out.begin(), out.end());
  return out;
}

Renderer::Renderer(const std::vector<std::filesystem::path>& dirs,
                   const i18n::Catalogues& catalogues)
    : catalogues_(catalogues) {
  std::map<std::string, std::filesystem::path, std::less<>> origin;
  for (const auto& dir : dirs)
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".mustache") continue;
      std::ifstream in(entry.path());
      std::stringstream ss;
      ss << in.rdbuf();
      mustache::mustache check(ss.str());
      if (!check.is_valid())
        throw std::runtime_error("template " + entry.path().string() + ": " +
                                 check.error_message());
      std::string name = entry.path().stem().string();
      if (auto [at, fresh] = origin.emplace(name, entry.path()); !fresh)
        throw std::runtime_error("template " + name + " is both " + at->second.string() + " and " +
                                 entry.path().string());
      sources_[name] = ss.str();
    }
  if (!sources_.contains("layout")) throw std::runtime_error("no layout.mustache in the modules");
}

std::string Renderer::language(const http::Request& request) const {
  return catalogues_.negotiate(request.cookie("lang").value_or(""),
                               request.header("Accept-Language"));
}

std::string Renderer::fragment(std::string_view name, const boost::json::object& data) const {
  mustache::data d = to_data(data);
  // Templates named _something are partials every template may include ({{>_pager}}).
  for (const auto& [partial, source] : sources_)
    if (partial.starts_with('_'))
      d.set(partial, mustache::partial([&source = source] { return source; }));
  return compiled(sources_, name).render(d);
}

std::string Renderer::page(const http::Request& request, std::string_view name,
                           std::string_view title_key, boost::json::object data) const {
  std::string lang = language(request);
  data["t"] = catalogues_.catalogue(lang);
  data["lang"] = lang;
  std::string body = fragment(name, data);
  boost::json::object layout;
  layout["t"] = catalogues_.catalogue(lang);
  layout["lang"] = lang;
  // A page may name itself (a unit's name, say); otherwise the catalogue's title is used.
  auto own = data.find("page_title");
  layout["title"] = own != data.end() && own->value().is_string()
                        ? own->value()
                        : json::value(catalogues_.text(lang, title_key));
  layout["body"] = body;  // already escaped by its own template; the layout prints it raw
  layout["is_vi"] = lang == "vi";
  layout["is_en"] = lang == "en";
  // The language switch returns to this same page.
  layout["here"] = http::percent_encode_path(request.path);
  // The sign-in link comes back here, except from home and the sign-in pages themselves.
  layout["here_back"] = request.path != "/" && !request.path.starts_with("/dang-");
  for (const auto& [key, value] : layout_values_) layout[key] = value;
  if (navigation_)
    for (const auto& [key, value] : navigation_(request)) layout[key] = value;
  if (banner_) {
    boost::json::object banner = banner_(request);
    banner["t"] = layout["t"];
    layout["banner_html"] = fragment(banner_template_, banner);
  }
  return fragment("layout", layout);
}

}  // namespace cds::web

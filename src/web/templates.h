// Server-rendered HTML: mustache templates from the modules' templates/ folders (escaped by
// default), the page layout, and the message catalogue of the request's language under "t".
#pragma once

#include <boost/json/object.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n.h"
#include "http/request.h"

namespace cds::web {

// The module folders under root (src/) that have a sub-folder `name` ("templates", "i18n"),
// as root/<module>/<name>, in the order of the module names.
std::vector<std::filesystem::path> module_folders(const std::filesystem::path& root,
                                                  std::string_view name);

class Renderer {
 public:
  // Loads every *.mustache in the folders; throws with the file name when one does not parse,
  // or when two modules have a template of the same name.
  Renderer(const std::vector<std::filesystem::path>& dirs, const i18n::Catalogues& catalogues);

  // The language for this request: "lang" cookie, then Accept-Language, then Vietnamese.
  std::string language(const http::Request& request) const;

  // Renders template `name` with data, then wraps it in layout.mustache.
  // data gets "t" (the catalogue) and "lang"; title_key names the page title in the catalogue.
  std::string page(const http::Request& request, std::string_view name, std::string_view title_key,
                   boost::json::object data) const;
  // Renders one template without the layout. Templates whose names start with "_" are
  // partials: any template includes them with {{>_name}}, in the current context.
  std::string fragment(std::string_view name, const boost::json::object& data) const;

  const i18n::Catalogues& catalogues() const { return catalogues_; }

  // The header's links for this reader ("nav_links": label, path, back), set once at start
  // from the links the modules declare (app/navigation.h).
  using Navigation = std::function<boost::json::object(const http::Request&)>;
  void set_navigation(Navigation navigation) { navigation_ = std::move(navigation); }
  // A value every page's layout has (the map tile server, say), set once at start.
  void set_layout_value(const std::string& key, const std::string& value) {
    layout_values_[key] = value;
  }
  // What every page shows above its content, set once at start by the module that owns it
  // (the warnings in force): its partial `template_name`, rendered with what `banner` returns
  // and the catalogue. Pages kept in the cache depend on `scope` as well, and on what
  // `variant` returns for the request (the commune an anonymous reader chose).
  using Banner = std::function<boost::json::object(const http::Request&)>;
  using BannerVariant = std::function<std::string(const http::Request&)>;
  void set_banner(std::string template_name, Banner banner, std::string scope,
                  BannerVariant variant) {
    banner_template_ = std::move(template_name);
    banner_ = std::move(banner);
    banner_scope_ = std::move(scope);
    banner_variant_ = std::move(variant);
  }
  const std::string& banner_scope() const { return banner_scope_; }
  std::string banner_variant(const http::Request& request) const {
    return banner_variant_ ? banner_variant_(request) : std::string();
  }

 private:
  Navigation navigation_;
  boost::json::object layout_values_;
  Banner banner_;
  std::string banner_template_;
  std::string banner_scope_;
  BannerVariant banner_variant_;
  std::map<std::string, std::string, std::less<>> sources_;
  const i18n::Catalogues& catalogues_;
};

}  // namespace cds::web

// "Dữ liệu của tôi": everything the platform holds about the signed-in person, as the download
// has it, in words: each section and field named from the catalogue (account.data.*), codes
// (roles, facts, consents, audit actions, states) by their names, units by theirs, times as
// Vietnamese readers write them. Modules' sections (their reports, say) are shown the same way.
#include <boost/json.hpp>

#include "accounts/admin_shared.h"
#include "accounts/http_auth.h"
#include "accounts/routes.h"
#include "accounts/service.h"
#include "web/pages.h"

namespace cds::accounts {
namespace json = boost::json;
using http::Request;

namespace {

class Words {
 public:
  Words(const web::AppContext& app, std::string lang) : app_(app), lang_(std::move(lang)) {}
  // The section being shown: its module names some codes (Profile::add_export_section).
  void in_section(const Profile::CodeNames* names) { module_names_ = names; }

  std::string label(const std::string& key) const { return app_.catalogues.text(lang_, key); }
  std::string field(std::string_view name) const {
    return label("account.data.field." + std::string(name));
  }

  // A value as a person reads it; `name` is the field it is the value of.
  std::string value(std::string_view name, const json::value& v) const {
    if (v.is_null()) return "—";
    if (v.is_bool()) return label(v.as_bool() ? "account.data.yes" : "account.data.no");
    if (v.is_int64()) return std::to_string(v.as_int64());
    if (v.is_uint64()) return std::to_string(v.as_uint64());
    if (v.is_double()) return json::serialize(v);
    if (v.is_object()) {
      std::string out;
      for (const auto& [k, inner] : v.as_object())
        out += (out.empty() ? "" : "; ") + std::string(k) + ": " + value(k, inner);
      return out.empty() ? "—" : out;
    }
    if (!v.is_string()) return json::serialize(v);
    std::string s(v.as_string());
    if (s.empty()) return "—";
    if (s.size() >= 20 && s[4] == '-' && s[10] == 'T') return web::display_time(s);
    if (name.ends_with("unit_code")) return unit_label(app_, s);
    // A code the catalogue names, under the prefix its field uses.
    std::vector<std::string> keys = code_keys(name, s);
    if (module_names_)
      if (auto it = module_names_->find(std::string(name)); it != module_names_->end())
        keys.push_back(it->second + s);
    for (const std::string& key : keys) {
      const std::string& text = app_.catalogues.text(lang_, key);
      if (text != key) return text;
    }
    return s;
  }

 private:
  static std::vector<std::string> code_keys(std::string_view name, const std::string& code) {
    if (name == "roles") return {"role." + code};
    if (name == "fact") return {"fact." + code};
    if (name == "value") return {"fact.value." + code};
    if (name == "source") return {"fact.source." + code};
    if (name == "purpose") {
      for (const auto& purpose : consent_purposes())
        if (purpose.code == code) return {std::string(purpose.label_key)};
      return {};
    }
    if (name == "action") return {"audit.action." + code};
    if (name == "status") return {"account.data.status." + code};
    if (name == "preferred_language") return {"account.data.language." + code};
    return {};
  }

  const web::AppContext& app_;
  std::string lang_;
  const Profile::CodeNames* module_names_ = nullptr;
};

// One block of a section: a heading (for a part of a module's section), then fields, cards
// of fields, or a list.
json::object block(const Words& w, const std::string& name, const json::value& v,
                   const std::string& heading) {
  json::object b{{"heading", heading}};
  // A code with its words beside it ("category" and "category_name") is shown by the words,
  // under the code's label.
  auto rows = [&](const json::object& o) {
    json::array out;
    for (const auto& [k, inner] : o) {
      std::string key(k);
      if (o.contains(key + "_name")) continue;
      if (key.ends_with("_name") && o.contains(key.substr(0, key.size() - 5)))
        key.resize(key.size() - 5);
      out.push_back(json::object{{"label", w.field(key)}, {"value", w.value(k, inner)}});
    }
    return out;
  };
  if (v.is_object()) {
    b["rows"] = rows(v.as_object());
    b["has_rows"] = true;
  } else if (v.is_array() && !v.as_array().empty() && v.as_array().front().is_object()) {
    json::array cards;
    for (const auto& item : v.as_array())
      if (item.is_object()) cards.push_back(json::object{{"rows", rows(item.as_object())}});
    b["cards"] = std::move(cards);
  } else if (v.is_array() && !v.as_array().empty()) {
    json::array items;
    for (const auto& item : v.as_array()) items.push_back(json::string(w.value(name, item)));
    b["items"] = std::move(items);
    b["has_items"] = true;
  } else {
    b["empty"] = true;
  }
  return b;
}

}  // namespace

void add_data_page(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;
  router.get("/tai-khoan/du-lieu", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    if (!actor.signed_in()) return web::sign_in_first(req);
    json::object data = svc.profile.export_own_data(actor, req.remote_address);
    Words w(*ctx, ctx->renderer.language(req));
    json::array sections;
    for (const auto& [key, v] : data) {
      if (key == "exported_at") continue;
      std::string name(key);
      w.in_section(&svc.profile.code_names(name));
      json::array blocks;
      // A module's section made of parts ({"reports": […], "follows": […]}) shows each part.
      bool parts = v.is_object() && !v.as_object().empty();
      for (const auto& [k, inner] : parts ? v.as_object() : json::object{})
        parts = parts && inner.is_array();
      if (parts) {
        for (const auto& [k, inner] : v.as_object())
          blocks.push_back(
              block(w, std::string(k), inner, w.label("account.data." + std::string(k))));
      } else {
        blocks.push_back(block(w, name, v, ""));
      }
      sections.push_back(json::object{{"heading", w.label("account.data." + name)},
                                      {"blocks", std::move(blocks)}});
    }
    return web::form_page(
        *ctx, req, "my_data", "account.data.title",
        json::object{
            {"sections", std::move(sections)},
            {"exported_at", web::display_time(std::string(data.at("exported_at").as_string()))}});
  });
}

}  // namespace cds::accounts

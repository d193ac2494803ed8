#include "units/picker.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/text.h"
#include "units/service.h"

namespace cds::units {
namespace json = boost::json;

namespace {
// Enough hits to still find the allowed ones when most of the province's units are not.
constexpr size_t kSearchDepth = 400;
constexpr size_t kChoices = 20;

std::vector<Unit> allowed_hits(const UnitService& units, const std::string& query,
                               const UnitAllowed& allowed, size_t limit, bool with_villages) {
  std::vector<Unit> out;
  for (const auto& hit : units.search(query, kGeneration2025, kSearchDepth, with_villages)) {
    if (!allowed(hit.unit)) continue;
    out.push_back(hit.unit);
    if (out.size() >= limit) break;
  }
  return out;
}
}  // namespace

UnitPick pick_unit(const UnitService& units, const std::string& code, const std::string& typed,
                   const UnitAllowed& given_allowed, bool with_villages) {
  UnitAllowed allowed = [&](const Unit& u) {
    return (with_villages || u.level != kVillageLevel) && given_allowed(u);
  };
  UnitPick pick;
  pick.typed = text::nfc(text::trim(typed));
  if (!code.empty()) {
    auto u = units.find(kGeneration2025, code);
    // Still named: the text is empty, the unit's code or name, or a search that finds it
    // (the list of choices came back with the text the person typed).
    auto named_by_search = [&] {
      for (const auto& m : allowed_hits(units, pick.typed, allowed, kSearchDepth, with_villages))
        if (m.code == u->code) return true;
      return false;
    };
    bool still_named = pick.typed.empty() || pick.typed == code ||
                       (u && (text::fold(pick.typed) == text::fold(units.full_name(*u)) ||
                              text::fold(pick.typed) == u->name_folded || named_by_search()));
    if (u && allowed(*u) && still_named) {
      pick.code = u->code;
      pick.typed = units.full_name(*u);
      return pick;
    }
  }
  if (pick.typed.empty()) return pick;
  if (auto u = units.find(kGeneration2025, pick.typed); u && allowed(*u)) {
    pick.code = u->code;
    pick.typed = units.full_name(*u);
    return pick;
  }
  pick.matches = allowed_hits(units, pick.typed, allowed, kChoices, with_villages);
  std::string folded = text::fold(pick.typed);
  for (const auto& u : pick.matches)
    if (pick.matches.size() == 1 || u.name_folded == folded ||
        text::fold(units.full_name(u)) == folded) {
      pick.code = u.code;
      pick.typed = units.full_name(u);
      pick.matches.clear();
      break;
    }
  return pick;
}

json::object picker_json(const UnitService& units, const std::string& field,
                         const std::string& label, const UnitPick& pick, bool required,
                         bool with_villages) {
  json::array choices;
  for (const auto& u : pick.matches)
    choices.push_back(json::object{{"code", u.code}, {"full_name", units.full_name(u)}});
  return json::object{{"field", field},
                      {"id", "picker-" + field},
                      {"label", label},
                      {"required", required},
                      {"villages", with_villages},
                      {"code", pick.code},
                      {"typed", pick.typed},
                      {"has_matches", !choices.empty()},
                      {"matches", std::move(choices)},
                      {"no_match", pick.asked() && !pick.chosen() && pick.matches.empty()}};
}

json::array picker_matches(const UnitService& units, const std::string& query,
                           const UnitAllowed& allowed, size_t limit, bool with_villages) {
  json::array out;
  for (const auto& u : allowed_hits(units, query, allowed, limit, with_villages))
    out.push_back(
        json::object{{"code", u.code}, {"name", u.name}, {"full_name", units.full_name(u)}});
  return out;
}

boost::json::object unit_choices_json(const UnitService& units, const std::string& province,
                                      const std::string& field,
                                      const std::vector<std::string>& chosen,
                                      const UnitAllowed& allowed, const std::string& whole_label) {
  auto checked = [&](const std::string& code) {
    return std::find(chosen.begin(), chosen.end(), code) != chosen.end();
  };
  boost::json::array communes;
  for (const auto& u : units.children(kGeneration2025, province))
    if (allowed(u))
      communes.push_back(
          boost::json::object{{"code", u.code}, {"name", u.name}, {"checked", checked(u.code)}});
  auto whole = units.find(kGeneration2025, province);
  return {{"field", field},
          {"whole", boost::json::object{{"code", province},
                                        {"label", whole_label},
                                        {"allowed", whole && allowed(*whole)},
                                        {"checked", checked(province)}}},
          {"communes", std::move(communes)}};
}

}  // namespace cds::units

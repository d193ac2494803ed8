// The unit picker: wherever a form asks for a 2025 unit, the person types a name (tone marks
// optional) and chooses. With JavaScript the choices appear as they type; without it the form
// comes back with the matches as a list to choose from. Either way the server decides: only
// units the caller allows are ever chosen.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <vector>

#include "units/model.h"

namespace cds::units {

class UnitService;

struct UnitPick {
  std::string code;           // the unit chosen; empty when the answer did not name one
  std::string typed;          // what was typed, to show again
  std::vector<Unit> matches;  // when typed text names several allowed units: the choices
  bool asked() const { return !typed.empty() || !code.empty(); }
  bool chosen() const { return !code.empty(); }
};

using UnitAllowed = std::function<bool(const Unit&)>;

// Reads a picker's two fields: `code` (the hidden field the script or the list of choices
// fills) and `typed` (the text box). A code wins when it is an allowed 2025 unit and the text
// still names it (or is empty); otherwise the text is searched: a code typed as such, a single
// allowed match, or a match whose name is exactly the text is chosen; several matches are
// returned for the person to choose from.
// Villages are among the units only `with_villages` (a role held for a village); elsewhere a
// village's code is no unit at all.
UnitPick pick_unit(const UnitService& units, const std::string& code, const std::string& typed,
                   const UnitAllowed& allowed, bool with_villages = false);

// What the _unit_picker partial reads, under "picker": the field's name and id, its label,
// whether it is required, the value to show, and the choices when there are several. The
// text box's name is field + "_q". `with_villages`: the script asks for villages too.
boost::json::object picker_json(const UnitService& units, const std::string& field,
                                const std::string& label, const UnitPick& pick, bool required,
                                bool with_villages = false);

// Several units at once (whom an article or a warning is for), usable without JavaScript: the
// province as a whole, then each of its communes, as checkboxes named `field`, only those
// `allowed` says the person may choose, those in `chosen` ticked. What the _unit_choices
// partial reads, under "unit_choices"; `whole_label` names the whole province.
boost::json::object unit_choices_json(const UnitService& units, const std::string& province,
                                      const std::string& field,
                                      const std::vector<std::string>& chosen,
                                      const UnitAllowed& allowed, const std::string& whole_label);

// The allowed units among a search's hits, as JSON for the script: [{code, name, full_name}].
boost::json::array picker_matches(const UnitService& units, const std::string& query,
                                  const UnitAllowed& allowed, size_t limit,
                                  bool with_villages = false);

}  // namespace cds::units

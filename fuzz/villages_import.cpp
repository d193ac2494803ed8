// A commune's list of villages (units::read_village_list) on any text: nothing may crash; a
// text refused whole is a cds::Error bad_csv; every line is either kept or named in the
// report, once; a kept village names a known commune, a kind of the three, a name on one line
// of at most 120 characters that the input rule accepts as it is (NFC), without spaces at its
// ends or two in a row, folded as name_folded; no commune has the same folded name twice.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "fuzz.h"
#include "units/villages.h"

namespace text = cds::text;
namespace units = cds::units;
using cds::fuzz::accepted_as_is;

namespace {
// A known commune: five digits, the first one 0 (so that the input finds both kinds).
bool is_commune(const std::string& code) {
  return code.size() == 5 && code[0] == '0' &&
         code.find_first_not_of("0123456789") == std::string::npos;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  units::VillageList list;
  try {
    list = units::read_village_list(input, is_commune);
  } catch (const cds::Error& e) {
    CHECK(e.code == "bad_csv");
    return 0;
  }
  auto accepted = text::accepted_input(input);
  CHECK(accepted);
  auto table = cds::csv::parse(*accepted);
  CHECK(list.lines.size() + list.rejected.size() == table.rows.size());
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& v : list.lines) {
    CHECK(is_commune(v.commune_code));
    CHECK(v.kind == "thon" || v.kind == "ban" || v.kind == "to_dan_pho");
    CHECK(!v.name.empty() && accepted_as_is(v.name));
    CHECK(text::char_count(v.name) <= 120);
    CHECK(v.name.find_first_of("\t\r\n") == std::string::npos);
    CHECK(v.name.front() != ' ' && v.name.back() != ' ');
    CHECK(v.name.find("  ") == std::string::npos);
    CHECK(v.name_folded == text::fold(v.name));
    CHECK(seen.emplace(v.commune_code, v.name_folded).second);
    CHECK(v.line >= 2);
  }
  for (const auto& r : list.rejected) CHECK(r.rfind("line ", 0) == 0);
  return 0;
}

// The VNeID activation list as the commune police send it (accounts::read_vneid_list: the part
// of Officers::import_vneid that needs no database) on any bytes. Nothing may crash; a list
// refused whole is cds::Error bad_input "bad_csv"; each line keeps its place in the file (in
// order, after the header), a phone only in E.164, a CCCD and values that pass the input rule,
// and either a reason from the list of reasons with nothing to record, or facts that
// valid_fact accepts, the level first, each fact once, dated as asked.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "accounts/vneid.h"
#include "core/error.h"
#include "core/text.h"
#include "fuzz.h"

namespace accounts = cds::accounts;
namespace text = cds::text;
using cds::fuzz::accepted_as_is;

namespace {

constexpr const char* kAt = "2026-12-05T02:00:00Z";

void check_line(const accounts::VneidLine& line) {
  if (!line.phone.empty()) {
    CHECK(line.phone.size() == 12 && line.phone.starts_with("+84"));
    CHECK(line.phone.find_first_not_of("0123456789", 1) == std::string::npos);
  }
  CHECK(accepted_as_is(line.cccd) && line.cccd == text::trim(line.cccd));
  if (!line.problem.empty()) {
    CHECK(line.facts.empty());
    CHECK(line.problem == "vneid_level must be none, level1 or level2" ||
          line.problem == "vneid_state must be registered, approved or activated" ||
          line.problem == "dates must be written yyyy-mm-dd");
    return;
  }
  CHECK(!line.facts.empty() && line.facts.front().fact == accounts::kFactVneidLevel);
  std::set<std::string> seen;
  for (const auto& f : line.facts) {
    CHECK(seen.insert(f.fact).second);
    CHECK(accounts::valid_fact(f.fact, f.value) && accepted_as_is(f.value));
    CHECK(f.source == "import" && f.recorded_at == kAt && !f.recorded_by);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<accounts::VneidLine> lines;
  try {
    lines = accounts::read_vneid_list(in, kAt);
  } catch (const cds::Error& e) {
    CHECK(e.kind == cds::ErrorKind::bad_input && e.code == "bad_csv");
    return 0;
  }
  size_t previous = 1;  // the header's
  for (const auto& line : lines) {
    CHECK(line.line > previous);
    previous = line.line;
    check_line(line);
  }
  return 0;
}

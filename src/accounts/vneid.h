// The VNeID activation list the commune police send: CSV with phone or cccd, vneid_level, and
// optionally vneid_state, registered_on, approved_on and activated_on. Read and checked line by
// line here, without the database; Officers::import_vneid then finds whom each line names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "accounts/model.h"

namespace cds::accounts {

struct VneidLine {
  size_t line = 0;          // where it starts in the file, from 1
  std::string phone;        // E.164 when the phone cell reads as a mobile number; else ""
  std::string cccd;         // the cccd cell, trimmed
  std::vector<Fact> facts;  // what it records, when problem is empty
  std::string problem;      // a value it gives is wrong: "dates must be written yyyy-mm-dd"
};

// Throws Error bad_input "bad_csv" when the text breaks the input rule, is not CSV, or lacks the
// columns (phone or cccd, and vneid_level). recorded_at dates the facts (source "import").
std::vector<VneidLine> read_vneid_list(std::string_view csv_text, const std::string& recorded_at);

}  // namespace cds::accounts

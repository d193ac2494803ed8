// What every libFuzzer target shares: CHECK stops the run (a finding) when a property the code
// promises does not hold, and accepted_as_is says that a text the code handed on is one the
// input rule accepts unchanged (valid NFC UTF-8, no control or direction characters).
#pragma once

#include <cstdlib>
#include <string_view>

#include "core/text.h"

#define CHECK(cond) \
  if (!(cond)) std::abort()

namespace cds::fuzz {

inline bool accepted_as_is(std::string_view s) {
  auto a = text::accepted_input(s);
  return a && *a == s;
}

}  // namespace cds::fuzz

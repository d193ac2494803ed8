// XML checked by a real parser (libxml2), as other Open311 and CAP clients read it: well-formed,
// with only the characters XML 1.0 allows, and nothing fetched from the network.
#pragma once

#include <string>

namespace cds::test {

// True when `xml` parses; otherwise false with libxml2's first complaint in `why`.
bool well_formed_xml(const std::string& xml, std::string& why);

}  // namespace cds::test

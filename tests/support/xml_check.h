// XML checked by a real parser (libxml2), as other Open311 and CAP clients read it: well-formed,
// with only the characters XML 1.0 allows, and nothing fetched from the network.
#pragma once

#include <filesystem>
#include <string>

namespace cds::test {

// True when `xml` parses; otherwise false with libxml2's first complaint in `why`.
bool well_formed_xml(const std::string& xml, std::string& why);

// The schema files beside the repository (../shared/standards/cap: CAP 1.2, its extended
// rules, RSS 2.0). They may be absent: the tests that need them say so and skip.
std::filesystem::path schema_dir();
// What `xmllint --noout --schema` says of xml against that schema file in schema_dir(); ""
// when it is valid.
std::string xmllint(const std::string& xml, const std::string& schema);

}  // namespace cds::test

// Writing XML text safely: the five markup characters escaped, and any character XML 1.0
// does not allow (control characters, U+FFFE/FFFF, broken UTF-8) replaced by U+FFFD instead
// of being written. Input is already checked when it arrives (text::accepted_input); this is
// the second line of defence, so that one bad row can never make a whole feed unreadable.
#pragma once

#include <string>
#include <string_view>

namespace cds::xml {

// Escaped for element content and for attribute values in either kind of quotes.
std::string escape(std::string_view utf8);
// Appends escape(utf8) to out.
void append_escaped(std::string& out, std::string_view utf8);
// Appends <name>escaped value</name> to out.
void append_element(std::string& out, std::string_view name, std::string_view value);

}  // namespace cds::xml

#include "core/xml.h"

#include <unicode/utf8.h>

#include "core/text.h"

namespace cds::xml {

void append_escaped(std::string& out, std::string_view utf8) {
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0 || !text::is_xml_char(static_cast<char32_t>(c))) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out.append(utf8.data() + start, static_cast<size_t>(i - start));
    }
  }
}

std::string escape(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() + 16);
  append_escaped(out, utf8);
  return out;
}

void append_element(std::string& out, std::string_view name, std::string_view value) {
  out += '<';
  out += name;
  out += '>';
  append_escaped(out, value);
  out += "</";
  out += name;
  out += '>';
}

}  // namespace cds::xml

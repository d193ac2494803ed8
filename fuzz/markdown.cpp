// News articles' Markdown on any text: nothing may crash, and the HTML must stay free of
// script (no <script, no javascript: link, no on… attribute, no raw HTML passed through).
#include "news/markdown.h"

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string html = cds::news::markdown_html(in);
  std::string lower;
  for (char c : html)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower.find("<script") != std::string::npos) std::abort();
  if (lower.find("href=\"javascript:") != std::string::npos) std::abort();
  if (lower.find("src=\"javascript:") != std::string::npos) std::abort();
  // An attribute inside a tag that starts with "on" (onclick=…), outside the quoted values
  // (an image's alt text may well say " on"): only cmark's own attributes appear.
  for (size_t at = lower.find('<'); at != std::string::npos; at = lower.find('<', at + 1)) {
    char quote = 0;
    for (size_t i = at + 1; i < lower.size() && (quote || lower[i] != '>'); ++i) {
      if (quote) {
        if (lower[i] == quote) quote = 0;
      } else if (lower[i] == '"' || lower[i] == '\'') {
        quote = lower[i];
      } else if (lower[i] == ' ' && lower.compare(i + 1, 2, "on") == 0) {
        std::abort();
      }
    }
  }
  return 0;
}

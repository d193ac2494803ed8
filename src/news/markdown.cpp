#include "news/markdown.h"

#include <cmark.h>

#include <cstdlib>
#include <memory>

namespace cds::news {

std::string markdown_html(std::string_view markdown) {
  // Typographic quotes and dashes read better in Vietnamese text; safe mode is cmark's default
  // since 0.29 and is asked for anyway.
  std::unique_ptr<char, decltype(&std::free)> html(
      cmark_markdown_to_html(markdown.data(), markdown.size(), CMARK_OPT_SAFE | CMARK_OPT_SMART),
      &std::free);
  return html ? std::string(html.get()) : std::string();
}

}  // namespace cds::news

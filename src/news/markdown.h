// Markdown to HTML with cmark (the CommonMark reference) in safe mode: raw HTML from an author
// becomes a comment and javascript: links lose their target. What it returns is safe to put
// in a page unescaped.
#pragma once

#include <string>
#include <string_view>

namespace cds::news {

std::string markdown_html(std::string_view markdown);

}  // namespace cds::news

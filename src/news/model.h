// News articles as the platform keeps them: a title, a summary, a Markdown body with the HTML
// made of it once, a cover photo, whom it is for (communes, or the whole province) and where
// it stands (draft, published from a time, archived).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "news/workflow.h"

namespace cds::news {

// The cache scope every change to news touches (core/cache.h).
inline constexpr const char* kScope = "news";

struct Article {
  int64_t id = 0;
  std::string title, summary, body_md, body_html;
  std::string cover, cover_thumb;  // paths under the uploads folder, "" for none
  std::string cover_alt;           // the officer's description of the cover, for who cannot see it
  State state = State::draft;      // workflow.h
  std::string publish_at;          // UTC ISO
  int64_t author_id = 0;
  std::vector<std::string> unit_codes;  // communes, or the province's code
  std::string created_at, updated_at;
  // Readers see it: published, and its time (UTC ISO) has come (workflow.h, readable_sql).
  bool readable(const std::string& now_utc) const;
  // An officer may still rewrite it (not archived).
  bool editable() const;
};

}  // namespace cds::news

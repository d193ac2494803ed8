// An Atom feed (RFC 4287) written once for every module that publishes one (news, alerts):
// the feed's id and self link, title (also its author), time of the newest entry, and per
// entry its id, title, times, link, summary and, when given, HTML content. Text is escaped.
#pragma once

#include <string>
#include <vector>

namespace cds::atom {

struct Entry {
  std::string id, title;
  std::string updated, published;  // RFC 3339
  std::string link, link_type;     // the entry's page (or CAP message) and its media type
  std::string summary;
  std::string html;  // <content type="html">, or none when empty
};

struct Feed {
  std::string self;     // the feed's own address, also its id
  std::string title;    // also the author's name
  std::string updated;  // RFC 3339: the newest entry's, or now
  std::vector<Entry> entries;
};

std::string write(const Feed& feed);

}  // namespace cds::atom

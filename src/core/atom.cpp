#include "core/atom.h"

#include "core/xml.h"

namespace cds::atom {

std::string write(const Feed& feed) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">";
  xml::append_element(out, "id", feed.self);
  xml::append_element(out, "title", feed.title);
  xml::append_element(out, "updated", feed.updated);
  out += "<link rel=\"self\" type=\"application/atom+xml\" href=\"";
  xml::append_escaped(out, feed.self);
  out += "\"/><author><name>";
  xml::append_escaped(out, feed.title);
  out += "</name></author>";
  for (const auto& e : feed.entries) {
    out += "<entry>";
    xml::append_element(out, "id", e.id);
    xml::append_element(out, "title", e.title);
    xml::append_element(out, "updated", e.updated);
    xml::append_element(out, "published", e.published);
    out += "<link rel=\"alternate\" type=\"";
    xml::append_escaped(out, e.link_type);
    out += "\" href=\"";
    xml::append_escaped(out, e.link);
    out += "\"/>";
    xml::append_element(out, "summary", e.summary);
    if (!e.html.empty()) {
      out += "<content type=\"html\">";
      xml::append_escaped(out, e.html);
      out += "</content>";
    }
    out += "</entry>";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace cds::atom

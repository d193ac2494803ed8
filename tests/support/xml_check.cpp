#include "xml_check.h"

#include <libxml/parser.h>

namespace cds::test {

bool well_formed_xml(const std::string& xml, std::string& why) {
  xmlResetLastError();
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "response.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc) {
    xmlFreeDoc(doc);
    return true;
  }
  const xmlError* e = xmlGetLastError();
  why = e && e->message ? e->message : "not well-formed";
  if (e) why += " (line " + std::to_string(e->line) + ")";
  return false;
}

}  // namespace cds::test

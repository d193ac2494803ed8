#include "xml_check.h"

#include <libxml/parser.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>

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

std::filesystem::path schema_dir() {
  return std::filesystem::path(CDS_SOURCE_DIR) / ".." / "shared" / "standards" / "cap";
}

std::string xmllint(const std::string& xml, const std::string& schema) {
  namespace fs = std::filesystem;
  static std::atomic<int> count{0};
  fs::path file = fs::temp_directory_path() / ("cds-xmllint-" + std::to_string(getpid()) + "-" +
                                               std::to_string(count++) + ".xml");
  std::ofstream(file) << xml;
  std::string out = file.string() + ".out";
  std::string command = "xmllint --noout --schema '" + (schema_dir() / schema).string() + "' '" +
                        file.string() + "' > '" + out + "' 2>&1";
  int rc = std::system(command.c_str());
  std::ifstream in(out);
  std::string said((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(file);
  fs::remove(out);
  return rc == 0 ? "" : said;
}

}  // namespace cds::test

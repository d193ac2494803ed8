// CAP 1.2 messages written from any fields (alerts::cap_xml; the input's fields are split at
// 0x1F: identifier, sender, sent, status, msgType, references, event, categories, response
// types, urgency, severity, certainty, effective, onset, expires, the vi-VN headline,
// description and instruction, the en-US ones, areaDesc, unit codes, polygon "lat,lon …",
// circle "lat,lon radius"). Nothing may crash; alerts::validate fails only with cds::Error
// bad_input; the XML is well-formed for libxml2 whatever the fields hold, and each text field
// reads back as it was given (a character XML cannot carry as U+FFFD, a CR as a line feed, as
// every XML parser reads it); a message validate accepts is valid against OASIS's CAP 1.2
// schema and the extended one (../shared/standards/cap, checked when present).
#include "alerts/cap.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "fuzz.h"

namespace alerts = cds::alerts;
namespace text = cds::text;

namespace {

std::string schema_errors;  // what libxml2 said of the last document checked

void keep_error(void*, xmlErrorPtr e) {  // libxml2 2.9: not const
  if (e && e->message) schema_errors += e->message;
}

struct Schema {
  xmlSchemaPtr schema = nullptr;
  xmlSchemaValidCtxtPtr validator = nullptr;
};

Schema load_schema(const std::filesystem::path& file) {
  Schema out;
  if (!std::filesystem::exists(file)) return out;
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(file.c_str());
  out.schema = xmlSchemaParse(parser);
  xmlSchemaFreeParserCtxt(parser);
  if (!out.schema) std::abort();  // the schema itself does not read: nothing would be checked
  out.validator = xmlSchemaNewValidCtxt(out.schema);
  xmlSchemaSetValidStructuredErrors(out.validator, keep_error, nullptr);
  return out;
}

// Loaded once; freed at exit, so that the leak check sees nothing of them.
struct Schemas {
  std::vector<Schema> list;
  ~Schemas() {
    for (auto& s : list) {
      xmlSchemaFreeValidCtxt(s.validator);
      xmlSchemaFree(s.schema);
    }
  }
};

const std::vector<Schema>& schemas() {
  static Schemas all;
  static bool loaded = false;
  if (!loaded) {
    loaded = true;
    auto dir = std::filesystem::path(CDS_SOURCE_DIR) / ".." / "shared" / "standards" / "cap";
    for (const char* name : {"cap12.xsd", "cap12_extended.xsd"})
      if (auto s = load_schema(dir / name); s.schema) all.list.push_back(s);
    if (all.list.empty())
      std::fprintf(stderr, "fuzz_cap: no schema in %s, not checked\n", dir.c_str());
  }
  return all.list;
}

std::vector<std::string> fields(std::string_view in) {
  std::vector<std::string> out;
  while (true) {
    auto cut = in.find('\x1f');
    out.emplace_back(in.substr(0, cut));
    if (cut == std::string_view::npos) break;
    in.remove_prefix(cut + 1);
  }
  out.resize(25);
  return out;
}

std::vector<alerts::Point> points(const std::string& s) {
  std::vector<alerts::Point> out;
  for (const auto& pair : text::split_words(s)) {
    auto comma = pair.find(',');
    if (comma == std::string::npos) return {};
    auto lat = text::parse_decimal(pair.substr(0, comma));
    auto lon = text::parse_decimal(pair.substr(comma + 1));
    if (!lat || !lon) return {};
    out.push_back({*lat, *lon});
  }
  return out;
}

alerts::Alert alert_of(const std::vector<std::string>& f) {
  alerts::Alert a;
  a.identifier = f[0];
  a.sender = f[1];
  a.sent = f[2];
  a.status = f[3];
  a.msg_type = f[4];
  a.references = text::split_words(f[5]);
  a.event = f[6];
  a.categories = text::split_words(f[7]);
  a.response_types = text::split_words(f[8]);
  a.urgency = f[9];
  a.severity = f[10];
  a.certainty = f[11];
  a.effective = f[12];
  a.onset = f[13];
  a.expires = f[14];
  a.texts.push_back({"vi-VN", f[15], f[16], f[17]});
  if (!f[18].empty()) a.texts.push_back({"en-US", f[18], f[19], f[20]});
  a.area_desc = f[21];
  a.unit_codes = text::split_words(f[22]);
  a.polygon = points(f[23]);
  auto circle = text::split_words(f[24]);
  if (circle.size() == 2) {
    auto centre = points(circle[0]);
    auto radius = text::parse_decimal(circle[1]);
    if (centre.size() == 1 && radius) a.circle = alerts::Circle{centre[0], *radius};
  }
  return a;
}

// The text as an XML parser gives it back: what XML cannot carry (broken UTF-8, control
// characters, U+FFFE/FFFF) as U+FFFD, as core/xml.h promises, and CR LF or a lone CR as LF.
std::string as_read(std::string_view s) {
  std::string out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const auto length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || !text::is_xml_char(static_cast<char32_t>(c))) {
      out += "\xEF\xBF\xBD";
    } else if (c == '\r') {
      out += '\n';
      if (i < length && s[static_cast<size_t>(i)] == '\n') ++i;
    } else {
      out.append(s.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    }
  }
  return out;
}

// Every leaf element's text by element name, in document order.
void collect(xmlNodePtr node, std::multimap<std::string, std::string>& out) {
  for (xmlNodePtr n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    bool leaf = true;
    for (xmlNodePtr c = n->children; c; c = c->next) leaf = leaf && c->type != XML_ELEMENT_NODE;
    if (leaf) {
      xmlChar* content = xmlNodeGetContent(n);
      out.emplace(reinterpret_cast<const char*>(n->name),
                  content ? reinterpret_cast<const char*>(content) : "");
      xmlFree(content);
    } else {
      collect(n->children, out);
    }
  }
}

bool has(const std::multimap<std::string, std::string>& read, const std::string& name,
         std::string_view given) {
  auto [from, to] = read.equal_range(name);
  for (auto it = from; it != to; ++it)
    if (it->second == as_read(given)) return true;
  return false;
}

void check_read_back(const alerts::Alert& a, xmlDocPtr doc) {
  std::multimap<std::string, std::string> read;
  collect(xmlDocGetRootElement(doc), read);
  CHECK(has(read, "identifier", a.identifier) && has(read, "sender", a.sender));
  CHECK(has(read, "sent", a.sent) && has(read, "status", a.status));
  CHECK(has(read, "msgType", a.msg_type) && has(read, "event", a.event));
  CHECK(has(read, "areaDesc", a.area_desc));
  std::string references;
  for (const auto& r : a.references) references += (references.empty() ? "" : " ") + r;
  if (!references.empty()) CHECK(has(read, "references", references));
  for (const auto& c : a.categories) CHECK(has(read, "category", c));
  for (const auto& r : a.response_types) CHECK(has(read, "responseType", r));
  for (const auto& u : a.unit_codes) CHECK(has(read, "value", u));
  for (const auto& [name, time] : {std::pair{"effective", &a.effective},
                                   std::pair{"onset", &a.onset}, std::pair{"expires", &a.expires}})
    if (!time->empty()) CHECK(has(read, name, *time));
  for (const auto& t : a.texts) {
    if (!t.headline.empty()) CHECK(has(read, "headline", t.headline));
    if (!t.description.empty()) CHECK(has(read, "description", t.description));
    if (!t.instruction.empty()) CHECK(has(read, "instruction", t.instruction));
  }
}

bool valid(const alerts::Alert& a) {
  try {
    alerts::validate(a);
    return true;
  } catch (const cds::Error& e) {
    CHECK(e.kind == cds::ErrorKind::bad_input);
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  xmlInitParser();
  schemas();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  alerts::Alert a = alert_of(fields(std::string_view(reinterpret_cast<const char*>(data), size)));
  bool accepted = valid(a);
  std::string xml = alerts::cap_xml(a);
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "cap.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  CHECK(doc);  // well-formed, whatever the fields held
  check_read_back(a, doc);
  if (accepted)
    for (const auto& s : schemas()) {
      schema_errors.clear();
      if (xmlSchemaValidateDoc(s.validator, doc) != 0) {
        std::fprintf(stderr, "fuzz_cap: validate() accepted what the schema refuses: %s\n%s\n",
                     schema_errors.c_str(), xml.c_str());
        std::abort();
      }
    }
  xmlFreeDoc(doc);
  return 0;
}

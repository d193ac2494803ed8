// The streaming multipart/form-data parser on any bytes, cut into pieces where the input says:
// nothing may crash or leak a spool file, the limits hold, and a parse that succeeds gives the
// same parts however the bytes were cut.
#include "http/multipart.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace http = cds::http;

namespace {

std::string parse(std::string_view body, size_t piece, bool& ok) {
  http::MultipartLimits limits;
  limits.max_parts = 8;
  limits.max_field_bytes = 256;
  limits.max_file_bytes = 4096;
  limits.max_part_header_bytes = 512;
  limits.memory_threshold = 64;  // small: spooling is exercised too
  http::MultipartParser parser("fz", limits, std::filesystem::temp_directory_path());
  auto status = http::MultipartParser::Status::more;
  for (size_t at = 0; at < body.size() && status == http::MultipartParser::Status::more;
       at += piece)
    status = parser.feed(body.substr(at, piece));
  if (status == http::MultipartParser::Status::more) status = parser.finish();
  ok = status == http::MultipartParser::Status::done;
  if (!ok) return parser.error();
  std::string out;
  auto form = parser.take_form();
  if (form->parts.size() > limits.max_parts) std::abort();
  for (const auto& p : form->parts) {
    std::string content = p.read_all();
    if (content.size() != p.size) std::abort();
    out += p.name + "\n" + p.filename.value_or("-") + "\n" + p.content_type + "\n" + content;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size_t piece = data[0] % 31 + 1;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  bool whole_ok = false, pieces_ok = false;
  std::string whole = parse(body, body.size() + 1, whole_ok);
  std::string pieces = parse(body, piece, pieces_ok);
  if (whole_ok != pieces_ok || (whole_ok && whole != pieces)) std::abort();
  http::multipart_boundary(body);
  return 0;
}

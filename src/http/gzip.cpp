#include "http/gzip.h"

#include <zlib.h>

#include <stdexcept>

namespace cds::http {

std::string gzip_compress(std::string_view data, int level) {
  z_stream zs{};
  // windowBits 15 + 16 asks zlib for a gzip wrapper instead of raw zlib.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(zs.total_out);
  return out;
}

namespace {
bool is_compressible(std::string_view content_type) {
  return content_type.starts_with("text/") || content_type.starts_with("application/json") ||
         content_type.starts_with("application/xml") ||
         content_type.starts_with("application/javascript") ||
         content_type.starts_with("application/atom+xml") ||
         content_type.starts_with("application/rss+xml") ||
         content_type.starts_with("image/svg+xml") ||
         content_type.starts_with("application/manifest+json");
}

bool accepts_gzip(std::string_view accept_encoding) {
  // "gzip, deflate, br" or "gzip;q=0" (refused)
  size_t pos = 0;
  while ((pos = accept_encoding.find("gzip", pos)) != std::string_view::npos) {
    std::string_view rest = accept_encoding.substr(pos + 4);
    auto comma = rest.find(',');
    std::string_view params = rest.substr(0, comma);
    if (params.find("q=0") != std::string_view::npos &&
        params.find("q=0.") == std::string_view::npos)
      return false;
    return true;
  }
  return false;
}
}  // namespace

void maybe_gzip(const Request& request, Response& res) {
  constexpr size_t kMinimumSize = 860;  // below one packet compression does not pay
  if (res.body().size() < kMinimumSize) return;
  if (res.find(beast_http::field::content_encoding) != res.end()) return;
  if (!is_compressible(res[beast_http::field::content_type])) return;
  res.set(beast_http::field::vary, "Accept-Encoding");
  if (!accepts_gzip(request.header("Accept-Encoding"))) return;
  res.body() = gzip_compress(res.body());
  res.set(beast_http::field::content_encoding, "gzip");
  res.prepare_payload();
}

}  // namespace cds::http

// gzip for text responses (HTML, CSS, JS, JSON, XML), only when the client accepts it and the
// body is big enough for compression to pay.
#pragma once

#include <string>
#include <string_view>

#include "http/request.h"

namespace cds::http {

std::string gzip_compress(std::string_view data, int level = 6);
// Compresses res in place when worthwhile; sets Content-Encoding and Vary.
void maybe_gzip(const Request& request, Response& res);

}  // namespace cds::http

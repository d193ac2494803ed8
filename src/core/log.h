// Process-wide logging: spdlog, one JSON object per line in production, readable text when
// developing. Nothing personal (names, phones, CCCD, addresses) is ever passed to these calls.
#pragma once

#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

namespace cds::log {

enum class Format { text, json };
void init(Format format, spdlog::level::level_enum level);
// Writes one already-formatted JSON object as a line (the access log uses it).
void json_line(const std::string& json);
// Escapes a string for embedding inside a JSON string literal.
std::string json_escape(std::string_view s);

}  // namespace cds::log

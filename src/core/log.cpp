#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>

#include <cstdio>

namespace cds::log {

void init(Format format, spdlog::level::level_enum level) {
  auto logger = spdlog::stderr_logger_mt("cds");
  if (format == Format::json) {
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":"%v"})");
  } else {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  }
  logger->set_level(level);
  spdlog::set_default_logger(logger);
}

void json_line(const std::string& json) {
  // One write per line so that lines from several threads never interleave.
  std::string line = json + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out;
}

}  // namespace cds::log

#include "feedback/model.h"

namespace cds::feedback {

std::string format_choices(const std::vector<Choice>& choices) {
  std::string out;
  for (const auto& ch : choices) {
    if (!out.empty()) out += ";";
    out += ch.key + "=" + ch.label_vi + "|" + ch.label_en;
  }
  return out;
}

std::vector<Choice> parse_choices(const std::string& text) {
  std::vector<Choice> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(';', pos);
    std::string item = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    size_t eq = item.find('='), bar = item.find('|');
    if (eq != std::string::npos && bar != std::string::npos && bar > eq)
      out.push_back({item.substr(0, eq), item.substr(eq + 1, bar - eq - 1), item.substr(bar + 1)});
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

}  // namespace cds::feedback

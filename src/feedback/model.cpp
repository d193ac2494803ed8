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

std::optional<int64_t> parse_report_reference(std::string_view text) {
  std::string digits;
  size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i + 1 < text.size() && (text[i] == 'P' || text[i] == 'p') &&
      (text[i + 1] == 'A' || text[i + 1] == 'a')) {
    i += 2;
    while (i < text.size() && (text[i] == '-' || text[i] == ' ')) ++i;
  } else {
    return std::nullopt;  // plain digits are a search, not a reference
  }
  for (; i < text.size(); ++i) {
    if (text[i] == ' ' && i + 1 == text.size()) break;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    digits += text[i];
  }
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  int64_t id = std::stoll(digits);
  if (id <= 0) return std::nullopt;
  return id;
}

}  // namespace cds::feedback

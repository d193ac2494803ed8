#include "notify/sms.h"

#include <algorithm>
#include <stdexcept>

namespace cds::notify {

void DevOutbox::send(const std::string& phone, const std::string& text) {
  std::lock_guard lock(mutex_);
  constexpr size_t kKeep = 10000;  // a development aid, not an archive
  if (messages_.size() >= kKeep) messages_.erase(messages_.begin(), messages_.begin() + kKeep / 2);
  messages_.push_back({phone, text, std::chrono::system_clock::now()});
}

std::vector<OutboxMessage> DevOutbox::messages(const std::string& phone) const {
  std::lock_guard lock(mutex_);
  std::vector<OutboxMessage> out;
  for (auto it = messages_.rbegin(); it != messages_.rend(); ++it)
    if (phone.empty() || it->phone == phone) out.push_back(*it);
  return out;
}

void DevOutbox::forget(const std::string& phone) {
  std::lock_guard lock(mutex_);
  std::erase_if(messages_, [&](const OutboxMessage& m) { return m.phone == phone; });
}

void NoSmsGateway::send(const std::string&, const std::string&) {
  throw std::runtime_error("no SMS gateway configured");
}

}  // namespace cds::notify

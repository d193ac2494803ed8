// Text messages to citizens' phones. The real gateway (a telecom's SMS brand-name API) is
// reached through this interface; for development and tests the outbox keeps what was sent
// in memory and `serve --dev-outbox` shows it at /dev/outbox.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace cds::notify {

class SmsSender {
 public:
  virtual ~SmsSender() = default;
  // phone is E.164. Throws on a delivery failure the caller should report.
  virtual void send(const std::string& phone, const std::string& text) = 0;
};

struct OutboxMessage {
  std::string phone;
  std::string text;
  std::chrono::system_clock::time_point sent_at;
};

class DevOutbox final : public SmsSender {
 public:
  void send(const std::string& phone, const std::string& text) override;
  // Newest first; every message when phone is empty.
  std::vector<OutboxMessage> messages(const std::string& phone) const;
  // Forgets a phone's messages (account deletion).
  void forget(const std::string& phone);

 private:
  mutable std::mutex mutex_;
  std::vector<OutboxMessage> messages_;
};

// Used when no gateway is configured and the outbox is off: refuses, so that sign-up says
// plainly that codes cannot be sent rather than pretending.
class NoSmsGateway final : public SmsSender {
 public:
  void send(const std::string&, const std::string&) override;
};

}  // namespace cds::notify

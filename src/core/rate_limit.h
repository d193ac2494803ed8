// Counting events per key in a sliding time window (sign-up codes per phone, failed logins
// per IP). In memory, per process: enough for the single-process SQLite deployment; several
// processes behind a balancer each count their own share.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cds {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(size_t max_events, std::chrono::seconds window) : max_(max_events), window_(window) {}

  // Seconds to wait before the next event is allowed; 0 when allowed now. Does not record.
  long retry_after(const std::string& key, Clock::time_point now = Clock::now());
  void record(const std::string& key, Clock::time_point now = Clock::now());
  // Checks and records in one step; returns the wait (0 = allowed and recorded).
  long hit(const std::string& key, Clock::time_point now = Clock::now());
  void clear(const std::string& key);

 private:
  void prune(std::deque<Clock::time_point>& events, Clock::time_point now);
  size_t max_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> events_;
  size_t operations_ = 0;
};

}  // namespace cds

#include "core/rate_limit.h"

namespace cds {

void RateLimiter::prune(std::deque<Clock::time_point>& events, Clock::time_point now) {
  while (!events.empty() && now - events.front() >= window_) events.pop_front();
}

long RateLimiter::retry_after(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = events_.find(key);
  if (it == events_.end()) return 0;
  prune(it->second, now);
  if (it->second.size() < max_) return 0;
  auto wait =
      std::chrono::duration_cast<std::chrono::seconds>(it->second.front() + window_ - now).count();
  return wait > 0 ? wait : 1;
}

void RateLimiter::record(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& events = events_[key];
  prune(events, now);
  events.push_back(now);
  // Now and then forget keys whose events have all expired, so memory stays bounded.
  if (++operations_ % 1024 == 0) {
    for (auto it = events_.begin(); it != events_.end();) {
      prune(it->second, now);
      it = it->second.empty() ? events_.erase(it) : std::next(it);
    }
  }
}

long RateLimiter::hit(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& events = events_[key];
  prune(events, now);
  if (events.size() >= max_) {
    auto wait =
        std::chrono::duration_cast<std::chrono::seconds>(events.front() + window_ - now).count();
    return wait > 0 ? wait : 1;
  }
  events.push_back(now);
  return 0;
}

void RateLimiter::clear(const std::string& key) {
  std::lock_guard lock(mutex_);
  events_.erase(key);
}

}  // namespace cds

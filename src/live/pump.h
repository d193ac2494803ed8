// The pump: one thread per process that sends every newly committed event to this process's
// open streams. It wakes when the live scope is stamped (by a commit here, or on PostgreSQL
// by another process's NOTIFY), reads the events above the last one it sent and publishes
// them to the hub in id order.
#pragma once

#include <atomic>
#include <cstdint>
#include <set>
#include <string>
#include <thread>

#include "db/connection.h"
#include "http/event_hub.h"

namespace cds::live {

class Pump {
 public:
  // The reach of events of `reach_kinds` (alerts) is recorded as they go out: the open streams
  // of each audience key in this process (live_reach).
  Pump(db::Database& db, http::EventHub& hub, std::set<std::string> reach_kinds);
  ~Pump();
  Pump(const Pump&) = delete;
  Pump& operator=(const Pump&) = delete;
  // Starts after the newest event already stored.
  void start();
  void stop();

 private:
  void run();
  // Reads and publishes what is new; false when the database could not be read.
  bool send_new();
  void record_reach(const http::ServerEvent& event);

  db::Database& db_;
  http::EventHub& hub_;
  std::set<std::string> reach_kinds_;
  int64_t last_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace cds::live

// The pump: one thread per process that sends every newly committed event to this process's
// open streams. It wakes when the live scope is stamped (by a commit here, or on PostgreSQL
// by another process's NOTIFY), reads the events above the last one it sent and publishes
// them to the hub in id order.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

#include "db/connection.h"
#include "http/event_hub.h"

namespace cds::live {

class Pump {
 public:
  Pump(db::Database& db, http::EventHub& hub);
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
  int64_t last_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace cds::live

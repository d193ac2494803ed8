// Prometheus counters for the HTTP layer: requests by route and status, a latency histogram
// per route. Lock-free on the request path: every route owns fixed arrays of atomics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cds::http {

class Router;

class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   1.0,   5.0};
  // route_labels[i] names route i ("GET /api/v1/units"); one extra slot counts unmatched.
  explicit Metrics(std::vector<std::string> route_labels);
  // One counter set per route of the router, labelled "GET /pattern".
  static std::shared_ptr<Metrics> for_router(const Router& router);

  void observe(size_t route_index, unsigned status, double seconds);
  size_t unmatched_index() const { return routes_.size() - 1; }

  // Extra gauges added by other layers (database pool in use, for example).
  using GaugeProvider = std::function<std::string()>;  // returns ready-made exposition text
  void add_gauge_provider(GaugeProvider provider);

  std::string exposition(const std::string& version) const;

 private:
  struct RouteCounters {
    std::string label;
    std::array<std::atomic<uint64_t>, 600> by_status{};
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_microseconds{0};
  };
  std::vector<std::unique_ptr<RouteCounters>> routes_;
  std::vector<GaugeProvider> gauges_;
};

}  // namespace cds::http

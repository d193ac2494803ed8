#include "http/metrics.h"

#include <sstream>

#include "http/router.h"

namespace cds::http {

Metrics::Metrics(std::vector<std::string> route_labels) {
  route_labels.push_back("unmatched");
  for (auto& label : route_labels) {
    auto counters = std::make_unique<RouteCounters>();
    counters->label = std::move(label);
    routes_.push_back(std::move(counters));
  }
}

std::shared_ptr<Metrics> Metrics::for_router(const Router& router) {
  std::vector<std::string> labels;
  for (const auto& r : router.routes())
    labels.push_back(std::string(beast_http::to_string(r.method)) + " " + r.pattern);
  return std::make_shared<Metrics>(std::move(labels));
}

void Metrics::observe(size_t route_index, unsigned status, double seconds) {
  if (route_index >= routes_.size()) route_index = unmatched_index();
  auto& r = *routes_[route_index];
  if (status < r.by_status.size()) r.by_status[status].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  r.buckets[b].fetch_add(1, std::memory_order_relaxed);
  r.count.fetch_add(1, std::memory_order_relaxed);
  r.sum_microseconds.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Metrics::add_gauge_provider(GaugeProvider provider) { gauges_.push_back(std::move(provider)); }

namespace {
std::string label_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}
}  // namespace

std::string Metrics::exposition(const std::string& version) const {
  std::ostringstream out;
  out << "# HELP cds_build_info Build information.\n# TYPE cds_build_info gauge\n"
      << "cds_build_info{version=\"" << label_escape(version) << "\"} 1\n";
  out << "# HELP cds_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE cds_http_requests_total counter\n";
  for (const auto& r : routes_) {
    for (size_t s = 0; s < r->by_status.size(); ++s) {
      uint64_t n = r->by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out << "cds_http_requests_total{route=\"" << label_escape(r->label) << "\",status=\"" << s
          << "\"} " << n << "\n";
    }
  }
  out << "# HELP cds_http_request_duration_seconds Time from request read to response ready.\n"
      << "# TYPE cds_http_request_duration_seconds histogram\n";
  for (const auto& r : routes_) {
    uint64_t count = r->count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    std::string route = label_escape(r->label);
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += r->buckets[b].load(std::memory_order_relaxed);
      out << "cds_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"";
      if (b < kBuckets.size())
        out << kBuckets[b];
      else
        out << "+Inf";
      out << "\"} " << cumulative << "\n";
    }
    out << "cds_http_request_duration_seconds_sum{route=\"" << route << "\"} "
        << static_cast<double>(r->sum_microseconds.load(std::memory_order_relaxed)) / 1e6 << "\n";
    out << "cds_http_request_duration_seconds_count{route=\"" << route << "\"} " << count << "\n";
  }
  for (const auto& g : gauges_) out << g();
  return out.str();
}

}  // namespace cds::http

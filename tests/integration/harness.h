// Integration tests talk HTTP to the real congdanso binary, started on a free port against the
// database named by CDS_TEST_DB (sqlite:… or postgresql://…; a temporary SQLite file when unset).
#pragma once

#include <sys/types.h>

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <vector>

namespace cds::test {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercased; the last of repeated ones
  std::vector<std::string> set_cookies;        // every Set-Cookie, in order
  std::string body;
  std::string header(const std::string& lowercase_name) const;
  boost::json::value json() const;
};

class ServerProcess {
 public:
  // Starts `congdanso serve` with these extra arguments and waits until /healthz answers.
  // db_url: this server's own database instead of the run's shared one. open_files: the
  // server's open-file limit, soft and hard (0: the one the tests run with).
  // binary: another build of congdanso (one with more modules) than the one tested.
  explicit ServerProcess(std::vector<std::string> extra_args = {}, std::string db_url = "",
                         unsigned long open_files = 0, std::string binary = "");
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running();
  // Sends SIGTERM and waits (at most timeout_seconds); returns the exit status or -1.
  int terminate(int timeout_seconds = 20);
  std::string log() const;

 private:
  uint16_t port_ = 0;
  pid_t pid_ = -1;
  bool pid_done_ = false;
  int exit_status_cache_ = -1;
  std::string log_path_;
};

// The server shared by all tests of this run.
ServerProcess& server();
std::string database_url();
// This run's own temporary folder (removed at the end).
std::string temp_dir();
// Where the test servers keep uploaded photos.
std::string uploads_dir();
std::string binary_path();
// Runs the binary with these arguments; returns exit status, output in `output`.
int run_binary(const std::vector<std::string>& args, std::string& output,
               const std::string& binary = "");

using Headers = std::vector<std::pair<std::string, std::string>>;
HttpResult get(const std::string& target, const Headers& headers = {}, uint16_t port = 0);
HttpResult request(const std::string& method, const std::string& target, const std::string& body,
                   const Headers& headers = {}, uint16_t port = 0);
// Sends raw bytes on a fresh connection and reads one response.
HttpResult raw(const std::string& bytes, uint16_t port = 0);

// A connection kept open across several exchanges (keep-alive, 100-continue, slow bodies).
class Connection {
 public:
  explicit Connection(uint16_t port = 0);
  ~Connection();
  void send(const std::string& bytes);
  // head: the response answers a HEAD request (no body follows, whatever Content-Length says).
  HttpResult read_response(int timeout_ms = 5000, bool head = false);
  // Reads raw bytes (a Server-Sent Events stream) until what was read since the connection
  // opened contains `needle` or the timeout passes; returns everything read so far.
  std::string read_until(const std::string& needle, int timeout_ms = 5000);
  // True when the server closed the connection (read returns EOF) within the timeout.
  bool closed_by_server(int timeout_ms = 5000);

 private:
  struct Impl;
  Impl* impl_;
  std::string stream_;  // what read_until has read
};

std::string gunzip(const std::string& data);
// Percent-encoding for a form field's value (application/x-www-form-urlencoded).
std::string url_encode(const std::string& s);
uint16_t free_port();

}  // namespace cds::test

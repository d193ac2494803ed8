#include "harness.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/parse.hpp>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

namespace cds::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

std::string temp_dir() {
  static std::string dir = [] {
    char tmpl[] = "/tmp/cds-it.XXXXXX";
    return std::string(mkdtemp(tmpl));
  }();
  return dir;
}

namespace {
ServerProcess* shared_server = nullptr;

HttpResult from_beast(beast::http::response<beast::http::string_body>& res) {
  HttpResult r;
  r.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = std::string(f.value());
    if (name == "set-cookie") r.set_cookies.emplace_back(f.value());
  }
  r.body = std::move(res.body());
  return r;
}
}  // namespace

std::string HttpResult::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

boost::json::value HttpResult::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) ADD_FAILURE() << "not JSON: " << body.substr(0, 200);
  return v;
}

std::string binary_path() {
  const char* env = std::getenv("CDS_BINARY");
  return env ? env : CDS_BINARY_PATH;
}

std::string database_url() {
  const char* env = std::getenv("CDS_TEST_DB");
  if (env && *env) return env;
  return "sqlite:" + temp_dir() + "/default.db";
}

uint16_t free_port() {
  asio::io_context ioc;
  tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

ServerProcess::ServerProcess(std::vector<std::string> extra_args, std::string db_url,
                             unsigned long open_files, std::string binary) {
  port_ = free_port();
  static int counter = 0;
  log_path_ = temp_dir() + "/server-" + std::to_string(++counter) + ".log";
  std::vector<std::string> args = {binary.empty() ? binary_path() : binary,
                                   "serve",
                                   "--listen",
                                   "127.0.0.1:" + std::to_string(port_),
                                   "--db",
                                   db_url.empty() ? database_url() : db_url,
                                   "--uploads-dir",
                                   uploads_dir()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = fork();
  if (pid_ == 0) {
    int fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    if (open_files) {
      // The hard limit too: serve raises its soft limit to the hard one at start.
      rlimit limit{open_files, open_files};
      setrlimit(RLIMIT_NOFILE, &limit);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) throw std::runtime_error("server exited during start:\n" + log());
    try {
      if (get("/healthz", {}, port_).status == 200) return;
    } catch (...) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("server did not answer /healthz:\n" + log());
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && running()) terminate();
}

bool ServerProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_status_cache_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    pid_done_ = true;
  }
  return !pid_done_;
}

int ServerProcess::terminate(int timeout_seconds) {
  if (pid_done_) return exit_status_cache_;
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) return exit_status_cache_;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_done_ = true;
  return -1;
}

std::string ServerProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ServerProcess& server() { return *shared_server; }

std::string uploads_dir() { return temp_dir() + "/uploads"; }

int run_binary(const std::vector<std::string>& args, std::string& output,
               const std::string& binary) {
  std::string cmd = binary.empty() ? binary_path() : binary;
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  output.clear();
  while (size_t n = fread(buf, 1, sizeof buf, p)) output.append(buf, n);
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Connection::Impl {
  asio::io_context ioc;
  tcp::socket socket{ioc};
  beast::flat_buffer buffer;
};

Connection::Connection(uint16_t port) : impl_(new Impl) {
  try {
    impl_->socket.connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), port ? port : server().port()));
  } catch (...) {
    delete impl_;  // the destructor does not run for a constructor that throws
    throw;
  }
  timeval tv{5, 0};
  setsockopt(impl_->socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

Connection::~Connection() { delete impl_; }

void Connection::send(const std::string& bytes) {
  // The server may answer and stop reading before everything is sent (a 413, say): what it
  // answered is what the test checks, so a refused write is not an error here.
  boost::system::error_code ec;
  asio::write(impl_->socket, asio::buffer(bytes), ec);
}

HttpResult Connection::read_response(int timeout_ms, bool head) {
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(impl_->socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  beast::http::response_parser<beast::http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  parser.skip(head);
  beast::http::read(impl_->socket, impl_->buffer, parser);
  return from_beast(parser.get());
}

std::string Connection::read_until(const std::string& needle, int timeout_ms) {
  // poll() and recv() on the descriptor: asio's blocking read would wait past any timeout.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int fd = impl_->socket.native_handle();
  while (stream_.find(needle) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
    char chunk[4096];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;  // closed
    stream_.append(chunk, static_cast<size_t>(n));
  }
  return stream_;
}

bool Connection::closed_by_server(int timeout_ms) {
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(impl_->socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char c;
  boost::system::error_code ec;
  size_t n = impl_->socket.read_some(asio::buffer(&c, 1), ec);
  return n == 0 && (ec == asio::error::eof || ec == asio::error::connection_reset);
}

HttpResult request(const std::string& method, const std::string& target, const std::string& body,
                   const Headers& headers, uint16_t port) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  return raw(req, port);
}

HttpResult get(const std::string& target, const Headers& headers, uint16_t port) {
  return request("GET", target, "", headers, port);
}

HttpResult raw(const std::string& bytes, uint16_t port) {
  Connection c(port);
  c.send(bytes);
  return c.read_response();
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

std::string gunzip(const std::string& data) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[16384];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

namespace {
class SharedServerEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { shared_server = new ServerProcess({"--dev-outbox", "--trust-proxy"}); }
  void TearDown() override {
    int status = shared_server->terminate();
    EXPECT_EQ(status, 0) << "server did not stop cleanly on SIGTERM:\n" << shared_server->log();
    delete shared_server;
    shared_server = nullptr;
    std::filesystem::remove_all(temp_dir());
  }
};
[[maybe_unused]] auto* const env = ::testing::AddGlobalTestEnvironment(new SharedServerEnvironment);
}  // namespace

}  // namespace cds::test

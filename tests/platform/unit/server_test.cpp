// The server in-process with routes of its own: multipart uploads streamed to a handler, and
// blocking handlers kept off the I/O threads.
#include "http/server.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json.hpp>
#include <future>
#include <thread>

#include "core/error.h"
#include "http/limits.h"
#include "http/response.h"

using namespace cds::http;
namespace asio = boost::asio;

namespace {
struct Reply {
  int status;
  std::string body;
};

Reply send(uint16_t port, const std::string& bytes) {
  asio::io_context ioc;
  asio::ip::tcp::socket s(ioc);
  s.connect({asio::ip::make_address("127.0.0.1"), port});
  boost::system::error_code ec;
  asio::write(s, asio::buffer(bytes), ec);  // the server may refuse before reading it all
  boost::beast::flat_buffer buffer;
  boost::beast::http::response<boost::beast::http::string_body> res;
  boost::beast::http::read(s, buffer, res);
  return {static_cast<int>(res.result_int()), res.body()};
}

std::string multipart_request(const std::string& content_type, const std::string& file) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nxin chào\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n" +
      file + "\r\n--XyZ--\r\n";
  return "POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// What a client reads first: the status line alone, without waiting for a body.
std::string first_line_after(uint16_t port, const std::string& bytes, asio::ip::tcp::socket& s) {
  s.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(s, asio::buffer(bytes));
  std::string line;
  char c;
  while (asio::read(s, asio::buffer(&c, 1)) == 1 && c != '\n') line.push_back(c);
  return line;
}

class InProcessServer : public ::testing::Test {
 protected:
  void SetUp() override {
    Router router;
    // Admitted only with X-Let-In, before the body is read; counts the bodies it was given.
    RouteOptions guarded;
    guarded.multipart = true;
    guarded.body_limit = 4 << 20;
    guarded.admit = [](Request& req) {
      if (req.header("X-Let-In").empty())
        throw cds::Error(cds::ErrorKind::unauthenticated, "sign_in_required", "Sign in first");
    };
    router.post(
        "/guarded",
        [this](Request& req) {
          ++bodies_read_;
          return json_response(req, boost::json::object{{"parts", req.form->parts.size()}});
        },
        guarded);
    // Image work: blocks until the test lets it go.
    RouteOptions media;
    media.exec = Exec::media;
    router.get(
        "/slow-image",
        [this](Request& req) {
          release_.wait();
          return json_response(req, boost::json::object{{"done", true}});
        },
        media);
    RouteOptions upload;
    upload.multipart = true;
    upload.body_limit = 4 << 20;
    upload.multipart_limits.max_file_bytes = 1 << 20;
    upload.multipart_limits.memory_threshold = 16 * 1024;
    router.post(
        "/upload",
        [](Request& req) {
          const auto* photo = req.form->files("photo").at(0);
          boost::json::object o{{"note", req.form->field("note")->data},
                                {"size", photo->size},
                                {"spooled", photo->spooled()},
                                {"intact", photo->read_all() == std::string(photo->size, 'p')}};
          return json_response(req, o);
        },
        upload);
    router.get("/thread", [](Request& req) {
      std::ostringstream id;
      id << std::this_thread::get_id();
      return json_response(req, boost::json::object{{"thread", id.str()}});
    });
    router.get(
        "/thread-io",
        [](Request& req) {
          std::ostringstream id;
          id << std::this_thread::get_id();
          return json_response(req, boost::json::object{{"thread", id.str()}});
        },
        RouteOptions::in_memory());
    ServerConfig config;
    config.port = 0;
    config.io_threads = 1;
    config.worker_threads = 1;
    config.access_log = false;
    server_ = std::make_unique<Server>(config, std::move(router), ServerHooks{});
    server_->start();
  }
  std::atomic<int> bodies_read_{0};
  std::promise<void> let_go_;
  std::shared_future<void> release_ = let_go_.get_future().share();
  void TearDown() override {
    try {
      let_go_.set_value();  // an image handler a failed test left waiting
    } catch (const std::future_error&) {
    }
    server_->stop();
    server_->wait();
  }
  std::unique_ptr<Server> server_;
};
}  // namespace

TEST_F(InProcessServer, StreamsAMultipartUploadToTheHandler) {
  auto r = send(server_->port(),
                multipart_request("multipart/form-data; boundary=XyZ", std::string(300000, 'p')));
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = boost::json::parse(r.body).as_object();
  EXPECT_EQ(doc["note"].as_string(), "xin chào");
  EXPECT_EQ(doc["size"].as_int64(), 300000);
  EXPECT_TRUE(doc["spooled"].as_bool());
  EXPECT_TRUE(doc["intact"].as_bool());
}

TEST_F(InProcessServer, RefusesOversizedFilesAndOtherContentTypes) {
  auto big = send(server_->port(), multipart_request("multipart/form-data; boundary=XyZ",
                                                     std::string(1100000, 'p')));
  EXPECT_EQ(big.status, 413);
  EXPECT_NE(big.body.find("file_too_large"), std::string::npos);
  auto json = send(server_->port(), multipart_request("application/json", "x"));
  EXPECT_EQ(json.status, 415);
  auto broken =
      send(server_->port(), multipart_request("multipart/form-data; boundary=Other", "x"));
  EXPECT_EQ(broken.status, 400);
}

TEST_F(InProcessServer, BlockingHandlersRunOnTheWorkerPool) {
  auto worker = boost::json::parse(
      send(server_->port(), "GET /thread HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").body);
  auto io = boost::json::parse(
      send(server_->port(), "GET /thread-io HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .body);
  EXPECT_NE(worker.at("thread"), io.at("thread"));
}

// The parser's error code used to be read after the parser was destroyed: a long code came back
// as heap bytes. Under AddressSanitizer (make test runs this suite so) that was a
// heap-use-after-free report.
TEST_F(InProcessServer, AMultipartErrorSaysItsOwnCode) {
  std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"x\"; filename=\"" +
                     std::string(12 * 1024, 'a') + "\"\r\n\r\nv\r\n--XyZ--\r\n";
  auto r = send(server_->port(),
                "POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(r.status, 400);
  auto doc = boost::json::parse(r.body).as_object();
  EXPECT_EQ(doc.at("error").at("code").as_string(), "part_header_too_large");
  EXPECT_EQ(doc.at("error").at("message").as_string(),
            "Multipart body refused: part_header_too_large");
}

// Refused on the headers alone: the client that waits for 100 Continue is answered 401 without
// sending a byte of its upload, and the handler never sees a body.
TEST_F(InProcessServer, AdmissionRefusesBeforeTheBodyIsRead) {
  std::string head =
      "POST /guarded HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
      "Content-Length: 3000000\r\nExpect: 100-continue\r\n";
  asio::io_context ioc;
  asio::ip::tcp::socket refused(ioc);
  EXPECT_EQ(first_line_after(server_->port(), head + "\r\n", refused),
            "HTTP/1.1 401 Unauthorized\r");
  asio::ip::tcp::socket admitted(ioc);
  EXPECT_EQ(first_line_after(server_->port(), head + "X-Let-In: yes\r\n\r\n", admitted),
            "HTTP/1.1 100 Continue\r");
  // Without Expect, the answer still comes before the body (here: never sent at all).
  auto r = send(server_->port(),
                "POST /guarded HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                "boundary=XyZ\r\nContent-Length: 3000000\r\n\r\n");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(bodies_read_.load(), 0);
  std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n";
  auto ok = send(server_->port(),
                 "POST /guarded HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Let-In: 1\r\n"
                 "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(bodies_read_.load(), 1);
}

// Image work has its own pool: with one worker thread, a read still answers while an image
// handler is busy.
TEST_F(InProcessServer, ReadsDoNotWaitBehindImageWork) {
  auto image = std::async(std::launch::async, [this] {
    return send(server_->port(),
                "GET /slow-image HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  });
  auto read = std::async(std::launch::async, [this] {
    return send(server_->port(), "GET /thread HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  });
  // A hang guard, not a speed test: on a shared pool the read would wait for the release below.
  ASSERT_EQ(read.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(read.get().status, 200);
  let_go_.set_value();
  EXPECT_EQ(image.get().status, 200);
}

// RFC 9112: a chunk size that is not hexadecimal, negative or too long is a 400, and so is a
// Transfer-Encoding whose last coding is not chunked.
TEST_F(InProcessServer, MalformedChunksAndCodingsAreRefused) {
  for (std::string size : {"zz", "-2", "10000000000000000"}) {
    auto r = send(server_->port(),
                  "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                  "boundary=XyZ\r\nTransfer-Encoding: chunked\r\n\r\n" +
                      size + "\r\nabc\r\n0\r\n\r\n");
    EXPECT_EQ(r.status, 400) << size;
  }
  auto plain = send(server_->port(),
                    "POST /thread HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "zz\r\nabc\r\n0\r\n\r\n");
  EXPECT_EQ(plain.status, 400);
  for (std::string te : {"gzip", "chunked, gzip", "identity"}) {
    auto r = send(server_->port(),
                  "POST /thread HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te + "\r\n\r\nabc");
    EXPECT_EQ(r.status, 400) << te;
  }
}

// Connections and streams per client address (http/limits.h): an IPv6 client is counted by its
// /64, a mapped IPv4 one as IPv4.
TEST(ClientLimits, CountsAnAddressByTheShareAClientControls) {
  EXPECT_EQ(address_key("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(address_key("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(address_key("2001:db8:1:2:bbbb::9"), address_key("2001:db8:1:2::1"));
  EXPECT_NE(address_key("2001:db8:1:3::1"), address_key("2001:db8:1:2::1"));
  EXPECT_EQ(address_key("not an address"), "not an address");
}

TEST(ClientLimits, AnAddressOverItsCapIsRefusedThenDroppedAndGetsItsPlacesBack) {
  ClientLimits limits({.connections_per_address = 2, .streams_per_address = 1});
  using V = ClientLimits::Verdict;
  Held a, b, c, d, e, f, other;
  EXPECT_EQ(limits.accept("10.0.0.1", a), V::admit);
  EXPECT_EQ(limits.accept("10.0.0.1", b), V::admit);
  EXPECT_EQ(limits.accept("10.0.0.1", c), V::refuse);  // answered 429
  EXPECT_EQ(limits.accept("10.0.0.1", d), V::refuse);
  EXPECT_EQ(limits.accept("10.0.0.1", e), V::drop);  // as many refusals pending as the cap
  EXPECT_EQ(limits.accept("10.0.0.2", other), V::admit);
  EXPECT_EQ(limits.sockets(), 6u);  // every socket counts, dropped ones until closed
  e.release();
  a.release();
  EXPECT_EQ(limits.accept("10.0.0.1", f), V::admit);
  EXPECT_EQ(limits.sockets(), 5u);
  Held s1, s2;
  EXPECT_TRUE(limits.open_stream("10.0.0.1", s1));
  EXPECT_FALSE(limits.open_stream("10.0.0.1", s2));
  Held moved = std::move(s1);
  moved.release();
  EXPECT_TRUE(limits.open_stream("10.0.0.1", s2));
  EXPECT_EQ(limits.refusals().connections, 2u);
  EXPECT_EQ(limits.refusals().dropped, 1u);
  EXPECT_EQ(limits.refusals().streams, 1u);
}

TEST(ClientLimits, BehindAProxyConnectionsAreNotCountedByPeerButTheBudgetHolds) {
  ClientLimits limits(
      {.connections_per_address = 1, .streams_per_address = 0, .count_peers = false});
  limits.set_socket_budget(2);
  std::vector<Held> held(3);
  for (auto& h : held) EXPECT_EQ(limits.accept("127.0.0.1", h), ClientLimits::Verdict::admit);
  EXPECT_TRUE(limits.scarce());  // the third socket is in the reserve
  held.pop_back();
  EXPECT_FALSE(limits.scarce());
  Held stream;
  EXPECT_TRUE(limits.open_stream("198.51.100.1", stream));  // 0: no cap
  EXPECT_EQ(limits.streams(), 1u);
  stream.release();
  EXPECT_EQ(limits.streams(), 0u);
}

// Past the ceiling a connection is closed at once, whoever it comes from: the handles left are
// the database's and the uploads', never the last socket's.
TEST(ClientLimits, PastTheCeilingEveryNewConnectionIsDropped) {
  ClientLimits limits({.connections_per_address = 0, .streams_per_address = 0});
  limits.set_socket_budget(1);
  limits.set_socket_ceiling(2);
  std::vector<Held> held(2);
  for (auto& h : held) EXPECT_EQ(limits.accept("10.0.0.1", h), ClientLimits::Verdict::admit);
  Held over;
  EXPECT_EQ(limits.accept("10.0.0.2", over), ClientLimits::Verdict::drop);
  EXPECT_EQ(limits.refusals().dropped, 1u);
  over.release();
  held.pop_back();
  EXPECT_EQ(limits.accept("10.0.0.2", over), ClientLimits::Verdict::admit);
}

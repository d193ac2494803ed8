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
#include <thread>

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

class InProcessServer : public ::testing::Test {
 protected:
  void SetUp() override {
    Router router;
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
  void TearDown() override {
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

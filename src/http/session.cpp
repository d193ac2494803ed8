// One HTTP connection: reading requests (limits, 100-continue, uploads admitted on their
// headers, multipart streamed), handing them to the router's handlers, writing responses,
// keep-alive and a lingering close.
#include <cstdio>
#include <cstdlib>

#include "core/error.h"
#include "core/log.h"
#include "core/text.h"
#include "core/time.h"
#include "http/event_hub.h"
#include "http/gzip.h"
#include "http/response.h"
#include "http/server_internal.h"

namespace cds::http {

namespace {

// Hard ceiling for the parser; limits users see (414/431) are checked after parsing.
constexpr size_t kParserHeaderLimit = 64 * 1024;
// A connection over its address's cap gets this long to send the request it is refused.
constexpr auto kRefusalTimeout = std::chrono::seconds(2);
// What a client refused by the limits is told to wait.
constexpr const char* kRetryAfter = "10";

// A parse error in what the client sent (a bad chunk size, say), as opposed to the client
// going away or a timeout: those get a 400 before the connection closes.
bool malformed(const beast::error_code& ec) {
  return ec.category() == beast_http::make_error_code(beast_http::error::bad_target).category() &&
         ec != beast_http::error::end_of_stream && ec != beast_http::error::partial_message &&
         ec != beast_http::error::need_buffer && ec != beast_http::error::body_limit;
}

// RFC 9112 §6.3: when Transfer-Encoding is present, chunked must be its final coding.
bool acceptable_transfer_encoding(std::string_view te) {
  if (te.empty()) return true;
  auto comma = te.rfind(',');
  std::string last = text::trim(comma == std::string_view::npos ? te : te.substr(comma + 1));
  return beast::iequals(last, "chunked");
}

bool acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

void add_security_headers(Response& res, const std::string& image_sources) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.set(beast_http::field::x_frame_options, "DENY");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
  res.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)");
  if (res.find("Content-Security-Policy") == res.end()) {
    // No inline script anywhere: scripts come from our own files only.
    res.set("Content-Security-Policy",
            std::string("default-src 'self'; script-src 'self'; style-src 'self'; ") +
                "img-src 'self' data:" + image_sources + "; object-src 'none'; " +
                "base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
  }
}

}  // namespace

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t v = rng();
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) id[static_cast<size_t>(i)] = kHex[v & 0xf];
  return id;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server, Shard& shard, Admission admission)
      : stream_(std::move(socket)),
        server_(server),
        shard_(shard),
        held_(std::move(admission.held)),
        remote_(std::move(admission.peer)),
        refusing_(admission.refuse) {
    shard_.sessions.insert(this);
  }
  ~Session() {
#ifndef NDEBUG
    // A session belongs to its shard's thread: destroyed anywhere else it would race the
    // shard's list of sessions. Debug and sanitizer builds stop at once to say so.
    if (!shard_.ioc.stopped() && !shard_.ioc.get_executor().running_in_this_thread()) {
      std::fputs("http: a session was destroyed off its I/O thread\n", stderr);
      std::abort();
    }
#endif
    shard_.sessions.erase(this);
  }

  void start() { read_header(); }

  // While the reserve of file handles is in use: a connection that has waited `grace` for a
  // request closes (see shed_waiting_sessions). One that is being answered never does.
  void shed(std::chrono::steady_clock::time_point now, std::chrono::steady_clock::duration grace) {
    if (!idle_ || now - waiting_since_ < grace) return;
    boost::system::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  // Called on the shard's thread when the server drains: idle keep-alive connections close
  // now, busy ones after their response.
  void drain() {
    if (idle_ && buffer_.size() == 0) {
      boost::system::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream_.socket().close(ec);
    }
  }

 private:
  void read_header() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(kParserHeaderLimit));
    // The route's own limit is applied once the headers say which route this is.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    idle_ = true;
    waiting_since_ = std::chrono::steady_clock::now();
    stream_.expires_after(refusing_ ? kRefusalTimeout
                          : first_  ? server_.config.request_timeout
                                    : server_.config.idle_timeout);
    beast_http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    idle_ = false;
    first_ = false;
    started_ = std::chrono::steady_clock::now();
    if (ec) {
      if (ec == beast_http::error::header_limit) {
        return reply_and_close(Status::request_header_fields_too_large, "header_too_large",
                               "Request header fields too large");
      }
      if (malformed(ec))
        return reply_and_close(Status::bad_request, "bad_request", "Malformed HTTP request");
      return close();  // peer went away, timeout, or the server is draining
    }
    auto& msg = parser_->get();
    if (!acceptable_transfer_encoding(msg[beast_http::field::transfer_encoding])) {
      return reply_and_close(Status::bad_request, "bad_transfer_encoding",
                             "Transfer-Encoding must end with chunked");
    }
    if (msg.target().size() > server_.config.max_target_bytes) {
      return reply_and_close(Status::uri_too_long, "uri_too_long", "Request target too long");
    }
    size_t header_bytes = 0;
    for (const auto& field : msg)
      header_bytes += field.name_string().size() + field.value().size() + 4;
    if (header_bytes > server_.config.max_header_bytes) {
      return reply_and_close(Status::request_header_fields_too_large, "header_too_large",
                             "Request header fields too large");
    }
    request_ = Request{};
    multipart_.reset();
    request_.raw.base() = msg.base();  // headers only for now; the body follows
    request_.remote_address = remote_;
    if (server_.config.trust_forwarded_for) {
      std::string_view forwarded = msg["X-Forwarded-For"];
      auto comma = forwarded.rfind(',');
      std::string last =
          text::trim(comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1));
      if (!last.empty() && last.size() <= 45) request_.remote_address = last;
    }
    std::string_view incoming_id = msg["X-Request-Id"];
    request_.request_id =
        acceptable_request_id(incoming_id) ? std::string(incoming_id) : new_request_id();
    if (!parse_target(request_)) {
      return reply_and_close(Status::bad_request, "bad_target", "Malformed request target");
    }
    if (refusing_) {
      return refuse(server_.error(request_, Status::too_many_requests, "too_many_connections",
                                  "Too many connections from your address; try again shortly"));
    }
    match_ = server_.router.match(msg.method(), request_.path);
    size_t limit = match_.route ? match_.route->options.body_limit : 64 * 1024;
    if (auto length = parser_->content_length(); length && *length > limit) {
      return reply_and_close(Status::payload_too_large, "payload_too_large",
                             "Request body too large (limit " + std::to_string(limit) + " bytes)");
    }
    parser_->body_limit(limit);
    if (match_.route && match_.route->options.multipart) {
      auto boundary = multipart_boundary(msg[beast_http::field::content_type]);
      if (!boundary) {
        return reply_and_close(Status::unsupported_media_type, "unsupported_media_type",
                               "Expected multipart/form-data");
      }
      std::filesystem::path spool = server_.config.spool_dir.empty()
                                        ? std::filesystem::temp_directory_path()
                                        : std::filesystem::path(server_.config.spool_dir);
      multipart_.emplace(*boundary, match_.route->options.multipart_limits, spool);
    }
    if (match_.route && match_.route->options.admit) return admit(match_.route);
    after_admission();
  }

  // The route's admission check runs on the worker pool (it may look up a session); the body
  // is read only once it has passed. A refusal closes the connection with the body unread.
  void admit(const Route* route) {
    request_.route_pattern = route->pattern;
    request_.route_index = route->index;
    request_.path_params = match_.params;
    asio::post(*server_.workers, [self = shared_from_this(), route]() mutable {
      bool admitted = false;
      Response refusal = self->guarded([&] {
        route->options.admit(self->request_);
        admitted = true;
        return Response{};
      });
      // The reference moves on with the result (see dispatch).
      auto executor = self->stream_.get_executor();
      asio::post(executor,
                 [self = std::move(self), route, admitted, refusal = std::move(refusal)]() mutable {
                   if (admitted) return self->after_admission();
                   self->multipart_.reset();
                   refusal.keep_alive(false);
                   self->finish(std::move(refusal), route->index);
                 });
    });
  }

  void after_admission() {
    auto& msg = parser_->get();
    if (parser_->is_done()) {
      if (multipart_) return finish_multipart();
      return dispatch();
    }
    if (beast::iequals(msg[beast_http::field::expect], "100-continue")) {
      auto cont = std::make_shared<beast_http::response<beast_http::empty_body>>(Status::continue_,
                                                                                 msg.version());
      beast_http::async_write(stream_, *cont,
                              [self = shared_from_this(), cont](beast::error_code ec, size_t) {
                                if (ec) return self->close();
                                self->read_body();
                              });
      return;
    }
    read_body();
  }

  void read_body() {
    if (multipart_) {
      // From here the body is read in pieces into a fixed buffer and fed to the form parser.
      stream_parser_.emplace(std::move(*parser_));
      return read_multipart_chunk();
    }
    stream_.expires_after(server_.config.request_timeout);
    beast_http::async_read(stream_, buffer_, *parser_,
                           [self = shared_from_this()](beast::error_code ec, size_t) {
                             if (self->body_read_failed(ec)) return;
                             self->dispatch();
                           });
  }

  // After a body read: a body over the route's limit gets 413, a malformed one (a bad chunk
  // size) 400, a client gone or too slow a close. True when the request ends here.
  bool body_read_failed(const beast::error_code& ec) {
    if (ec == beast_http::error::body_limit) {
      reply_and_close(Status::payload_too_large, "payload_too_large", "Request body too large");
      return true;
    }
    if (malformed(ec)) {
      reply_and_close(Status::bad_request, "bad_request", "Malformed request body");
      return true;
    }
    if (ec) {
      close();
      return true;
    }
    return false;
  }

  void read_multipart_chunk() {
    if (!chunk_) chunk_ = std::make_unique<std::array<char, 64 * 1024>>();
    auto& body = stream_parser_->get().body();
    body.data = chunk_->data();
    body.size = chunk_->size();
    stream_.expires_after(server_.config.request_timeout);
    beast_http::async_read(
        stream_, buffer_, *stream_parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) {
          if (ec == beast_http::error::need_buffer) ec = {};
          if (self->body_read_failed(ec)) return;
          size_t got = self->chunk_->size() - self->stream_parser_->get().body().size;
          if (self->multipart_->feed(std::string_view(self->chunk_->data(), got)) ==
              MultipartParser::Status::failed) {
            return self->multipart_failed();
          }
          if (!self->stream_parser_->is_done()) return self->read_multipart_chunk();
          self->finish_multipart();
        });
  }

  void finish_multipart() {
    if (multipart_->finish() != MultipartParser::Status::done) return multipart_failed();
    request_.form = multipart_->take_form();
    multipart_.reset();
    stream_parser_.reset();
    chunk_.reset();
    dispatch_request();
  }

  void multipart_failed() {
    // A copy: the parser that owns the error text is destroyed below.
    std::string code = multipart_->error();
    Status status = code == "malformed" || code == "part_header_too_large" ? Status::bad_request
                    : code == "spool_failed" ? Status::internal_server_error
                                             : Status::payload_too_large;
    std::string message = "Multipart body refused: " + code;
    multipart_.reset();
    reply_and_close(status, code, message);
  }

  void dispatch() {
    request_.raw.body() = std::move(parser_->get().body());
    dispatch_request();
  }

  void dispatch_request() {
    stream_.expires_never();
    if (!match_.route) {
      Response res = match_.path_known
                         ? method_not_allowed()
                         : server_.error(request_, Status::not_found, "not_found", "Not found");
      return finish(std::move(res), server_.metrics->unmatched_index());
    }
    request_.route_pattern = match_.route->pattern;
    request_.route_index = match_.route->index;
    request_.path_params = std::move(match_.params);
    const Route* route = match_.route;
    if (route->options.exec == Exec::io) {
      return finish(run_handler(), route->index);
    }
    if (route->options.try_on_io) {
      request_.on_io_thread = true;
      std::optional<Response> answered;
      try {
        answered = run_handler();
      } catch (const NeedsWorker&) {
      }
      request_.on_io_thread = false;
      if (answered) return finish(std::move(*answered), route->index);
    }
    auto verb = request_.raw.method();
    auto& pool = route->options.exec == Exec::media ? *server_.media_workers
                 : verb == beast_http::verb::get || verb == beast_http::verb::head
                     ? *server_.read_workers
                     : *server_.workers;
    asio::post(pool, [self = shared_from_this(), route]() mutable {
      Response res = self->run_handler();
      // The worker hands its reference on rather than dropping it after the post: otherwise
      // the I/O thread may finish with the connection first, and the session would then be
      // destroyed here, on a worker, racing its shard's list of sessions (seen under ASan as a
      // use after free in drain_sessions during a stop).
      auto executor = self->stream_.get_executor();
      asio::post(executor, [self = std::move(self), route, res = std::move(res)]() mutable {
        self->finish(std::move(res), route->index);
      });
    });
  }

  Response method_not_allowed() {
    Response res = server_.error(request_, Status::method_not_allowed, "method_not_allowed",
                                 "Method not allowed");
    std::string allow;
    for (Verb v : match_.allowed) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(beast_http::to_string(v));
    }
    res.set(beast_http::field::allow, allow);
    return res;
  }

  Response run_handler() {
    return guarded([this] { return server_.pipeline(request_); });
  }

  // Expected errors become their status; anything else is logged and answered with a 500.
  template <typename Fn>
  Response guarded(Fn&& fn) {
    try {
      return fn();
    } catch (const HttpError& e) {
      return server_.error(request_, e.status, e.code, e.what());
    } catch (const cds::Error& e) {
      Response res = server_.error(request_, status_for(e.kind), e.code, e.what());
      if (e.retry_after > 0) res.set(beast_http::field::retry_after, std::to_string(e.retry_after));
      return res;
    } catch (const std::exception& e) {
      spdlog::error("request {} {} failed: {}", request_.request_id, request_.route_pattern,
                    e.what());
      return server_.error(request_, Status::internal_server_error, "internal",
                           "Internal server error");
    }
  }

  // A refusal by the limits: the client is told when to come back, and the connection closes.
  void refuse(Response res) {
    res.set(beast_http::field::retry_after, kRetryAfter);
    res.keep_alive(false);
    finish(std::move(res), server_.metrics->unmatched_index());
  }

  void reply_and_close(Status status, std::string_view code, const std::string& message) {
    if (request_.request_id.empty()) request_.request_id = new_request_id();
    request_.remote_address = remote_;
    request_.raw.version(11);
    Response res = server_.error(request_, status, code, message);
    res.keep_alive(false);
    finish(std::move(res), server_.metrics->unmatched_index());
  }

  void finish(Response res, size_t route_index) {
    add_security_headers(res, server_.image_sources);
    res.set("X-Request-Id", request_.request_id);
    if (request_.event_stream && res.result() == Status::ok && request_.raw.method() == Verb::get) {
      return start_event_stream(std::move(res), route_index);
    }
    maybe_gzip(request_, res);
    // While the reserve of file handles is in use, nobody keeps one idle.
    if (server_.draining.load() || server_.limits->scarce()) res.keep_alive(false);
    if (request_.raw.method() == Verb::head) {
      auto length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    server_.metrics->observe(route_index, res.result_int(), seconds);
    if (server_.config.access_log) log_access(res, seconds);
    response_ = std::make_shared<Response>(std::move(res));
    stream_.expires_after(server_.config.request_timeout);  // slow readers too
    beast_http::async_write(
        stream_, *response_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_write(ec); });
  }

  // A text/event-stream answer: the headers and the replayed events, then the connection is
  // handed to the hub. The body runs until the connection closes (no length, no keep-alive).
  void start_event_stream(Response res, size_t route_index) {
    if (auto refusal = stream_refusal()) {
      refusal->set(beast_http::field::retry_after, kRetryAfter);
      refusal->keep_alive(false);
      request_.event_stream.reset();
      return finish(std::move(*refusal), route_index);
    }
    res.keep_alive(false);
    res.set(beast_http::field::content_type, "text/event-stream; charset=utf-8");
    res.set(beast_http::field::cache_control, "no-cache, no-store");
    res.set("X-Accel-Buffering", "no");  // nginx: pass each event on at once
    res.set(beast_http::field::connection, "close");
    res.erase(beast_http::field::content_length);
    server_.metrics->observe(route_index, res.result_int(), 0);
    if (server_.config.access_log) log_access(res, 0);
    auto head = std::make_shared<std::string>("HTTP/1.1 200 OK\r\n");
    for (const auto& field : res)
      *head += std::string(field.name_string()) + ": " + std::string(field.value()) + "\r\n";
    *head += "\r\n";
    *head += res.body();
    stream_.expires_after(server_.config.request_timeout);
    asio::async_write(stream_, asio::buffer(*head),
                      [self = shared_from_this(), head](beast::error_code ec, size_t) {
                        if (ec) return self->close();
                        self->stream_.expires_never();
                        attach_event_stream(self->server_, self->shard_,
                                            self->stream_.release_socket(),
                                            *self->request_.event_stream, std::move(self->held_),
                                            std::move(self->stream_held_));
                      });
  }

  // A stream the limits do not allow: 429 when the client's address holds its share already,
  // 503 when the server does: streams in all stay within the socket budget, so they never take
  // the handles kept for requests (counted by their places, taken here before the headers are
  // written, so that a crowd arriving at once cannot overshoot). Otherwise the stream's place
  // is held in stream_held_.
  std::optional<Response> stream_refusal() {
    if (!server_.limits->open_stream(request_.remote_address, stream_held_)) {
      return server_.error(request_, Status::too_many_requests, "too_many_streams_per_address",
                           "Too many open event streams from your address; try again shortly");
    }
    size_t streams = server_.limits->streams();
    if (streams > server_.config.max_event_streams || streams > server_.limits->socket_budget()) {
      stream_held_.release();
      return server_.error(request_, Status::service_unavailable, "too_many_streams",
                           "Too many open event streams; try again shortly");
    }
    return std::nullopt;
  }

  void log_access(const Response& res, double seconds) {
    // The query string is left out: it may carry a phone number or a search for a name.
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.3f", seconds * 1000);
    log::json_line(std::string(R"({"time":")") + timeutil::iso_utc(timeutil::Clock::now()) +
                   R"(","type":"access","request_id":")" + request_.request_id + R"(","method":")" +
                   std::string(beast_http::to_string(request_.raw.method())) + R"(","path":")" +
                   log::json_escape(request_.path) + R"(","route":")" +
                   log::json_escape(request_.route_pattern) + R"(","status":)" +
                   std::to_string(res.result_int()) + R"(,"bytes":)" +
                   std::to_string(res.body().size()) + R"(,"ms":)" + ms + "}");
  }

  void on_write(beast::error_code ec) {
    bool keep = response_ && response_->keep_alive();
    response_.reset();
    if (ec || !keep) return close();
    read_header();
  }

  // Half-closes, then reads and discards what the client still sends for a moment before
  // closing: closing with unread data makes the kernel send a reset, and the client could
  // lose the response we just wrote (a 413 sent before the body was read, for example).
  void close() {
    boost::system::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    // While the reserve of file handles is in use, no handle waits on a client for 2 s.
    if (ec || server_.limits->scarce()) return stream_.socket().close(ec);
    linger_budget_ = 1 << 20;
    stream_.expires_after(std::chrono::seconds(2));
    discard();
  }

  void discard() {
    if (!linger_buffer_) linger_buffer_ = std::make_unique<std::array<char, 8192>>();
    stream_.async_read_some(asio::buffer(*linger_buffer_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec || n >= self->linger_budget_) {
                                boost::system::error_code ignored;
                                self->stream_.socket().close(ignored);
                                return;
                              }
                              self->linger_budget_ -= n;
                              self->discard();
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;  // reused across the requests of this connection
  Server::Impl& server_;
  Shard& shard_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  std::optional<beast_http::request_parser<beast_http::buffer_body>> stream_parser_;
  std::optional<MultipartParser> multipart_;
  std::unique_ptr<std::array<char, 64 * 1024>> chunk_;
  Request request_;
  Router::Match match_;
  std::shared_ptr<Response> response_;
  Held held_;         // this connection's place in the limits (moves with a stream)
  Held stream_held_;  // the stream's, once the limits allowed one
  std::string remote_;
  bool refusing_ = false;  // over its address's cap: the request is answered 429
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point waiting_since_;
  bool first_ = true;
  bool idle_ = false;
  size_t linger_budget_ = 0;
  std::unique_ptr<std::array<char, 8192>> linger_buffer_;
};

void start_session(tcp::socket socket, Server::Impl& server, Shard& shard, Admission admission) {
  std::make_shared<Session>(std::move(socket), server, shard, std::move(admission))->start();
}

void drain_sessions(Shard& shard) {
  for (Session* session : std::vector<Session*>(shard.sessions.begin(), shard.sessions.end()))
    session->drain();
}

void shed_waiting_sessions(Shard& shard, std::chrono::steady_clock::duration grace) {
  auto now = std::chrono::steady_clock::now();
  for (Session* session : std::vector<Session*>(shard.sessions.begin(), shard.sessions.end()))
    session->shed(now, grace);
}

}  // namespace cds::http

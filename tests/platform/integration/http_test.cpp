// The HTTP layer as a client sees it: error shape, limits, keep-alive, 100-continue, gzip,
// security headers, metrics, language, graceful stop, command-line errors.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include "accounts_helpers.h"
#include "harness.h"

using namespace cds::test;

TEST(Health, AnswersWithSecurityHeadersAndARequestId) {
  auto r = get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("status").as_string(), "ok");
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_FALSE(r.header("referrer-policy").empty());
  std::string csp = r.header("content-security-policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(r.header("x-request-id").size(), 16u);
}

TEST(Health, EchoesASaneRequestIdAndReplacesABadOne) {
  EXPECT_EQ(get("/healthz", {{"X-Request-Id", "abc-123_X"}}).header("x-request-id"), "abc-123_X");
  std::string bad =
      get("/healthz", {{"X-Request-Id", "no spaces <allowed>"}}).header("x-request-id");
  EXPECT_EQ(bad.size(), 16u);
}

TEST(Errors, UnknownPathGivesTheJsonErrorShape) {
  auto r = get("/api/v1/nothing-here");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  auto err = r.json().at("error");
  EXPECT_EQ(err.at("code").as_string(), "not_found");
  EXPECT_FALSE(err.at("message").as_string().empty());
}

TEST(Errors, BrowsersGetAnErrorPageInTheirLanguage) {
  auto vi = get("/khong-co", {{"Accept", "text/html"}});
  EXPECT_EQ(vi.status, 404);
  EXPECT_NE(vi.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(vi.body.find("lang=\"vi\""), std::string::npos);
  EXPECT_NE(vi.body.find("Không tìm thấy trang"), std::string::npos);
  auto en = get("/khong-co", {{"Accept", "text/html"}, {"Cookie", "lang=en"}});
  EXPECT_NE(en.body.find("lang=\"en\""), std::string::npos);
  EXPECT_NE(en.body.find("was not found"), std::string::npos);
}

TEST(Errors, WrongMethodGets405WithAllow) {
  auto r = request("POST", "/healthz", "x");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET");
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "method_not_allowed");
}

TEST(Limits, LongTargetGets414) {
  auto r = get("/" + std::string(9000, 'a'));
  EXPECT_EQ(r.status, 414);
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "uri_too_long");
}

TEST(Limits, HugeHeadersGet431) {
  auto r = get("/healthz", {{"X-Padding", std::string(20000, 'p')}});
  EXPECT_EQ(r.status, 431);
  auto beyond_parser = get("/healthz", {{"X-Padding", std::string(70000, 'p')}});
  EXPECT_EQ(beyond_parser.status, 431);
}

TEST(Limits, OversizedBodyGets413BeforeTheBodyIsSent) {
  Connection c;
  // Only the headers go out: the answer must come without waiting for 10 MB.
  c.send(
      "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
      "10485760\r\n\r\n");
  auto r = c.read_response(3000);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "payload_too_large");
  EXPECT_TRUE(c.closed_by_server());
}

TEST(Limits, ChunkedBodyOverTheLimitGets413) {
  std::string chunk(70 * 1024, 'x');
  char size[32];
  std::snprintf(size, sizeof size, "%zx", chunk.size());
  auto r = raw("POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
               std::string(size) + "\r\n" + chunk + "\r\n0\r\n\r\n");
  EXPECT_EQ(r.status, 413);
}

TEST(Protocol, MalformedRequestGets400) {
  auto r = raw("GARBAGE\r\n\r\n");
  EXPECT_EQ(r.status, 400);
}

TEST(Protocol, Expect100ContinueIsHonoured) {
  Connection c;
  c.send("POST /healthz HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  auto interim = c.read_response(3000);
  EXPECT_EQ(interim.status, 100);
  c.send("abcd");
  auto final_response = c.read_response(3000);
  EXPECT_EQ(final_response.status, 405);
}

TEST(Protocol, KeepAliveServesSeveralRequestsOnOneConnection) {
  Connection c;
  for (int i = 0; i < 3; ++i) {
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(c.read_response().status, 200);
  }
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(c.read_response().status, 200);
  EXPECT_TRUE(c.closed_by_server());
}

TEST(Protocol, HeadHasHeadersButNoBody) {
  Connection c;
  c.send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto head = c.read_response(5000, true);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"),
            std::to_string(std::string(R"({"status":"ok"})").size()));
  // No stray body bytes: the next response on the same connection parses cleanly.
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto next = c.read_response();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, R"({"status":"ok"})");
}

TEST(Compression, TextIsGzippedWhenTheClientAcceptsIt) {
  auto plain = get("/don-vi");
  auto zipped = get("/don-vi", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_EQ(zipped.header("vary"), "Accept-Encoding");
  EXPECT_LT(zipped.body.size(), plain.body.size());
  EXPECT_EQ(gunzip(zipped.body), plain.body);
  EXPECT_TRUE(plain.header("content-encoding").empty());
  EXPECT_TRUE(get("/don-vi", {{"Accept-Encoding", "gzip;q=0"}}).header("content-encoding").empty());
}

TEST(Metrics, ExposesRequestsLatencyPoolAndBuildInfo) {
  get("/healthz");
  get("/api/v1/units?generation=2025");
  get("/khong-co-trang-nay");  // an unmatched request, counted under its status
  auto r = get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(r.body.find("cds_http_requests_total{route=\"GET /healthz\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(
      r.body.find(
          "cds_http_request_duration_seconds_bucket{route=\"GET /api/v1/units\",le=\"+Inf\"}"),
      std::string::npos);
  EXPECT_NE(r.body.find("cds_db_connections_in_use"), std::string::npos);
  if (database_url().starts_with("sqlite:"))  // group commit's figures
    EXPECT_NE(r.body.find("cds_db_commits_total"), std::string::npos);
  EXPECT_NE(r.body.find("cds_build_info{version="), std::string::npos);
  EXPECT_NE(r.body.find("status=\"404\""), std::string::npos);
}

TEST(WebShell, HomeIsVietnameseByDefaultAndEnglishOnRequest) {
  auto vi = get("/");
  EXPECT_EQ(vi.status, 200);
  EXPECT_NE(vi.body.find("<html lang=\"vi\">"), std::string::npos);
  EXPECT_NE(vi.body.find("Chào mừng bạn đến với Công Dân Số"), std::string::npos);
  EXPECT_NE(vi.body.find("href=\"/don-vi\""), std::string::npos);
  // Works with JavaScript off: the one script is the live warnings' banner, deferred, which
  // only keeps the banner the server rendered current.
  size_t script = vi.body.find("<script");
  ASSERT_NE(script, std::string::npos);
  EXPECT_EQ(
      vi.body.compare(script, 55, R"(<script src="/static/js/live-banner.js" defer></script>)"), 0);
  EXPECT_EQ(vi.body.find("<script", script + 1), std::string::npos);
  auto en = get("/", {{"Accept-Language", "en-GB,en;q=0.9"}});
  EXPECT_NE(en.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(en.body.find("Welcome to"), std::string::npos);
}

TEST(WebShell, LanguageSwitchSetsACookieAndStaysOnSite) {
  auto r = get("/ngon-ngu?lang=en&next=/don-vi");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/don-vi");
  EXPECT_NE(r.header("set-cookie").find("lang=en"), std::string::npos);
  EXPECT_EQ(get("/ngon-ngu?lang=en&next=//evil.example/").header("location"), "/");
  EXPECT_EQ(get("/ngon-ngu?lang=en&next=https://evil.example/").header("location"), "/");
  EXPECT_NE(get("/ngon-ngu?lang=xx&next=/").header("set-cookie").find("lang=vi"),
            std::string::npos);
}

TEST(WebShell, ServesStaticFilesAndRefusesTraversal) {
  auto css = get("/static/css/base.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
  EXPECT_NE(css.body.find("font: 19px"), std::string::npos);
  EXPECT_EQ(get("/static/../CMakeLists.txt").status, 404);
  EXPECT_EQ(get("/static/%2e%2e/CMakeLists.txt").status, 404);
}

TEST(AccessLog, LeavesQueryStringsOut) {
  get("/don-vi?q=0912345678");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::string log = server().log();
  EXPECT_NE(log.find("\"path\":\"/don-vi\""), std::string::npos);
  EXPECT_EQ(log.find("0912345678"), std::string::npos);
}

TEST(GracefulStop, FinishesTheRequestInFlightThenExits) {
  ServerProcess own;
  Connection idle(own.port());
  idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(idle.read_response().status, 200);  // now idle on keep-alive
  Connection busy(own.port());
  busy.send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  kill(own.pid(), SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(own.running());  // still finishing the request in flight
  EXPECT_TRUE(idle.closed_by_server(3000));
  busy.send("def");
  auto r = busy.read_response();
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_EQ(own.terminate(15), 0);
}

// Many short connections whose answers come from the worker pool, and a stop in the middle of
// them. Each session must end on its own I/O thread whichever of the worker and the client is
// done with it last; debug and sanitizer builds abort otherwise (CI once saw a use after free
// in the stop's drain from a session destroyed on a worker).
TEST(GracefulStop, StopsCleanlyInTheMiddleOfShortConnectionsAnsweredByWorkers) {
  ServerProcess own;
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c)
    clients.emplace_back([&] {
      while (!stop.load()) {
        try {
          Connection conn(own.port());
          conn.send("GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
          if (conn.read_response(2000).status == 401) answered.fetch_add(1);
        } catch (...) {  // refused once the server stops listening
        }
      }
    });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (answered.load() < 1500 && own.running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(own.running()) << own.log();
  kill(own.pid(), SIGTERM);
  int status = own.terminate(15);
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_GE(answered.load(), 1500);
  EXPECT_EQ(status, 0) << own.log();
}

TEST(Timeouts, SlowAndIdleClientsAreDisconnected) {
  ServerProcess own({"--request-timeout", "1", "--idle-timeout", "2"});
  Connection slow(own.port());
  slow.send("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // the headers never end
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(slow.closed_by_server(5000));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  Connection idle(own.port());
  idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(idle.read_response().status, 200);
  started = std::chrono::steady_clock::now();
  EXPECT_TRUE(idle.closed_by_server(6000));  // after the idle timeout, not at once
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1500));
}

TEST(CommandLine, BadOptionsGetOneLineAndExitCode2) {
  std::string out;
  EXPECT_EQ(run_binary({"serve", "--bogus"}, out), 2);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  EXPECT_EQ(
      run_binary({"serve", "--listen", "nonsense", "--db", "sqlite:/tmp/cds-cli-test.db"}, out), 2);
  EXPECT_EQ(run_binary({}, out), 2);
  EXPECT_EQ(run_binary({"--help"}, out), 0);
  EXPECT_NE(out.find("serve"), std::string::npos);
}

TEST(CommandLine, OptionsComeFromAConfigFile) {
  std::string path = "/tmp/cds-config-test-" + std::to_string(getpid()) + ".ini";
  {
    std::ofstream f(path);
    f << "[serve]\nlisten = \"from-the-config-file\"\n";
  }
  std::string out;
  EXPECT_EQ(run_binary({"--config", path, "serve", "--db", "sqlite:/tmp/cds-cli-test.db"}, out), 2);
  EXPECT_NE(out.find("from-the-config-file"), std::string::npos) << out;
  std::remove(path.c_str());
}

TEST(CommandLine, OptionsComeFromTheEnvironmentToo) {
  std::string out;
  setenv("CDS_LISTEN", "not-a-listen-address", 1);
  EXPECT_EQ(run_binary({"serve", "--db", "sqlite:/tmp/cds-cli-test.db"}, out), 2);
  EXPECT_NE(out.find("not-a-listen-address"), std::string::npos);
  unsetenv("CDS_LISTEN");
}

// Public reads carry a weak ETag from their content; asking again with it gets 304 and no
// body, and a change to the content changes the tag. Personal responses get none.
TEST(ConditionalGet, PublicReadsAnswer304UntilTheyChange) {
  auto first = get("/api/v1/units/2025/15");
  ASSERT_EQ(first.status, 200);
  std::string tag = first.header("etag");
  ASSERT_TRUE(tag.starts_with("W/\"")) << tag;
  auto again = get("/api/v1/units/2025/15", {{"If-None-Match", tag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), tag);
  EXPECT_EQ(get("/api/v1/units/2025/15", {{"If-None-Match", "\"other\", " + tag}}).status, 304);
  EXPECT_EQ(get("/api/v1/units/2025/15", {{"If-None-Match", "W/\"0000\""}}).status, 200);
  // Another resource has another tag.
  EXPECT_NE(get("/api/v1/units/2025/01").header("etag"), tag);
  // A page that changes: the public list of reports before and after a report is filed.
  auto before = get("/api/v1/reports?unit=04543");
  std::string list_tag = before.header("etag");
  ASSERT_FALSE(list_tag.empty());
  std::string key = create_api_key("etag test", "open311");
  auto filed = request("POST", "/open311/v2/requests.json",
                       "api_key=" + key + "&service_code=roads&address_id=04543&description=x",
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(filed.status, 201) << filed.body;
  auto after = get("/api/v1/reports?unit=04543", {{"If-None-Match", list_tag}});
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.header("etag"), list_tag);
  // Changes are never answered 304, and personal responses carry no tag.
  EXPECT_TRUE(filed.header("etag").empty());
}

// Issue 19: "007" and "+2" were read as 7 and 2 wherever a number came from a URL. A path
// number in another form finds no route (404); a query number is a 400 naming the parameter,
// its message from the catalogue in the reader's language.
TEST(Numbers, OneWrittenFormInPathsAndQueries) {
  // (Paths with the id of a real article: NewsApi.IdsInPathsHaveOneWrittenForm.)
  EXPECT_EQ(get("/tin-tuc/9223372036854775808").status, 404);
  struct Case {
    std::string target, code, name;
  };
  for (const Case& c :
       std::vector<Case>{{"/api/v1/reports?page=007", "bad_page", "page"},
                         {"/api/v1/reports?page=%2B2", "bad_page", "page"},
                         {"/api/v1/reports?page_size=-1", "bad_page_size", "page_size"},
                         {"/api/v1/news?page=%202", "bad_page", "page"},
                         {"/phan-anh?page=%2B2", "bad_page", "page"},
                         {"/tin-tuc?trang=007", "bad_trang", "trang"},
                         {"/tin-tuc?trang=abc", "bad_trang", "trang"}}) {
    auto r = get(c.target);
    EXPECT_EQ(r.status, 400) << c.target << ": " << r.body;
    if (r.status != 400) continue;
    auto err = r.json().at("error");
    EXPECT_EQ(err.at("code").as_string(), c.code) << c.target;
    EXPECT_NE(std::string(err.at("message").as_string()).find("(tham số " + c.name + ")"),
              std::string::npos)
        << c.target << ": " << err;
  }
  // The live stream answers at once instead of streaming from event 7.
  Connection live;
  live.send("GET /events?after=007 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::string head = live.read_until("bad_after", 5000);
  EXPECT_EQ(head.rfind("HTTP/1.1 400", 0), 0u) << head;
  auto en = get("/api/v1/reports?page=007", {{"Cookie", "lang=en"}});
  EXPECT_NE(en.body.find("(parameter page)"), std::string::npos) << en.body;
  EXPECT_EQ(get("/api/v1/reports?page=2").status, 200);
  EXPECT_EQ(get("/tin-tuc?trang=1").status, 200);
}

// The map tile server is a setting: pages name it for their maps, the Content-Security-Policy
// lets images come from its origin only, and anything that is not a tile URL stops the start
// (a quote or a semicolon would otherwise write into the policy).
TEST(CommandLine, MapTilesAreASettingThePolicyFollows) {
  ServerProcess own({"--map-tiles", "https://{s}.tiles.bando.example.vn/{z}/{x}/{y}.png",
                     "--map-attribution", "© Sở TN&MT"});
  Connection c(own.port());
  c.send("GET /phan-anh HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto page = c.read_response();
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.header("content-security-policy")
                .find("img-src 'self' data: https://*.tiles.bando.example.vn;"),
            std::string::npos)
      << page.header("content-security-policy");
  EXPECT_EQ(page.header("content-security-policy").find("openstreetmap"), std::string::npos);
  EXPECT_NE(page.body.find("data-map-tiles=\"https://{s}.tiles.bando.example.vn/{z}/{x}/{y}.png\""),
            std::string::npos);
  EXPECT_NE(page.body.find("data-map-attribution=\"© Sở TN&amp;MT\""), std::string::npos);
  // The default: OpenStreetMap's servers.
  auto shared = get("/phan-anh");
  EXPECT_NE(shared.header("content-security-policy").find("https://*.tile.openstreetmap.org"),
            std::string::npos);
  std::string out;
  for (std::string bad :
       {"https://tiles.example.vn/map.png", "javascript:alert(1)/{z}/{x}/{y}",
        "https://x.example.vn/{z}/{x}/{y}.png; script-src *", "//evil.example/{z}/{x}/{y}.png"})
    EXPECT_EQ(run_binary({"serve", "--map-tiles", bad, "--db", "sqlite:/tmp/cds-cli-tiles.db",
                          "--listen", "127.0.0.1:0"},
                         out),
              2)
        << bad << ": " << out;
}

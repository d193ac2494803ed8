#include "http/multipart.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace cds::http;

namespace {
const std::string kBoundary = "----cdsBoundary7MA4YWxk";

std::string body_with(const std::string& file_content, const std::string& extra_parts = "") {
  return "preamble to ignore\r\n"
         "--" +
         kBoundary +
         "\r\n"
         "Content-Disposition: form-data; name=\"description\"\r\n\r\n"
         "Đường bị sạt lở ở thôn Khe Cam\r\n"
         "--" +
         kBoundary +
         "\r\n"
         "Content-Disposition: form-data; name=\"photo\"; filename=\"anh \\\"1\\\".jpg\"\r\n"
         "Content-Type: image/jpeg\r\n\r\n" +
         file_content + "\r\n" + extra_parts + "--" + kBoundary + "--\r\nepilogue";
}

std::filesystem::path spool_dir() {
  auto d = std::filesystem::temp_directory_path() / "cds-multipart-test";
  std::filesystem::create_directories(d);
  return d;
}

size_t files_in(const std::filesystem::path& dir) {
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}
}  // namespace

TEST(Multipart, ParsesFieldsAndFilesWhateverTheChunking) {
  std::string body = body_with(std::string("\xFF\xD8\xFF\r\n--not-the-boundary\r\n", 24) + "tail");
  for (size_t chunk : {body.size(), size_t{1}, size_t{7}, size_t{64}}) {
    MultipartParser p(kBoundary, {}, spool_dir());
    MultipartParser::Status s = MultipartParser::Status::more;
    for (size_t i = 0; i < body.size(); i += chunk)
      s = p.feed(std::string_view(body).substr(i, chunk));
    ASSERT_EQ(s, MultipartParser::Status::done) << "chunk " << chunk << ": " << p.error();
    auto form = p.take_form();
    ASSERT_EQ(form->parts.size(), 2u);
    EXPECT_EQ(form->field("description")->data, "Đường bị sạt lở ở thôn Khe Cam");
    auto photos = form->files("photo");
    ASSERT_EQ(photos.size(), 1u);
    EXPECT_EQ(*photos[0]->filename, "anh \"1\".jpg");
    EXPECT_EQ(photos[0]->content_type, "image/jpeg");
    EXPECT_EQ(photos[0]->read_all(),
              std::string("\xFF\xD8\xFF\r\n--not-the-boundary\r\n", 24) + "tail");
  }
}

TEST(Multipart, SpoolsLargeFilesToDiskAndRemovesThem) {
  auto dir = spool_dir() / "spool";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string big(300 * 1024, 'x');
  big[1000] = '\r';
  MultipartLimits limits;
  limits.memory_threshold = 64 * 1024;
  {
    MultipartParser p(kBoundary, limits, dir);
    std::string body = body_with(big);
    MultipartParser::Status s = MultipartParser::Status::more;
    for (size_t i = 0; i < body.size(); i += 4096)
      s = p.feed(std::string_view(body).substr(i, 4096));
    ASSERT_EQ(s, MultipartParser::Status::done) << p.error();
    auto form = p.take_form();
    auto photo = form->files("photo").at(0);
    EXPECT_TRUE(photo->spooled());
    EXPECT_TRUE(photo->data.empty());
    EXPECT_EQ(photo->size, big.size());
    EXPECT_EQ(photo->read_all(), big);
    EXPECT_EQ(files_in(dir), 1u);
  }
  EXPECT_EQ(files_in(dir), 0u);  // the form's destructor removed the spool file
}

TEST(Multipart, EnforcesLimitsAsBytesArrive) {
  MultipartLimits limits;
  limits.max_file_bytes = 1000;
  {
    MultipartParser p(kBoundary, limits, spool_dir());
    EXPECT_EQ(p.feed(body_with(std::string(1001, 'a'))), MultipartParser::Status::failed);
    EXPECT_EQ(p.error(), "file_too_large");
  }
  limits = {};
  limits.max_field_bytes = 10;
  {
    MultipartParser p(kBoundary, limits, spool_dir());
    EXPECT_EQ(p.feed(body_with("x")), MultipartParser::Status::failed);
    EXPECT_EQ(p.error(), "field_too_large");
  }
  limits = {};
  limits.max_parts = 1;
  {
    MultipartParser p(kBoundary, limits, spool_dir());
    EXPECT_EQ(p.feed(body_with("x")), MultipartParser::Status::failed);
    EXPECT_EQ(p.error(), "too_many_parts");
  }
}

TEST(Multipart, RefusesMalformedBodies) {
  {
    MultipartParser p(kBoundary, {}, spool_dir());
    std::string body = body_with("x");
    EXPECT_EQ(p.feed(body.substr(0, body.size() - 30)), MultipartParser::Status::more);
    EXPECT_EQ(p.finish(), MultipartParser::Status::failed);  // no closing boundary
    EXPECT_EQ(p.error(), "malformed");
  }
  {
    MultipartParser p(kBoundary, {}, spool_dir());
    std::string body =
        "--" + kBoundary + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" + kBoundary + "--";
    EXPECT_EQ(p.feed(body), MultipartParser::Status::failed);  // a part without a name
  }
  {
    MultipartParser p(kBoundary, {}, spool_dir());
    std::string body = "--" + kBoundary +
                       "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--" +
                       kBoundary + "--";
    EXPECT_EQ(p.feed(body), MultipartParser::Status::failed);
  }
  {
    MultipartParser p(kBoundary, {}, spool_dir());
    std::string body = "--" + kBoundary + "\r\n" + std::string(9000, 'h');
    EXPECT_EQ(p.feed(body), MultipartParser::Status::failed);
    EXPECT_EQ(p.error(), "part_header_too_large");
  }
}

// Found by fuzz_multipart: headers of exactly the largest size allowed were refused when the
// bytes arrived in small pieces (the partial blank line counted against the limit), and taken
// when they arrived at once.
TEST(Multipart, HeadersOfTheLargestSizeAllowedPassHoweverTheBytesAreCut) {
  MultipartLimits limits;
  limits.max_part_header_bytes = 64;
  std::string headers = "Content-Disposition: form-data; name=\"a\"";
  headers += std::string(64 - headers.size() - 2, ' ') + "\r\n";  // the limit, exactly
  ASSERT_EQ(headers.size(), 64u);
  std::string body = "--" + kBoundary + "\r\n" + headers + "\r\n" + "x\r\n--" + kBoundary + "--";
  for (size_t chunk : {body.size(), size_t{1}, size_t{3}, size_t{5}}) {
    MultipartParser p(kBoundary, limits, spool_dir());
    auto status = MultipartParser::Status::more;
    for (size_t at = 0; at < body.size() && status == MultipartParser::Status::more; at += chunk)
      status = p.feed(std::string_view(body).substr(at, chunk));
    EXPECT_EQ(status, MultipartParser::Status::done) << chunk << ": " << p.error();
  }
}

TEST(Multipart, ReadsTheBoundaryFromTheContentType) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\""), "a b;c");
  EXPECT_FALSE(multipart_boundary("application/json"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
  EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary=abc"));
}

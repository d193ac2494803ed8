// A streaming multipart/form-data parser (RFC 7578 on RFC 2046): bytes go in as they arrive
// from the socket; text fields stay in memory, file parts move to a spool file on disk once
// they outgrow a threshold, so a 10 MB photo never sits in memory whole. Limits on part count,
// field size, file size and part-header size are checked as bytes arrive.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cds::http {

struct MultipartLimits {
  size_t max_parts = 16;
  size_t max_field_bytes = 64 * 1024;        // a text field
  size_t max_file_bytes = 10 * 1024 * 1024;  // one file part
  size_t max_part_header_bytes = 8 * 1024;
  size_t memory_threshold = 256 * 1024;  // larger parts are spooled to disk
};

struct MultipartPart {
  std::string name;
  std::optional<std::string> filename;  // as the client sent it: never use it as a path
  std::string content_type;             // "text/plain" when the part did not say
  size_t size = 0;
  std::string data;                  // the bytes, unless spooled
  std::filesystem::path spool_path;  // set when the part went to disk
  bool spooled() const { return !spool_path.empty(); }
  // The whole content, read back from disk when spooled.
  std::string read_all() const;
};

// Owns the parts and deletes spool files when destroyed.
struct MultipartForm {
  std::vector<MultipartPart> parts;
  ~MultipartForm();
  const MultipartPart* field(std::string_view name) const;
  std::vector<const MultipartPart*> files(std::string_view name) const;
};

class MultipartParser {
 public:
  enum class Status { more, done, failed };
  // Error codes when failed: malformed, too_many_parts, field_too_large, file_too_large,
  // part_header_too_large, spool_failed.
  MultipartParser(const std::string& boundary, MultipartLimits limits,
                  std::filesystem::path spool_dir);
  ~MultipartParser();

  Status feed(std::string_view bytes);
  // Called at the end of the body: fails unless the closing boundary was seen.
  Status finish();
  const std::string& error() const { return error_; }
  // The parsed form; only after done.
  std::unique_ptr<MultipartForm> take_form();

 private:
  enum class State { preamble, after_boundary, headers, body, done, failed };
  Status fail(std::string code);
  bool start_part(std::string_view headers);
  bool append(std::string_view data);

  std::string delimiter_;  // "\r\n--" + boundary
  MultipartLimits limits_;
  std::filesystem::path spool_dir_;
  State state_ = State::preamble;
  std::string buffer_;
  std::string error_;
  std::unique_ptr<MultipartForm> form_;
  std::FILE* spool_ = nullptr;
};

// The boundary parameter of a multipart/form-data Content-Type, if valid (1–70 characters).
std::optional<std::string> multipart_boundary(std::string_view content_type);

}  // namespace cds::http

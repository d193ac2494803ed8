#include "http/multipart.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/text.h"
#include "http/body.h"

namespace cds::http {
namespace {

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads `key=value` or `key="quoted \" value"` parameters after the first ';'.
std::optional<std::string> header_parameter(std::string_view header, std::string_view wanted) {
  size_t pos = header.find(';');
  while (pos != std::string_view::npos && pos < header.size()) {
    ++pos;
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == '\t')) ++pos;
    size_t eq = header.find('=', pos);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string key = text::ascii_lower(trim_view(header.substr(pos, eq - pos)));
    std::string value;
    size_t i = eq + 1;
    if (i < header.size() && header[i] == '"') {
      ++i;
      while (i < header.size() && header[i] != '"') {
        if (header[i] == '\\' && i + 1 < header.size()) ++i;
        value.push_back(header[i++]);
      }
      if (i >= header.size()) return std::nullopt;  // unterminated quote
      ++i;
      pos = header.find(';', i);
    } else {
      size_t end = header.find(';', i);
      value =
          std::string(trim_view(header.substr(i, end == std::string_view::npos ? end : end - i)));
      pos = end;
    }
    if (key == wanted) return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  if (media_type(content_type) != "multipart/form-data") return std::nullopt;
  auto boundary = header_parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  return boundary;
}

std::string MultipartPart::read_all() const {
  if (!spooled()) return data;
  std::ifstream in(spool_path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

MultipartForm::~MultipartForm() {
  std::error_code ec;
  for (const auto& p : parts)
    if (p.spooled()) std::filesystem::remove(p.spool_path, ec);
}

const MultipartPart* MultipartForm::field(std::string_view name) const {
  for (const auto& p : parts)
    if (p.name == name && !p.filename) return &p;
  return nullptr;
}

std::vector<const MultipartPart*> MultipartForm::files(std::string_view name) const {
  std::vector<const MultipartPart*> out;
  for (const auto& p : parts)
    if (p.name == name && p.filename) out.push_back(&p);
  return out;
}

MultipartParser::MultipartParser(const std::string& boundary, MultipartLimits limits,
                                 std::filesystem::path spool_dir)
    : delimiter_("\r\n--" + boundary),
      limits_(limits),
      spool_dir_(std::move(spool_dir)),
      form_(std::make_unique<MultipartForm>()) {
  // The first delimiter may come without the CRLF before it: pretend it was there.
  buffer_ = "\r\n";
}

MultipartParser::~MultipartParser() {
  if (spool_) std::fclose(spool_);
}

MultipartParser::Status MultipartParser::fail(std::string code) {
  state_ = State::failed;
  error_ = std::move(code);
  if (spool_) {
    std::fclose(spool_);
    spool_ = nullptr;
  }
  form_.reset();  // removes spool files
  return Status::failed;
}

bool MultipartParser::start_part(std::string_view headers) {
  MultipartPart part;
  part.content_type = "text/plain";
  bool has_disposition = false;
  while (!headers.empty()) {
    size_t eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    std::string name = text::ascii_lower(trim_view(line.substr(0, colon)));
    std::string_view value = trim_view(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (text::ascii_lower(trim_view(value.substr(0, value.find(';')))) != "form-data")
        return false;
      auto n = header_parameter(value, "name");
      if (!n) return false;
      part.name = *n;
      part.filename = header_parameter(value, "filename");
      has_disposition = true;
    } else if (name == "content-type") {
      part.content_type = std::string(value);
    }
  }
  if (!has_disposition) return false;
  form_->parts.push_back(std::move(part));
  return true;
}

bool MultipartParser::append(std::string_view data) {
  if (data.empty()) return true;
  MultipartPart& part = form_->parts.back();
  size_t limit = part.filename ? limits_.max_file_bytes : limits_.max_field_bytes;
  if (part.size + data.size() > limit) {
    fail(part.filename ? "file_too_large" : "field_too_large");
    return false;
  }
  part.size += data.size();
  if (!part.spooled() && part.data.size() + data.size() > limits_.memory_threshold) {
    std::string templ = (spool_dir_ / "cds-upload-XXXXXX").string();
    int fd = mkstemp(templ.data());
    if (fd < 0 || !(spool_ = fdopen(fd, "wb"))) {
      if (fd >= 0) ::close(fd);
      fail("spool_failed");
      return false;
    }
    part.spool_path = templ;
    if (!part.data.empty() &&
        std::fwrite(part.data.data(), 1, part.data.size(), spool_) != part.data.size()) {
      fail("spool_failed");
      return false;
    }
    part.data.clear();
    part.data.shrink_to_fit();
  }
  if (part.spooled()) {
    if (std::fwrite(data.data(), 1, data.size(), spool_) != data.size()) {
      fail("spool_failed");
      return false;
    }
  } else {
    part.data.append(data);
  }
  return true;
}

MultipartParser::Status MultipartParser::feed(std::string_view bytes) {
  if (state_ == State::failed) return Status::failed;
  if (state_ == State::done) return Status::done;  // the epilogue is ignored
  buffer_.append(bytes);
  size_t pos = 0;
  for (;;) {
    std::string_view rest(buffer_.data() + pos, buffer_.size() - pos);
    if (state_ == State::preamble || state_ == State::body) {
      size_t found = rest.find(delimiter_);
      if (found == std::string_view::npos) {
        // Keep a tail that could be the start of a delimiter split across two reads.
        size_t keep = std::min(rest.size(), delimiter_.size() - 1);
        if (state_ == State::body && !append(rest.substr(0, rest.size() - keep)))
          return Status::failed;
        pos += rest.size() - keep;
        break;
      }
      if (state_ == State::body) {
        if (!append(rest.substr(0, found))) return Status::failed;
        if (spool_) {
          if (std::fclose(spool_) != 0) return fail("spool_failed");
          spool_ = nullptr;
        }
      }
      pos += found + delimiter_.size();
      state_ = State::after_boundary;
      continue;
    }
    if (state_ == State::after_boundary) {
      // "--" closes the body; otherwise optional spaces then CRLF start the next part.
      size_t i = 0;
      if (rest.size() < 2) break;
      if (rest.substr(0, 2) == "--") {
        state_ = State::done;
        buffer_.clear();
        return Status::done;
      }
      while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
      if (i + 2 > rest.size()) break;
      if (rest.substr(i, 2) != "\r\n") return fail("malformed");
      pos += i + 2;
      state_ = State::headers;
      continue;
    }
    if (state_ == State::headers) {
      size_t end = rest.find("\r\n\r\n");
      bool empty_headers = rest.starts_with("\r\n");
      if (end == std::string_view::npos && !empty_headers) {
        // Up to three bytes of the blank line may already be here: headers of the largest
        // size allowed must pass however the bytes were cut.
        if (rest.size() > limits_.max_part_header_bytes + 3) return fail("part_header_too_large");
        break;
      }
      if (empty_headers) return fail("malformed");  // a part must say its name
      if (end > limits_.max_part_header_bytes) return fail("part_header_too_large");
      if (form_->parts.size() >= limits_.max_parts) return fail("too_many_parts");
      if (!start_part(rest.substr(0, end))) return fail("malformed");
      pos += end + 4;
      state_ = State::body;
      continue;
    }
    break;
  }
  buffer_.erase(0, pos);
  return Status::more;
}

MultipartParser::Status MultipartParser::finish() {
  if (state_ == State::done) return Status::done;
  if (state_ == State::failed) return Status::failed;
  return fail("malformed");
}

std::unique_ptr<MultipartForm> MultipartParser::take_form() {
  if (state_ != State::done) return nullptr;
  return std::move(form_);
}

}  // namespace cds::http

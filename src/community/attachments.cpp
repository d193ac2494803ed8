// A notice's files: photos through the photo pipeline (type by content, decoded within limits,
// re-encoded as JPEG without metadata), PDFs checked by content and size; stored under the
// uploads folder with unguessable names; fetched only by those who may read the notice.
#include <fstream>

#include "accounts/audit.h"
#include "community/permissions.h"
#include "community/service.h"
#include "community/store.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/text.h"
#include "media/images.h"

namespace cds::community {

namespace {

constexpr int64_t kMaxAttachments = 5;
constexpr size_t kMaxPdfBytes = 10 * 1024 * 1024;
constexpr size_t kMaxNameChars = 120;

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw Error(ErrorKind::unavailable, "storage_failed", "The file could not be stored");
}

// A PDF's name as people see it: what the sender called it, one line, ending in .pdf.
std::string pdf_name(const std::string& given) {
  std::string name = text::nfc(text::trim(given));
  auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  std::string clean;
  for (char ch : name)
    if (static_cast<unsigned char>(ch) >= 0x20 && ch != '"' && ch != ';') clean += ch;
  clean = text::shorten(clean, kMaxNameChars);
  if (clean.empty()) clean = "tep-dinh-kem.pdf";
  if (!text::fold(clean).ends_with(".pdf")) clean += ".pdf";
  return clean;
}

}  // namespace

Attachment Notices::attach(const Actor& actor, int64_t id, const std::string& file_name,
                           const std::string& bytes, const std::string& description,
                           const std::string& ip) {
  Notice n = for_officer(actor, id);
  accounts::require(actor, actions::write_notices, {n.unit_code}, unit_parent_);
  if (bytes.empty()) throw Error(ErrorKind::bad_input, "no_file", "Choose a file");
  if (db_.read([&](db::Connection& c) { return store::attachment_count(c, id); }) >=
      kMaxAttachments)
    throw Error(ErrorKind::conflict, "too_many_attachments", "A notice holds at most 5 files");
  Attachment a;
  a.notice_id = id;
  std::filesystem::create_directories(uploads_dir_ / "notices");
  std::string stem = "notices/" + crypto::random_token(12);  // unguessable
  if (media::sniff_type(bytes) == "application/pdf") {
    if (bytes.size() > kMaxPdfBytes)
      throw Error(ErrorKind::too_large, "file_too_large", "A PDF is at most 10 MB");
    if (!bytes.starts_with("%PDF-") ||
        bytes.find("%%EOF", bytes.size() > 2048 ? bytes.size() - 2048 : 0) == std::string::npos)
      throw Error(ErrorKind::unsupported_type, "unsupported_file", "Not a whole PDF");
    a.kind = "pdf";
    a.path = stem + ".pdf";
    a.name = pdf_name(file_name);
    a.bytes = static_cast<int64_t>(bytes.size());
    write_file(uploads_dir_ / a.path, bytes);
  } else {
    std::string alt = text::nfc(text::trim(description));
    if (alt.empty() || text::char_count(alt) > 300)
      throw Error(ErrorKind::bad_input, "attachment_alt_required",
                  "Say what the photo shows, for those who cannot see it");
    media::ProcessedImage image = media::accept(bytes);  // unsupported_type for anything else
    a.kind = "image";
    a.path = stem + ".jpg";
    a.thumb = stem + "-thumb.jpg";
    a.name = alt;
    a.bytes = static_cast<int64_t>(image.jpeg.size());
    write_file(uploads_dir_ / a.path, image.jpeg);
    write_file(uploads_dir_ / a.thumb, image.thumb);
  }
  a.id = db_.write([&](db::Connection& c) {
    int64_t attachment = store::insert_attachment(c, n, a);
    accounts::record_by(c, actor,
                        {.action = "notice.attached",
                         .detail = "notice=" + std::to_string(n.id) + " " + a.kind,
                         .ip = ip,
                         .unit_code = n.unit_code});
    return attachment;
  });
  return a;
}

Attachment Notices::attachment(const Actor& actor, int64_t id, int64_t attachment_id) const {
  Notice n = readable(actor, id);
  for (const auto& a : n.attachments)
    if (a.id == attachment_id) return a;
  throw Error(ErrorKind::not_found, "not_found", "No such file");
}

}  // namespace cds::community

#include "media/images.h"

#include <libexif/exif-data.h>
#include <magic.h>
#include <vips/vips.h>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "core/error.h"

namespace cds::media {

void init(const char* program_name) {
  if (VIPS_INIT(program_name) != 0) throw std::runtime_error("libvips could not start");
  vips_concurrency_set(1);  // requests already run in parallel on the worker pool
  vips_cache_set_max(0);    // every upload is new: caching operations only costs memory
}

std::string sniff_type(std::string_view bytes) {
  // magic_t is not thread-safe: each worker thread keeps its own.
  thread_local std::unique_ptr<magic_set, decltype(&magic_close)> cookie = [] {
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    if (!m || magic_load(m, nullptr) != 0)
      throw std::runtime_error("libmagic could not load its database");
    return std::unique_ptr<magic_set, decltype(&magic_close)>(m, &magic_close);
  }();
  const char* type = magic_buffer(cookie.get(), bytes.data(), bytes.size());
  return type ? type : "application/octet-stream";
}

std::optional<std::pair<double, double>> exif_gps(std::string_view jpeg) {
  std::unique_ptr<ExifData, decltype(&exif_data_unref)> data(
      exif_data_new_from_data(reinterpret_cast<const unsigned char*>(jpeg.data()),
                              static_cast<unsigned>(jpeg.size())),
      &exif_data_unref);
  if (!data) return std::nullopt;
  ExifByteOrder order = exif_data_get_byte_order(data.get());
  ExifContent* gps = data->ifd[EXIF_IFD_GPS];
  if (!gps) return std::nullopt;
  auto degrees = [&](ExifTag tag, ExifTag ref_tag) -> std::optional<double> {
    ExifEntry* e = exif_content_get_entry(gps, tag);
    ExifEntry* ref = exif_content_get_entry(gps, ref_tag);
    if (!e || e->format != EXIF_FORMAT_RATIONAL || e->components != 3 || !ref || ref->size < 1)
      return std::nullopt;
    double parts[3];
    for (int i = 0; i < 3; ++i) {
      ExifRational r = exif_get_rational(e->data + i * 8, order);
      if (r.denominator == 0) return std::nullopt;
      parts[i] = static_cast<double>(r.numerator) / r.denominator;
    }
    double v = parts[0] + parts[1] / 60 + parts[2] / 3600;
    char hemisphere = static_cast<char>(ref->data[0]);
    return (hemisphere == 'S' || hemisphere == 'W') ? -v : v;
  };
  auto lat = degrees(static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE),
                     static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF));
  auto lon = degrees(static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE),
                     static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF));
  if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180) return std::nullopt;
  return std::make_pair(*lat, *lon);
}

namespace {

struct VipsImageDeleter {
  void operator()(VipsImage* i) const { g_object_unref(i); }
};
using Image = std::unique_ptr<VipsImage, VipsImageDeleter>;

using SteadyClock = std::chrono::steady_clock;

// libvips reports progress on the image being computed; past the deadline it is told to stop.
void on_eval(VipsImage* image, VipsProgress*, void* deadline) {
  if (SteadyClock::now() > *static_cast<SteadyClock::time_point*>(deadline))
    vips_image_set_kill(image, TRUE);
}

// Shrinks while decoding (thumbnail), turns the image upright from its EXIF orientation,
// flattens transparency onto white, and writes a JPEG with no metadata at all. `timed_out`
// is set when the deadline stopped the work.
std::optional<std::string> encode(std::string_view bytes, int size, int quality, int& width,
                                  int& height, SteadyClock::time_point deadline, bool& timed_out) {
  VipsImage* thumb = nullptr;
  // fail_on=error: a truncated or damaged file is refused rather than half-decoded.
  if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &thumb, size, "height",
                            size, "size", VIPS_SIZE_DOWN, "option_string", "fail_on=error",
                            nullptr) != 0)
    return std::nullopt;
  Image image(thumb);
  if (vips_image_hasalpha(image.get())) {
    VipsImage* flat = nullptr;
    double white[] = {255, 255, 255};
    VipsArrayDouble* background = vips_array_double_new(white, 3);
    int rc = vips_flatten(image.get(), &flat, "background", background, nullptr);
    vips_area_unref(VIPS_AREA(background));
    if (rc != 0) return std::nullopt;
    image.reset(flat);
  }
  // The pixels are decoded while the JPEG is written: that is where the time goes.
  vips_image_set_progress(image.get(), TRUE);
  g_signal_connect(image.get(), "eval", G_CALLBACK(on_eval), &deadline);
  void* buffer = nullptr;
  size_t length = 0;
  int rc = vips_jpegsave_buffer(image.get(), &buffer, &length, "Q", quality, "strip", TRUE,
                                "interlace", TRUE, nullptr);
  if (SteadyClock::now() > deadline) timed_out = true;
  if (rc != 0) {
    g_free(buffer);
    return std::nullopt;
  }
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  width = image->Xsize;
  height = image->Ysize;
  return out;
}

}  // namespace

ImageResult process(std::string_view bytes, const ImageLimits& limits) {
  ImageResult result;
  if (bytes.size() > limits.max_bytes) {
    result.error = "image_too_large";
    return result;
  }
  std::string type = sniff_type(bytes);
  if (type != "image/jpeg" && type != "image/png" && type != "image/webp") {
    result.error = "unsupported_image";
    return result;
  }
  ProcessedImage out;
  if (type == "image/jpeg") out.gps = exif_gps(bytes);
  // The header alone tells the size: refuse huge images before decoding the pixels.
  VipsImage* header = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "access",
                                                 VIPS_ACCESS_SEQUENTIAL, nullptr);
  if (!header) {
    vips_error_clear();
    result.error = "image_unreadable";
    return result;
  }
  long width = header->Xsize, height = header->Ysize;
  g_object_unref(header);
  if (width > limits.max_side || height > limits.max_side || width * height > limits.max_pixels) {
    result.error = "image_dimensions";
    return result;
  }
  auto deadline = SteadyClock::now() + limits.max_time;
  bool timed_out = false;
  int thumb_width = 0, thumb_height = 0;
  auto full =
      encode(bytes, limits.full_size, limits.quality, out.width, out.height, deadline, timed_out);
  auto thumb = full ? encode(bytes, limits.thumb_size, limits.quality, thumb_width, thumb_height,
                             deadline, timed_out)
                    : std::nullopt;
  if (!full || !thumb) {
    vips_error_clear();
    result.error = timed_out ? "image_too_slow" : "image_unreadable";
    return result;
  }
  out.jpeg = std::move(*full);
  out.thumb = std::move(*thumb);
  result.image = std::move(out);
  return result;
}

ProcessedImage accept(std::string_view bytes, const ImageLimits& limits) {
  auto result = process(bytes, limits);
  if (result.image) return std::move(*result.image);
  ErrorKind kind = result.error == "image_too_large" || result.error == "image_dimensions"
                       ? ErrorKind::too_large
                   : result.error == "unsupported_image" ? ErrorKind::unsupported_type
                                                         : ErrorKind::bad_input;
  throw Error(kind, result.error, "The photo was refused");
}

}  // namespace cds::media

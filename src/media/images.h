// Photos people upload: the type is found from the content (libmagic), never the file name;
// a GPS position in the EXIF data is read (libexif) to suggest the place; then the image is
// decoded, turned upright, resized and re-encoded (libvips) as a JPEG without any metadata,
// which also defeats files that are two formats at once.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cds::media {

struct ImageLimits {
  size_t max_bytes = 10 * 1024 * 1024;
  // Read from the header, before any pixel is decoded: refuses decompression bombs and the
  // very thin images that cost seconds of CPU while holding few pixels.
  long max_pixels = 40'000'000;
  int max_side = 12'000;
  // Decoding and encoding one image stops after this long (libvips is told to give up).
  std::chrono::milliseconds max_time{8000};
  int full_size = 1600;  // longest side of the stored image
  int thumb_size = 480;  // longest side of the thumbnail
  int quality = 82;
};

struct ProcessedImage {
  std::string jpeg;   // full size, no metadata
  std::string thumb;  // thumbnail, no metadata
  int width = 0, height = 0;
  std::optional<std::pair<double, double>> gps;  // lat, lon from EXIF, when present
};

struct ImageResult {
  std::optional<ProcessedImage> image;
  // image_too_large | image_dimensions | unsupported_image | image_unreadable | image_too_slow
  std::string error;
};

// Call once at start (initialises libvips).
void init(const char* program_name);

// The MIME type libmagic sees in the bytes.
std::string sniff_type(std::string_view bytes);
// GPS from EXIF in a JPEG, if present and valid.
std::optional<std::pair<double, double>> exif_gps(std::string_view jpeg);
ImageResult process(std::string_view bytes, const ImageLimits& limits = {});
// process(), or cds::Error with the refusal's code: too_large for size and dimensions,
// unsupported_type for what is not a photo, bad_input otherwise. Nothing is kept either way.
ProcessedImage accept(std::string_view bytes, const ImageLimits& limits = {});

}  // namespace cds::media

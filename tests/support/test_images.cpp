#include "test_images.h"

#include <libexif/exif-data.h>
#include <vips/vips.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace cds::test {
namespace {

std::string save(VipsImage* image, const char* format) {
  void* buffer = nullptr;
  size_t length = 0;
  if (vips_image_write_to_buffer(image, format, &buffer, &length, nullptr) != 0)
    throw std::runtime_error("vips could not encode a test image");
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

std::string image(int width, int height, int bands, const char* format) {
  static bool started = [] { return VIPS_INIT("tests") == 0; }();
  (void)started;
  std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * bands);
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<unsigned char>((i * 7) % 251);
  VipsImage* img = vips_image_new_from_memory_copy(pixels.data(), pixels.size(), width, height,
                                                   bands, VIPS_FORMAT_UCHAR);
  if (bands == 4) img->Type = VIPS_INTERPRETATION_sRGB;
  std::string out = save(img, format);
  g_object_unref(img);
  return out;
}

}  // namespace

std::string flat_png(int width, int height) {
  static bool started = [] { return VIPS_INIT("tests") == 0; }();
  (void)started;
  VipsImage* black = nullptr;
  if (vips_black(&black, width, height, nullptr) != 0)
    throw std::runtime_error("vips could not make a test image");
  VipsImage* grey = nullptr;
  if (vips_cast(black, &grey, VIPS_FORMAT_UCHAR, nullptr) != 0)
    throw std::runtime_error("vips could not make a test image");
  g_object_unref(black);
  void* buffer = nullptr;
  size_t length = 0;
  if (vips_pngsave_buffer(grey, &buffer, &length, "compression", 9, nullptr) != 0)
    throw std::runtime_error("vips could not encode a test image");
  g_object_unref(grey);
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

namespace {

void add_entry(ExifData* data, ExifTag tag, ExifFormat format, unsigned long components,
               const void* bytes) {
  ExifMem* mem = exif_mem_new_default();
  ExifEntry* e = exif_entry_new_mem(mem);
  e->tag = tag;
  e->format = format;
  e->components = components;
  e->size = exif_format_get_size(format) * components;
  e->data = static_cast<unsigned char*>(exif_mem_alloc(mem, e->size));
  std::memcpy(e->data, bytes, e->size);
  exif_content_add_entry(data->ifd[EXIF_IFD_GPS], e);
  exif_entry_unref(e);
  exif_mem_unref(mem);
}

void add_degrees(ExifData* data, ExifTag tag, double value) {
  value = std::abs(value);
  double d = std::floor(value), m = std::floor((value - d) * 60), s = ((value - d) * 60 - m) * 60;
  unsigned char bytes[24];
  ExifRational parts[3] = {{static_cast<ExifLong>(d), 1},
                           {static_cast<ExifLong>(m), 1},
                           {static_cast<ExifLong>(std::lround(s * 10000)), 10000}};
  for (int i = 0; i < 3; ++i) exif_set_rational(bytes + i * 8, EXIF_BYTE_ORDER_INTEL, parts[i]);
  add_entry(data, tag, EXIF_FORMAT_RATIONAL, 3, bytes);
}

}  // namespace

std::string plain_jpeg(int width, int height) { return image(width, height, 3, ".jpg"); }

std::string png_with_alpha() { return image(40, 30, 4, ".png"); }

std::string jpeg_with_gps(double lat, double lon) {
  std::string jpeg = plain_jpeg(320, 240);
  ExifData* data = exif_data_new();
  exif_data_set_byte_order(data, EXIF_BYTE_ORDER_INTEL);
  const char north[2] = {lat >= 0 ? 'N' : 'S', 0}, east[2] = {lon >= 0 ? 'E' : 'W', 0};
  add_entry(data, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF), EXIF_FORMAT_ASCII, 2, north);
  add_degrees(data, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE), lat);
  add_entry(data, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF), EXIF_FORMAT_ASCII, 2, east);
  add_degrees(data, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE), lon);
  unsigned char* blob = nullptr;
  unsigned int size = 0;
  exif_data_save_data(data, &blob, &size);  // "Exif\0\0" + TIFF: the APP1 payload
  exif_data_unref(data);
  if (!blob || size == 0) throw std::runtime_error("libexif wrote nothing");
  // APP1 goes right after the start-of-image marker.
  std::string app1 = "\xFF\xE1";
  app1.push_back(static_cast<char>(((size + 2) >> 8) & 0xFF));
  app1.push_back(static_cast<char>((size + 2) & 0xFF));
  app1.append(reinterpret_cast<const char*>(blob), size);
  free(blob);
  return jpeg.substr(0, 2) + app1 + jpeg.substr(2);
}

}  // namespace cds::test

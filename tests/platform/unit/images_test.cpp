#include "media/images.h"

#include <gtest/gtest.h>

#include <chrono>

#include "test_images.h"

using namespace cds;

namespace {
struct Init {
  Init() { media::init("unit_tests"); }
} init;
}  // namespace

TEST(Images, ReadsGpsFromExif) {
  std::string jpeg = test::jpeg_with_gps(21.7229, 104.9113);
  EXPECT_NE(jpeg.find("Exif"), std::string::npos);
  auto gps = media::exif_gps(jpeg);
  ASSERT_TRUE(gps);
  EXPECT_NEAR(gps->first, 21.7229, 1e-4);
  EXPECT_NEAR(gps->second, 104.9113, 1e-4);
  auto south_west = media::exif_gps(test::jpeg_with_gps(-33.8688, -70.6693));
  ASSERT_TRUE(south_west);
  EXPECT_LT(south_west->first, 0);
  EXPECT_LT(south_west->second, 0);
  EXPECT_FALSE(media::exif_gps(test::plain_jpeg()));
}

TEST(Images, StoresNoMetadataAtAll) {
  std::string jpeg = test::jpeg_with_gps(21.7229, 104.9113);
  auto r = media::process(jpeg);
  ASSERT_TRUE(r.image) << r.error;
  ASSERT_TRUE(r.image->gps);  // read before stripping, to suggest the place
  EXPECT_NEAR(r.image->gps->first, 21.7229, 1e-4);
  for (const std::string* out : {&r.image->jpeg, &r.image->thumb}) {
    EXPECT_EQ(media::sniff_type(*out), "image/jpeg");
    EXPECT_EQ(out->find("Exif"), std::string::npos);
    EXPECT_EQ(out->find("\xFF\xE1"), std::string::npos);  // no APP1 segment (EXIF or XMP)
    EXPECT_FALSE(media::exif_gps(*out));
  }
  EXPECT_EQ(r.image->width, 320);
  EXPECT_EQ(r.image->height, 240);
}

TEST(Images, ResizesLargePhotos) {
  media::ImageLimits limits;
  limits.full_size = 100;
  limits.thumb_size = 50;
  auto r = media::process(test::plain_jpeg(400, 300), limits);
  ASSERT_TRUE(r.image);
  EXPECT_EQ(r.image->width, 100);
  EXPECT_EQ(r.image->height, 75);
}

TEST(Images, RefusesWhatIsNotAPhoto) {
  auto php = media::process("<?php system($_GET['c']); ?>\n");
  EXPECT_FALSE(php.image);
  EXPECT_EQ(php.error, "unsupported_image");
  EXPECT_EQ(media::process("GIF89a\x01\x00\x01\x00\x00\x00\x00;").error, "unsupported_image");
  std::string jpeg = test::plain_jpeg(200, 150);
  EXPECT_EQ(media::process(jpeg.substr(0, jpeg.size() / 2)).error, "image_unreadable");
  media::ImageLimits small;
  small.max_bytes = 100;
  EXPECT_EQ(media::process(jpeg, small).error, "image_too_large");
  media::ImageLimits few_pixels;
  few_pixels.max_pixels = 1000;
  EXPECT_EQ(media::process(jpeg, few_pixels).error, "image_dimensions");
}

// A 1 × 1,000,000 PNG is a few kilobytes but took seconds to decode: the header alone now
// refuses it.
TEST(Images, RefusesVeryThinImagesFromTheHeader) {
  std::string tall = test::flat_png(1, 1'000'000);
  EXPECT_LT(tall.size(), 64u * 1024);
  EXPECT_EQ(media::process(tall).error, "image_dimensions");
  EXPECT_EQ(media::process(test::flat_png(1'000'000, 1)).error, "image_dimensions");
  // Each side at most 12,000; 40 Mpx in all.
  media::ImageLimits limits;
  EXPECT_EQ(limits.max_side, 12'000);
  EXPECT_EQ(limits.max_pixels, 40'000'000);
  EXPECT_EQ(media::process(test::flat_png(12'001, 10)).error, "image_dimensions");
  auto edge = media::process(test::flat_png(12'000, 10));
  EXPECT_TRUE(edge.image) << edge.error;
}

TEST(Images, GivesUpWhenDecodingTakesTooLong) {
  media::ImageLimits hurried;
  hurried.max_time = std::chrono::milliseconds(0);
  EXPECT_EQ(media::process(test::plain_jpeg(2000, 1500), hurried).error, "image_too_slow");
  EXPECT_TRUE(media::process(test::plain_jpeg(2000, 1500)).image);
}

TEST(Images, FlattensTransparentPngsToJpeg) {
  auto r = media::process(test::png_with_alpha());
  ASSERT_TRUE(r.image) << r.error;
  EXPECT_EQ(media::sniff_type(r.image->jpeg), "image/jpeg");
}

// Test photos made on the spot: a plain JPEG, the same JPEG carrying an EXIF block with a GPS
// position (what a phone camera writes), a PNG with transparency.
#pragma once

#include <string>

namespace cds::test {

std::string plain_jpeg(int width = 64, int height = 48);
// lat/lon in decimal degrees, written as EXIF GPS rationals with N/S and E/W references.
std::string jpeg_with_gps(double lat, double lon);
std::string png_with_alpha();
// A plain PNG of one grey level: even 1 × 1,000,000 compresses to a few kilobytes, which is
// what makes such files a cheap way to ask for seconds of decoding.
std::string flat_png(int width, int height);

}  // namespace cds::test

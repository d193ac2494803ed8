// The demo's news (serve --demo): one article for the whole province (with a cover photo) and
// one for each of two communes, published some hours ago, so that a new user sees the news
// pages filled.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <tuple>

#include "core/csv.h"
#include "core/text.h"
#include "core/time.h"
#include "news/markdown.h"
#include "news/service.h"
#include "news/store.h"

namespace cds::news {

void NewsService::load_demo(const std::filesystem::path& dir) {
  auto table = csv::read_file((dir / "news.csv").string());
  db_.write([&](db::Connection& c) {
    if (store::any(c)) return;
    auto now = timeutil::Clock::now();
    for (const auto& row : table.rows) {
      auto cell = [&](const char* name) { return text::nfc(table.field(row, name)); };
      Article a;
      a.title = cell("title");
      a.summary = cell("summary");
      // The file writes line breaks as \n inside one cell.
      a.body_md = cell("body");
      for (size_t at; (at = a.body_md.find("\\n")) != std::string::npos;)
        a.body_md.replace(at, 2, "\n");
      a.body_html = markdown_html(a.body_md);
      a.unit_codes = text::split_words(cell("units"));
      a.state = State::published;
      a.publish_at = timeutil::iso_utc(
          now - std::chrono::hours(text::parse_int(cell("hours_ago")).value_or(0)));
      a.created_at = a.publish_at;
      // A cover photo beside the table, re-encoded as an officer's upload would be.
      if (std::string file = cell("cover"); !file.empty()) {
        std::ifstream in(dir / file, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        try {
          std::tie(a.cover, a.cover_thumb) = save_cover(media::accept(bytes));
          a.cover_alt = cell("cover_alt");
        } catch (const std::exception& e) {
          spdlog::warn("demo news cover {}: {}", file, e.what());
        }
      }
      store::insert(c, a);  // author 0: the demo
    }
  });
}

}  // namespace cds::news

// News: officers publish articles for the communes they answer for (administrators of the
// province for everyone); readers see those for their commune and the province's. Drafts are
// their authors' units' business; publishing may be set for later; archived articles leave
// the lists but keep their page for the officers.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "accounts/authz.h"
#include "db/connection.h"
#include "media/images.h"
#include "news/model.h"

namespace cds::units {
class UnitService;
}

namespace cds::news {

struct ArticleInput {
  std::string title, summary, body;      // body in Markdown
  std::vector<std::string> unit_codes;   // communes, or the province's code for everyone
  std::string publish_at;                // RFC 3339 or the form's local time; "" = now
  bool publish = false;                  // false: a draft
  bool remove_cover = false;             // on an edit: the cover goes, and no new one comes
  std::optional<std::string> cover_alt;  // what the cover shows; on an edit, absent keeps it
};

class NewsService {
 public:
  static constexpr size_t kPageSize = 20;

  NewsService(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent,
              std::string province_code, std::filesystem::path uploads_dir);

  Article create(const accounts::Actor& actor, const ArticleInput& input,
                 const std::optional<media::ProcessedImage>& cover, const std::string& ip);
  // An edit: everything as `input` has it (publish_at "" keeps the time set before); a
  // draft may be published by it, a published article stays published (archive to take it
  // down); an archived one is not edited. Readers are not told of an edit again.
  Article update(const accounts::Actor& actor, int64_t id, const ArticleInput& input,
                 const std::optional<media::ProcessedImage>& cover, const std::string& ip);
  Article publish(const accounts::Actor& actor, int64_t id, const std::string& ip);
  Article archive(const accounts::Actor& actor, int64_t id, const std::string& ip);

  // For readers: published by now, for this commune and the whole province (every one when
  // unit is ""), newest first, a page at a time.
  std::vector<Article> published(const std::string& unit_code, size_t page = 1,
                                 size_t page_size = kPageSize);
  std::optional<Article> published_article(int64_t id);
  // For officers: drafts and all, in the units they may publish for.
  std::vector<Article> desk(const accounts::Actor& actor);
  Article find_for_officer(const accounts::Actor& actor, int64_t id);
  // The same, for its form: one that may still be rewritten (409 news_archived otherwise).
  Article editable(const accounts::Actor& actor, int64_t id);
  static void require_editable(const Article& a);
  std::string unit_names(const Article& a) const;
  const std::filesystem::path& uploads_dir() const { return uploads_dir_; }
  const std::string& province_code() const { return province_code_; }
  // serve --demo: data/demo/news.csv, once, into a database without news.
  void load_demo(const std::filesystem::path& dir);
  // The news-due job: articles published for a time now come make themselves known (cached
  // pages refreshed; live readers told, unless the time is more than an hour past). Returns
  // how many.
  size_t announce_due();

 private:
  void require_units(const accounts::Actor& actor, const std::vector<std::string>& units) const;
  // Title, summary, body (and its HTML) and units of `input`, checked, and the units the
  // actor's to write for.
  Article checked(const accounts::Actor& actor, const ArticleInput& input) const;
  void remove_cover_files(const Article& a) const;
  Article change_state(const accounts::Actor& actor, int64_t id, State state,
                       const std::string& ip);
  std::pair<std::string, std::string> save_cover(const media::ProcessedImage& image);

  db::Database& db_;
  const units::UnitService& units_;
  accounts::UnitParent unit_parent_;
  std::string province_code_;
  std::filesystem::path uploads_dir_;
};

}  // namespace cds::news

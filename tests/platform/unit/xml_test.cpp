#include "core/xml.h"

#include <gtest/gtest.h>

#include "core/atom.h"
#include "xml_check.h"

using namespace cds;

TEST(Xml, EscapesMarkupAndNeverWritesAnIllegalCharacter) {
  EXPECT_EQ(xml::escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
  EXPECT_EQ(xml::escape("Sạt lở\tđường\r\n"), "Sạt lở\tđường\r\n");
  // Controls, U+FFFE/FFFF and broken UTF-8 become U+FFFD.
  EXPECT_EQ(xml::escape(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(xml::escape("\x01\x1b"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(xml::escape("\xEF\xBF\xBE"), "\xEF\xBF\xBD");
  EXPECT_EQ(xml::escape("\xC3"), "\xEF\xBF\xBD");
  std::string nasty;
  for (int c = 0; c < 0x20; ++c) nasty.push_back(static_cast<char>(c));
  std::string doc = "<?xml version=\"1.0\" encoding=\"utf-8\"?><r a=\"" + xml::escape(nasty) +
                    "\">" + xml::escape(nasty + "\xEF\xBF\xBF<&>") + "</r>";
  std::string why;
  EXPECT_TRUE(test::well_formed_xml(doc, why)) << why;
  // The checker itself refuses what the escape function removes.
  EXPECT_FALSE(test::well_formed_xml("<?xml version=\"1.0\"?><r>\x01</r>", why));
}

// One Atom writer for every feed: text escaped, the feed's address its id and self link, an
// entry's HTML content only when it has some.
TEST(Atom, OneWriterEscapesEveryTextAndLeavesOutEmptyContent) {
  cds::atom::Feed feed{"https://x.vn/news/feed.atom?a=1&b=2",
                       "Tin <mới> & “nóng”",
                       "2026-12-05T10:00:00+07:00",
                       {{"urn:1", "A < B", "2026-12-05T10:00:00+07:00", "2026-12-05T09:00:00+07:00",
                         "https://x.vn/tin-tuc/1", "text/html", "tóm tắt", "<p>x</p>"},
                        {"urn:2", "C", "2026-12-04T10:00:00+07:00", "2026-12-04T10:00:00+07:00",
                         "https://x.vn/alerts/2.cap", "application/cap+xml", "", ""}}};
  std::string out = cds::atom::write(feed);
  EXPECT_NE(out.find("<id>https://x.vn/news/feed.atom?a=1&amp;b=2</id>"), std::string::npos);
  EXPECT_NE(out.find("href=\"https://x.vn/news/feed.atom?a=1&amp;b=2\""), std::string::npos);
  EXPECT_NE(out.find("<title>Tin &lt;mới&gt; &amp; “nóng”</title>"), std::string::npos);
  EXPECT_NE(out.find("<name>Tin &lt;mới&gt; &amp; “nóng”</name>"), std::string::npos);
  EXPECT_NE(out.find("<title>A &lt; B</title>"), std::string::npos);
  EXPECT_NE(out.find("<content type=\"html\">&lt;p&gt;x&lt;/p&gt;</content>"), std::string::npos);
  EXPECT_EQ(out.find("<content", out.find("urn:2")), std::string::npos);
  EXPECT_NE(out.find("type=\"application/cap+xml\" href=\"https://x.vn/alerts/2.cap\""),
            std::string::npos);
  EXPECT_EQ(out.rfind("</feed>\n"), out.size() - 8);
}

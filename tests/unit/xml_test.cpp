#include "core/xml.h"

#include <gtest/gtest.h>

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

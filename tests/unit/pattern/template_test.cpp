#include "flow/pattern/template.h"

#include <gtest/gtest.h>

namespace flow::pattern {
namespace {

// Appends piece by piece: `"<" + std::string(...)` trips GCC 12's -Wrestrict false positive
// on `const char* + std::string&&` at -O3, which failed the release build (docs/decisions.md).
std::string render_names(const Template& t) {
  return t.render([](const Placeholder& p, std::string& out) {
    out += '<';
    out += placeholder_kind_name(p.kind);
    if (!p.key.empty()) {
      out += '.';
      out += p.key;
    }
    if (p.index) {
      out += '[';
      out += std::to_string(*p.index);
      out += ']';
    }
    out += '>';
  });
}

TEST(TemplateTest, ParsesEveryPlaceholderForm) {
  auto t = Template::parse(
      "sort {input} {input.words} {input[1]} > {output} 2> {log}; echo {threads} "
      "{params.x} {wildcards.book} {wildcards} {resources.mem_mb} {rule} {jobid} {attempt}");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(render_names(*t),
            "sort <input> <input.words> <input[1]> > <output> 2> <log>; echo <threads> <params.x> "
            "<wildcards.book> <wildcards> <resources.mem_mb> <rule> <jobid> <attempt>");
}

TEST(TemplateTest, DoubledBracesAreLiteral) {
  auto t = Template::parse("awk '{{print $1}}' {input}");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(render_names(*t), "awk '{print $1}' <input>");
}

TEST(TemplateTest, UnknownPlaceholderSuggestsTheClosest) {
  auto t = Template::parse("cat {inputs} > {output}");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, "unknown placeholder '{inputs}'");
  EXPECT_EQ(t.error().anchor, "{inputs}");
  ASSERT_EQ(t.error().notes.size(), 1u);
  EXPECT_EQ(t.error().notes[0], "did you mean '{input}'?");
}

TEST(TemplateTest, MalformedPlaceholdersAreErrors) {
  EXPECT_FALSE(Template::parse("{threads.x}").ok());
  EXPECT_FALSE(Template::parse("{params}").ok());
  EXPECT_FALSE(Template::parse("{input[x]}").ok());
  EXPECT_FALSE(Template::parse("echo {input").ok());
  EXPECT_FALSE(Template::parse("echo }").ok());
}

TEST(TemplateTest, TextWithoutPlaceholders) {
  auto t = Template::parse("echo hello");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->has_placeholders());
  EXPECT_EQ(render_names(*t), "echo hello");
}

}  // namespace
}  // namespace flow::pattern

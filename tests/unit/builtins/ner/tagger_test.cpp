// A small gold set for the `ner` tagger: sentences written for these tests in the manner of
// Alice's Adventures in Wonderland (no text taken from the book), with the entities checked by
// hand against the OntoNotes conventions the tagger follows (docs/ner.md).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "builtins/ner/batch.h"
#include "builtins/ner/tagger.h"

namespace flow::builtins::ner {
namespace {

// "text/LABEL" for each entity of each paragraph of `text` (paragraphs split at "\n\n"),
// all tagged with evidence from the whole text.
std::vector<std::vector<std::string>> tag_text(const std::string& text) {
  std::vector<std::string_view> paragraphs = split_paragraph_file(text);
  std::vector<std::vector<Entity>> entities = tag_paragraphs(paragraphs);
  std::vector<std::vector<std::string>> result;
  for (std::size_t p = 0; p < paragraphs.size(); ++p) {
    std::vector<std::string> items;
    for (const Entity& e : entities[p]) {
      items.push_back(std::string(paragraphs[p].substr(e.begin, e.end - e.begin)) + "/" +
                      std::string(label_name(e.label)));
    }
    result.push_back(items);
  }
  return result;
}

using Items = std::vector<std::string>;

TEST(NerTaggerTest, TagsNamesDatesAndPlaces) {
  auto result = tag_text(
      "Then Alice said to the Mock Turtle on the second day of May, \xe2\x80\x9cI met the "
      "Duchess in London two days ago.\xe2\x80\x9d\n");
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result[0], (Items{"Alice/PERSON", "the Mock Turtle/ORG", "the second day of May/DATE",
                              "London/GPE", "two days ago/DATE"}));
}

TEST(NerTaggerTest, LeavesHonorificsOutOfNames) {
  auto result =
      tag_text("Mr. Pickwick and Dr Watson walked three miles along the Thames before noon.\n");
  EXPECT_EQ(result[0], (Items{"Pickwick/PERSON", "Watson/PERSON", "three miles/QUANTITY",
                              "Thames/LOC", "noon/TIME"}));
}

TEST(NerTaggerTest, TagsMoneyPercentagesAndClockTimes) {
  auto result =
      tag_text("The Hatter was paid five shillings, or 20% of his wages, at four o'clock.\n");
  EXPECT_EQ(result[0],
            (Items{"Hatter/PERSON", "five shillings/MONEY", "20%/PERCENT", "four o'clock/TIME"}));
}

TEST(NerTaggerTest, TellsLanguagesFromNationalities) {
  auto result = tag_text(
      "\xe2\x80\x9cSpeak English!\xe2\x80\x9d cried the Gryphon. The French mouse had never "
      "been to the United States.\n");
  EXPECT_EQ(result[0],
            (Items{"English/LANGUAGE", "Gryphon/PERSON", "French/NORP", "the United States/GPE"}));
  EXPECT_EQ(tag_text("Language: English\n")[0], (Items{"English/LANGUAGE"}));
}

TEST(NerTaggerTest, BareTitlesAreNotNamesButTitledNamesAre) {
  auto result = tag_text(
      "In 1865 the Queen of Hearts gave the Knave a third of her tarts, and Father William "
      "ate twenty-four of them.\n");
  // A title with "of" names a person, without the article (OntoNotes: "the Duke of York").
  EXPECT_EQ(result[0], (Items{"1865/DATE", "Queen of Hearts/PERSON", "third/ORDINAL",
                              "Father William/PERSON", "twenty-four/CARDINAL"}));
}

TEST(NerTaggerTest, UsesCapitalisationEvidenceFromTheWholeText) {
  // "Dinah" opens the first paragraph; the second shows her capitalised mid-sentence, which
  // makes her a name everywhere. "Soon" and "Alice" are only ever seen where a sentence
  // starts, so there is no evidence for them: a known limit (docs/ner.md).
  auto result = tag_text("Dinah is a cat. Soon the cat slept.\n\nAlice loved Dinah dearly.\n");
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0], (Items{"Dinah/PERSON"}));
  EXPECT_EQ(result[1], (Items{"Dinah/PERSON"}));
}

TEST(NerTaggerTest, WordsAlsoWrittenInLowerCaseAreCommonNouns) {
  auto result =
      tag_text("The Mouse looked up. A mouse, a mouse and another mouse ran past the Dormouse.\n");
  EXPECT_EQ(result[0], (Items{"Dormouse/PERSON"}));
}

TEST(NerTaggerTest, CapitalisedNounsUsedAsNamesAreNames) {
  // Capitalised mid-sentence seven times, in lower case three: the Otter is a character. The
  // compounds take the word of their head ("Fish-Footman" is a Footman).
  auto result = tag_text(
      "Then the Otter sang, and the Otter swam, and the Otter slept. Later the Otter woke, the "
      "Otter ate, the Otter sat and the Otter spoke. An otter, an otter and one more otter "
      "came.\n\nThe Fish-Footman bowed to the Frog-Footman, and the Footman left.\n");
  EXPECT_EQ(result[0], (Items{"Otter/PERSON", "Otter/PERSON", "Otter/PERSON", "Otter/PERSON",
                              "Otter/PERSON", "Otter/PERSON", "Otter/PERSON", "one/CARDINAL"}));
  EXPECT_EQ(result[1], (Items{"Fish-Footman/PERSON", "Frog-Footman/PERSON", "Footman/PERSON"}));
}

TEST(NerTaggerTest, AbstractNounsAndCompoundsAreNotNames) {
  auto result = tag_text(
      "Then Mabel studied Uglification, Derision and Writhing, and out came a Jack-in-the-box "
      "for Mabel.\n");
  EXPECT_EQ(result[0], (Items{"Mabel/PERSON", "Mabel/PERSON"}));
}

TEST(NerTaggerTest, CapitalsInSongsAreWeakerEvidence) {
  // "Soup" is capitalised only in the song, and the prose writes "soup": a common noun. The
  // "Owl" of the song is never written in lower case: a name.
  auto result = tag_text(
      "The soup was hot, so the soup was left, and the soup went cold.\n\n"
      "Oh beautiful Soup, so rich and green,\nWhile the Owl sat by,\nFor beautiful Soup!\n");
  EXPECT_EQ(result[1], (Items{"Owl/PERSON"}));
}

TEST(NerTaggerTest, NumberWordsUsedAsNames) {
  auto result = tag_text(
      "\xe2\x80\x9cLook out now, Five!\xe2\x80\x9d said Two, and the rule was Number One, "
      "the oldest of all three.\n");
  EXPECT_EQ(result[0], (Items{"Five/PERSON", "Two/PERSON", "One/CARDINAL", "three/CARDINAL"}));
}

TEST(NerTaggerTest, TheArticleBelongsToANameThatHeadsItsPhrase) {
  auto result = tag_text(
      "The Project Gutenberg EBook of it. To protect the Project Gutenberg-tm mission, read "
      "the full terms of the Full Project Gutenberg-tm License in full. The Project Gutenberg "
      "Literary Archive Foundation was created.\n");
  EXPECT_EQ(result[0],
            (Items{"Project Gutenberg/ORG", "Project Gutenberg/ORG", "Project Gutenberg/ORG",
                   "The Project Gutenberg Literary Archive Foundation/ORG"}));
}

TEST(NerTaggerTest, FindsSectionsQuotedInscriptionsAndLanguageLessons) {
  auto result = tag_text(
      "See Section 3, and Sections 4 and 5 of this license. The bottle said \xe2\x80\x9c"
      "DRINK "
      "ME,\xe2\x80\x9d"
      " and her French lesson-book said nothing secondly.\n");
  EXPECT_EQ(result[0], (Items{"Section 3/LAW", "Sections 4 and 5/LAW", "DRINK ME/WORK_OF_ART",
                              "French/LANGUAGE", "secondly/ORDINAL"}));
}

TEST(NerTaggerTest, FindsMoreDatesAndTimes) {
  auto result = tag_text(
      "They met once a week, all day, for days, on the twelfth, on a summer day and at "
      "Christmas. What is the day of the month? It broke the week before. For the first minute "
      "or two, in another minute, in the night, at half-past one and at nine o'clock in the "
      "morning, two guinea-pigs read a second copy.\n");
  EXPECT_EQ(result[0],
            (Items{"once a week/DATE", "all day/DATE", "days/DATE", "the twelfth/DATE",
                   "a summer day/DATE", "Christmas/DATE", "the day of the month/DATE",
                   "the week before/DATE", "the first minute or two/TIME", "another minute/TIME",
                   "the night/TIME", "half-past one/TIME", "nine o'clock in the morning/TIME",
                   "two/CARDINAL", "second/ORDINAL"}));
}

TEST(NerTaggerTest, TellsTheNumberOneFromThePronoun) {
  auto result = tag_text("One would think that one of the guests was the right one.\n");
  EXPECT_EQ(result[0], (Items{"one/CARDINAL"}));
}

TEST(NerTaggerTest, FindsChapterTitles) {
  auto result = tag_text("CHAPTER III.\nThe Garden of Roses\n\nThe roses were red.\n");
  EXPECT_EQ(result[0], (Items{"The Garden of Roses/WORK_OF_ART"}));
}

TEST(NerTaggerTest, NamesMayCrossALineEnd) {
  auto result = tag_text("She spoke with the White\nRabbit for half an hour on Tuesday.\n");
  EXPECT_EQ(result[0], (Items{"the White\nRabbit/ORG", "half an hour/TIME", "Tuesday/DATE"}));
}

TEST(NerTaggerTest, LabelsNamesByTheirHeadWord) {
  auto result = tag_text(
      "Mrs. Smith kept 3,000 books at 42 Baker Street for the Royal Geographical Society.\n");
  EXPECT_EQ(result[0], (Items{"Smith/PERSON", "3,000/CARDINAL", "42/CARDINAL", "Baker Street/FAC",
                              "the Royal Geographical Society/ORG"}));
}

TEST(NerTaggerTest, MonthsBeforeANameArePartOfIt) {
  auto result = tag_text(
      "The March Hare was mad in March, and May I say so? We met in May.\n\nIt was the March "
      "Hare again.\n");
  EXPECT_EQ(result[0], (Items{"The March Hare/ORG", "March/DATE", "May/DATE"}));
  EXPECT_EQ(result[1], (Items{"the March Hare/ORG"}));
}

TEST(NerTaggerTest, IgnoresNumbersInsideCodes) {
  auto result = tag_text("See paragraph 1.E.8 of file 11-0.txt, and 2 more.\n");
  EXPECT_EQ(result[0], (Items{"2/CARDINAL"}));
}

TEST(NerTaggerTest, ReportsOffsetsInCodePoints) {
  // "“Édouard” met Bill": the curly quotes and É take several bytes each.
  std::string text =
      "\xe2\x80\x9c\xc3\x89"
      "douard\xe2\x80\x9d met Bill in Paris.";
  std::vector<std::string_view> paragraphs = {text};
  std::vector<Entity> entities = tag_paragraphs(paragraphs)[0];
  ASSERT_EQ(entities.size(), 2u);  // "Édouard" opens a quotation: no evidence for it
  EXPECT_EQ(entities[0].label, Label::person);
  EXPECT_EQ(entities[0].begin_cp, 14u);  // “Édouard” met = 13 code points, then a space
  EXPECT_EQ(entities[0].end_cp, 18u);
  EXPECT_EQ(entities[1].begin_cp, 22u);
  EXPECT_EQ(entities[1].end_cp, 27u);
  EXPECT_EQ(text.substr(entities[1].begin, entities[1].end - entities[1].begin), "Paris");
}

TEST(NerTaggerTest, EmptyAndPunctuationOnlyParagraphsHaveNoEntities) {
  std::vector<std::string_view> paragraphs = {"", "...!?", "\xe2\x80\x94"};
  for (const auto& entities : tag_paragraphs(paragraphs))
    EXPECT_TRUE(entities.empty());
}

}  // namespace
}  // namespace flow::builtins::ner

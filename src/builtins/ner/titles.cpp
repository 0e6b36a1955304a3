// Titles of works (WORK_OF_ART) where a text's layout shows them: chapter headings
// ("CHAPTER II. The Pool of Tears"), "Title: ..." lines, a paragraph that is one title-case
// line, and a title-case phrase before ", by Author". Titles in running prose without such
// a cue are not found.

#include <array>

#include "builtins/ner/lexicon.h"
#include "builtins/ner/paragraph.h"

namespace flow::builtins::ner {
namespace {

// Small words a title may hold between its capitalised words.
constexpr std::array<std::string_view, 13> k_small_words = {
    "of", "in", "the", "and", "a", "an", "on", "at", "to", "for", "with", "from", "or"};

class TitleFinder {
 public:
  TitleFinder(const Paragraph& paragraph, const CaseEvidence& evidence, std::vector<Candidate>& out)
      : m_p(paragraph), m_evidence(evidence), m_out(out) {}

  void run() {
    if (is_single_title_line()) emit(0, m_p.size());
    for (std::size_t i = 0; i < m_p.size(); ++i) {
      if (is_capital(i) && m_p.is(i, "chapter")) {
        chapter_title(i);
      } else if (is_capital(i) && m_p.is(i, "title") && m_p.is(i + 1, ":")) {
        emit(i + 2, line_end(i));
      } else if (m_p.is(i, ",") && m_p.is(i + 1, "by") && is_capital(i + 2)) {
        title_before(i);
      } else if (is_opening_quote(i)) {
        quoted_capitals(i);
      }
    }
  }

 private:
  bool is_capital(std::size_t i) const {
    return m_p.is_word(i) &&
           (m_p.tokens[i].casing == Casing::capitalised || m_p.tokens[i].casing == Casing::upper);
  }
  bool is_small(std::size_t i) const {
    return m_p.is_word(i) && m_p.tokens[i].casing == Casing::lower &&
           is_one_of(m_p.keys[i], k_small_words);
  }
  bool is_possessive(std::size_t i) const { return m_p.is(i, "'s"); }
  bool is_opening_quote(std::size_t i) const {
    return m_p.is(i, "\xe2\x80\x9c") || (m_p.is(i, "\"") && m_p.tokens[i].space_before);
  }
  bool is_closing_quote(std::size_t i) const {
    return m_p.is(i, "\xe2\x80\x9d") || m_p.is(i, "\"");
  }
  bool is_all_capitals(std::size_t i) const {
    const Token& token = m_p.tokens[i];
    return token.kind == TokenKind::word &&
           (token.casing == Casing::upper ||
            (token.casing == Casing::capitalised && token.end - token.begin == 1));
  }

  // An inscription quoted in capitals, as on a label: “DRINK ME,” or "EAT ME".
  void quoted_capitals(std::size_t quote) {
    std::size_t j = quote + 1;
    while (j < m_p.size() && is_all_capitals(j))
      ++j;
    std::size_t close = j;
    if (close < m_p.size() && m_p.tokens[close].kind == TokenKind::punct &&
        !is_closing_quote(close)) {
      ++close;  // “DRINK ME,”: the comma inside the quotation marks
    }
    if (j >= quote + 3 && close < m_p.size() && is_closing_quote(close)) emit(quote + 1, j);
  }

  std::size_t line_end(std::size_t i) const {
    std::size_t j = i + 1;
    while (j < m_p.size() && !m_p.tokens[j].newline_before)
      ++j;
    return j;
  }

  bool is_roman_or_number(std::size_t i) const {
    if (m_p.is_number(i) || m_p.has_flag(i, k_number)) return true;
    if (!m_p.is_word(i)) return false;
    std::string_view text = token_text(m_p.text, m_p.tokens[i]);
    return text.find_first_not_of("IVXLCDM") == std::string_view::npos;
  }

  // "CHAPTER IV. The Rabbit Sends in a Little Bill", on one line or on the next.
  void chapter_title(std::size_t i) {
    std::size_t j = i + 1;
    if (!is_roman_or_number(j)) return;
    ++j;
    if (m_p.is(j, ".")) ++j;
    // The title follows on the same line or, when the line ends here, on the next one.
    if (j < m_p.size() && m_p.tokens[j].title_line) emit(j, line_end(j));
  }

  // A paragraph of one heading line with a small word or a possessive between capitalised
  // words, not a credit line ("by ...") and not all names ("Lewis Carroll"); or one opening
  // with an article ("The Teapot Garden").
  bool is_single_title_line() const {
    if (m_p.size() < 3 || !m_p.tokens[0].title_line || line_end(0) != m_p.size()) return false;
    bool article = m_p.is(0, "the") || m_p.is(0, "a") || m_p.is(0, "an");
    bool joined = article, common = article;
    for (std::size_t i = 0; i < m_p.size(); ++i) {
      if (m_p.is(i, "by") || m_p.is(i, ":") || m_p.tokens[i].casing == Casing::upper) {
        return false;  // a credit ("by ..."), a label ("Title: ...") or shouting
      }
      joined = joined || is_small(i) || is_possessive(i);
      common =
          common || (m_p.tokens[i].casing == Casing::capitalised &&
                     !m_evidence.is_name(m_p.keys[i]) && m_evidence.counts(m_p.keys[i]).lower > 0);
    }
    return joined && common;
  }

  // "... Alice's Adventures in Wonderland, by Lewis Carroll": the title-case words before
  // the comma, with at most one possessive, stopping at a word such as "eBook".
  void title_before(std::size_t comma) {
    std::size_t first = comma;
    bool possessive = false;
    while (first > 0) {
      std::size_t t = first - 1;
      bool part = (is_capital(t) && !m_p.has_flag(t, k_document)) || is_small(t) ||
                  (is_possessive(t) && !possessive) || (m_p.is(t, "-") && m_p.is_glued(t));
      if (!part) break;
      possessive = possessive || is_possessive(t);
      first = t;
    }
    while (first < comma && (is_small(first) || is_possessive(first)))
      ++first;
    std::size_t capitals = 0;
    bool joined = false;
    for (std::size_t i = first; i < comma; ++i) {
      capitals += is_capital(i);
      joined = joined || is_small(i) || is_possessive(i);
    }
    if (capitals >= 2 && joined) emit(first, comma);
  }

  // Proposes tokens [first, last) without punctuation at either end.
  void emit(std::size_t first, std::size_t last) {
    while (last > first && m_p.tokens[last - 1].kind == TokenKind::punct)
      --last;
    while (first < last && m_p.tokens[first].kind == TokenKind::punct)
      ++first;
    if (last <= first + 1) return;
    m_out.push_back(
        {static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(last), Label::work_of_art});
  }

  const Paragraph& m_p;
  const CaseEvidence& m_evidence;
  std::vector<Candidate>& m_out;
};

}  // namespace

void find_titles(const Paragraph& paragraph, const CaseEvidence& evidence,
                 std::vector<Candidate>& out) {
  TitleFinder(paragraph, evidence, out).run();
}

}  // namespace flow::builtins::ner

// Numbers, dates and times: patterns over number words, digits, calendar words and units.
// Each matcher looks at token i and, on a match, proposes one candidate and returns its end.

#include <array>
#include <charconv>

#include "builtins/ner/lexicon.h"
#include "builtins/ner/paragraph.h"

namespace flow::builtins::ner {
namespace {

constexpr std::array<std::string_view, 6> k_approximators = {"about",  "nearly",  "almost",
                                                             "around", "roughly", "approximately"};
constexpr std::array<std::string_view, 12> k_month_cues = {
    "in", "of", "during", "since", "until", "till", "by", "early", "late", "last", "next", "this"};
constexpr std::array<std::string_view, 7> k_date_determiners = {"this",  "that", "last", "next",
                                                                "every", "each", "one"};
constexpr std::array<std::string_view, 5> k_the_adjectives = {"other", "same", "next", "following",
                                                              "previous"};
constexpr std::array<std::string_view, 12> k_measure_adjectives = {
    "high",   "long", "wide",  "deep",  "tall",   "thick",
    "across", "away", "below", "above", "square", "of"};
constexpr std::array<std::string_view, 4> k_quantifiers = {"few", "several", "many", "some"};
constexpr std::array<std::string_view, 2> k_frequencies = {"once", "twice"};
// Words before "day", "night"... that make a period of time: "all day", "in the night".
constexpr std::array<std::string_view, 4> k_period_cues = {"in", "during", "through", "at"};
constexpr std::array<std::string_view, 5> k_which_day = {"the", "what", "which", "this", "that"};
constexpr std::array<std::string_view, 5> k_instant_determiners = {"this", "that", "another", "any",
                                                                   "every"};
constexpr std::array<std::string_view, 4> k_sections = {"section", "sections", "article",
                                                        "articles"};
constexpr std::array<std::string_view, 9> k_scales = {"hundred",  "thousand",  "million",
                                                      "billion",  "trillion",  "dozen",
                                                      "hundreds", "thousands", "millions"};

class NumberFinder {
 public:
  NumberFinder(const Paragraph& paragraph, std::vector<Candidate>& out)
      : m_p(paragraph), m_out(out) {}

  void run() {
    for (std::size_t i = 0; i < m_p.size();) {
      if (!could_start(i) || is_number_used_as_name(m_p, i)) {
        ++i;
        continue;
      }
      std::size_t start = is_one_of(m_p.key(i), k_approximators) ? i + 1 : i;
      m_first = i;
      std::size_t end = match(start);
      if (end == start) {
        ++i;
        continue;
      }
      m_out.push_back(
          {static_cast<std::uint32_t>(m_first), static_cast<std::uint32_t>(end), m_label});
      i = end;
    }
  }

 private:
  // Most words are in no word list and start no pattern: skipping them halves the work.
  bool could_start(std::size_t i) const {
    const Token& token = m_p.tokens[i];
    if (token.kind == TokenKind::number) return true;
    if (token.kind == TokenKind::punct) return m_p.keys[i].size() > 1 || m_p.is(i, "$");
    return m_p.flags[i] != 0 || is_one_of(m_p.keys[i], k_approximators) ||
           is_one_of(m_p.keys[i], k_date_determiners) || is_one_of(m_p.keys[i], k_quantifiers) ||
           is_one_of(m_p.keys[i], k_frequencies) || m_p.is(i, "half") || m_p.is(i, "couple");
  }

  // Tries every pattern at i; returns the end of the match (and sets m_label), or i.
  std::size_t match(std::size_t i) {
    if (i >= m_p.size()) return i;
    for (auto matcher :
         {&NumberFinder::match_section, &NumberFinder::match_money_symbol,
          &NumberFinder::match_calendar_date, &NumberFinder::match_relative_date,
          &NumberFinder::match_time, &NumberFinder::match_counted, &NumberFinder::match_ordinal}) {
      std::size_t end = (this->*matcher)(i);
      if (end > i) return end;
    }
    return i;
  }

  std::size_t found(std::size_t end, Label label) {
    m_label = label;
    return end;
  }

  // --- building blocks ---------------------------------------------------------------------

  // Punctuation that joins digits into a code: "1.E.8", "11-0.txt", "501(c)".
  bool is_joiner(std::size_t i, bool after) const {
    return m_p.is(i, "-") || m_p.is(i, ".") || m_p.is(i, "/") || m_p.is(i, ":") ||
           (after && m_p.is(i, "("));
  }
  bool is_joined_before(std::size_t i) const {
    if (i == 0 || !m_p.is_glued(i)) return false;
    if (m_p.tokens[i - 1].kind != TokenKind::punct) return true;
    return is_joiner(i - 1, false) && i >= 2 && m_p.is_glued(i - 1) &&
           m_p.tokens[i - 2].kind != TokenKind::punct;
  }
  bool is_joined_after(std::size_t i) const {
    if (!m_p.is_glued(i + 1)) return false;
    if (m_p.tokens[i + 1].kind != TokenKind::punct) return true;
    return is_joiner(i + 1, true) && m_p.is_glued(i + 2) &&
           m_p.tokens[i + 2].kind != TokenKind::punct;
  }

  // A digit number standing alone, not part of a code such as "1.E.8" or "11-0.txt".
  bool is_plain_number(std::size_t i) const {
    if (!m_p.is_number(i)) return false;
    if (m_p.key(i).find_first_not_of("0123456789,.") != std::string::npos) return false;
    return !is_joined_before(i) && !is_joined_after(i);
  }

  int value_of(std::size_t i) const {
    std::string_view text = m_p.key(i);
    int value = -1;
    auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    return result.ec == std::errc() && result.ptr == text.data() + text.size() ? value : -1;
  }

  bool is_year(std::size_t i) const {
    int value = is_plain_number(i) ? value_of(i) : -1;
    return value >= 1000 && value <= 2099;
  }
  bool is_day_number(std::size_t i) const {
    if (m_p.is_number(i) && is_ordinal_number(i)) return true;
    int value = is_plain_number(i) ? value_of(i) : -1;
    return value >= 1 && value <= 31;
  }
  bool is_ordinal_number(std::size_t i) const {
    std::string_view text = m_p.key(i);
    if (!m_p.is_number(i) || text.size() < 3) return false;
    std::string_view suffix = text.substr(text.size() - 2);
    return suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
  }
  bool is_capital_word(std::size_t i) const {
    return m_p.is_word(i) && m_p.tokens[i].casing == Casing::capitalised;
  }
  // "to-day", "to-morrow", "to-night": three glued tokens.
  bool is_to_compound(std::size_t i, std::uint32_t flag) const {
    return m_p.is(i, "to") && m_p.is(i + 1, "-") && m_p.is_glued(i + 1) && m_p.is_glued(i + 2) &&
           (m_p.has_flag(i + 2, flag) || (flag == k_date_word && m_p.is(i + 2, "day")) ||
            (flag == k_date_word && m_p.is(i + 2, "morrow")) ||
            (flag == k_time_word && m_p.is(i + 2, "night")));
  }

  // End of a number starting at i: digits ("5,000"), number words joined by hyphens or
  // "and" ("twenty-four", "a hundred and two"); i when there is none.
  std::size_t number_end(std::size_t i) const {
    std::size_t j = i;
    if ((m_p.is(i, "a") || m_p.is(i, "an")) && is_one_of(m_p.key(i + 1), k_scales)) j = i + 1;
    if (is_plain_number(j)) {
      ++j;
      while (is_one_of(m_p.key(j), k_scales))
        ++j;  // "5 million"
      return j;
    }
    if (!m_p.has_flag(j, k_number)) return i;
    ++j;
    while (j < m_p.size()) {
      if (m_p.is(j, "-") && m_p.is_glued(j) && m_p.has_flag(j + 1, k_number) &&
          m_p.is_glued(j + 1)) {
        j += 2;
      } else if (m_p.has_flag(j, k_number)) {
        ++j;
      } else if (m_p.is(j, "and") && is_one_of(m_p.key(j - 1), k_scales) &&
                 m_p.has_flag(j + 1, k_number)) {
        j += 2;
      } else {
        break;
      }
    }
    return j;
  }

  // A unit after a count: "three inches", "a mile". "Foot" and "feet" are also body parts
  // ("with one foot"), so they measure only before a word such as "high" ("nine feet high").
  bool is_measure(std::size_t unit) const {
    if (!m_p.has_flag(unit, k_length_unit)) return false;
    if (!m_p.is(unit, "foot") && !m_p.is(unit, "feet")) return true;
    return is_one_of(m_p.key(unit + 1), k_measure_adjectives);
  }

  // "one" as a pronoun: "the one", "every one", "one would think", "a curious one."
  bool is_pronoun_one(std::size_t i) const {
    if (!m_p.is(i, "one")) return false;
    if (m_p.is(i + 1, "of")) return false;  // "one of the guests", even after "that"
    if (i > 0 && m_p.has_flag(i - 1, k_determiner)) return true;
    if (m_p.is(i + 1, "another") || m_p.is(i + 1, "'s") || m_p.has_flag(i + 1, k_modal)) {
      return true;
    }
    bool ends_phrase = i + 1 >= m_p.size() || m_p.tokens[i + 1].kind == TokenKind::punct;
    return ends_phrase && i > 0 && m_p.is_word(i - 1) && m_p.tokens[i - 1].casing == Casing::lower;
  }

  // --- patterns ------------------------------------------------------------------------------

  // "Section 4", "Sections 3 and 4", "Article 12": a numbered part of a legal text.
  std::size_t match_section(std::size_t i) {
    if (!m_p.is_number(i + 1) || !is_one_of(m_p.key(i), k_sections) || !is_capital_word(i) ||
        !is_plain_number(i + 1)) {
      return i;
    }
    std::size_t end = i + 2;
    while ((m_p.is(end, "and") || m_p.is(end, ",") || m_p.is(end, "or")) &&
           is_plain_number(end + 1)) {
      end += 2;
    }
    return found(end, Label::law);
  }

  std::size_t match_money_symbol(std::size_t i) {
    bool symbol = m_p.is(i, "$") || m_p.is(i, "\xc2\xa3") || m_p.is(i, "\xe2\x82\xac");
    if (!symbol || !m_p.is_glued(i + 1) || !m_p.is_number(i + 1)) return i;
    std::size_t end = i + 2;
    while (is_one_of(m_p.key(end), k_scales))
      ++end;
    return found(end, Label::money);
  }

  std::size_t match_calendar_date(std::size_t i) {
    if (m_p.has_flag(i, k_month) && is_capital_word(i)) {
      std::size_t end = i + 1;
      if (is_day_number(end)) {
        ++end;
        if (m_p.is(end, ",") && is_year(end + 1)) end += 2;
      } else if (is_year(end)) {
        ++end;
      } else if (m_p.is(i, "may") && (i == 0 || !is_one_of(m_p.key(i - 1), k_month_cues))) {
        return i;  // "May I ...": the verb
      }
      return found(end, Label::date);
    }
    if (is_day_number(i) && m_p.has_flag(i + 1, k_month) && is_capital_word(i + 1)) {
      return found(is_year(i + 2) ? i + 3 : i + 2, Label::date);
    }
    std::size_t ordinal = m_p.is(i, "the") ? i + 1 : i;
    if (m_p.has_flag(ordinal, k_ordinal) || is_ordinal_number(ordinal)) {
      std::size_t of = m_p.is(ordinal + 1, "day") ? ordinal + 2 : ordinal + 1;
      if (m_p.is(of, "of") && m_p.has_flag(of + 1, k_month)) return found(of + 2, Label::date);
    }
    // "on the twelfth": a day of the month, the noun left out.
    if (m_p.has_flag(i + 1, k_ordinal) && m_p.is(i, "the") && i > 0 && m_p.is(i - 1, "on") &&
        (i + 2 >= m_p.size() || m_p.tokens[i + 2].kind == TokenKind::punct)) {
      return found(i + 2, Label::date);
    }
    if (m_p.has_flag(i, k_weekday) && is_capital_word(i)) return found(i + 1, Label::date);
    if (m_p.has_flag(i, k_holiday) && is_capital_word(i)) {  // "Christmas", "Easter Day"
      return found(m_p.is(i + 1, "day") || m_p.is(i + 1, "eve") ? i + 2 : i + 1, Label::date);
    }
    // "the day of the month", "what day of the week".
    if (m_p.has_flag(i + 4, k_date_unit) && m_p.is(i + 1, "day") && m_p.is(i + 2, "of") &&
        m_p.is(i + 3, "the") && is_one_of(m_p.key(i), k_which_day)) {
      return found(i + 5, Label::date);
    }
    // "the week before", "the day after".
    if (m_p.has_flag(i + 1, k_date_unit) && m_p.is(i, "the") &&
        (m_p.is(i + 2, "before") || m_p.is(i + 2, "after")) &&
        (i + 3 >= m_p.size() || m_p.tokens[i + 3].kind == TokenKind::punct)) {
      return found(i + 3, Label::date);
    }
    if (is_year(i)) return found(i + 1, Label::date);
    if (m_p.has_flag(i, k_date_word)) return found(i + 1, Label::date);
    if (is_to_compound(i, k_date_word)) return found(i + 3, Label::date);
    return i;
  }

  // "one day", "the other day", "two days", "a year or two", "ten years old", "last summer",
  // "the first day".
  std::size_t match_relative_date(std::size_t i) {
    std::size_t unit = i;
    // "once a week", "twice a year": how often.
    if (m_p.has_flag(i + 2, k_date_unit) && is_one_of(m_p.key(i), k_frequencies) &&
        (m_p.is(i + 1, "a") || m_p.is(i + 1, "an"))) {
      return found(i + 3, Label::date);
    }
    // "a summer day", "one winter evening", "some winter day".
    if (m_p.has_flag(i + 1, k_season) && m_p.has_flag(i + 2, k_date_unit | k_day_part) &&
        (is_one_of(m_p.key(i), k_date_determiners) || m_p.is(i, "a") || m_p.is(i, "some"))) {
      return found(i + 3, Label::date);
    }
    // "all day", "for days": a period without a number.
    if (m_p.has_flag(i + 1, k_date_unit) && m_p.is(i, "all") && !m_p.key(i + 1).ends_with('s')) {
      return found(i + 2, Label::date);
    }
    if (m_p.has_flag(i + 1, k_date_unit) && (m_p.is(i, "for") || m_p.is(i, "in")) &&
        m_p.key(i + 1).ends_with('s')) {
      m_first = i + 1;  // the cue word is not part of it
      return found(i + 2, Label::date);
    }
    if (is_one_of(m_p.key(i), k_date_determiners)) {
      unit = i + 1;
    } else if (m_p.is(i, "the") &&
               (is_one_of(m_p.key(i + 1), k_the_adjectives) || m_p.has_flag(i + 1, k_ordinal))) {
      unit = i + 2;
    } else if (m_p.has_flag(i, k_ordinal)) {
      unit = i + 1;
    } else {
      unit = counted_end(i);
    }
    if (unit == i) return i;
    if (m_p.has_flag(unit, k_season) && !m_p.is(i, "the") && unit == i + 1 &&
        is_one_of(m_p.key(i), k_date_determiners)) {
      return found(unit + 1, Label::date);
    }
    if (!m_p.has_flag(unit, k_date_unit)) return i;
    std::size_t end = or_two(unit + 1);
    if (m_p.is(end, "old") && m_p.key(unit).starts_with("year")) ++end;  // "ten years old"
    if (m_p.is(end, "ago")) ++end;                                       // "two days ago"
    return found(end, Label::date);
  }

  // After a counted noun: "a minute or two", "a day or two".
  std::size_t or_two(std::size_t end) const {
    if (m_p.is(end, "or") && (m_p.is(end + 1, "two") || m_p.is(end + 1, "three"))) return end + 2;
    return end;
  }

  // End of a count before a unit: a number, "a"/"an", "half an", "a few", "several"...
  std::size_t counted_end(std::size_t i) const {
    if (m_p.is(i, "half") && (m_p.is(i + 1, "a") || m_p.is(i + 1, "an"))) return i + 2;
    if (m_p.is(i, "a") || m_p.is(i, "an")) {
      return m_p.is(i + 1, "few") || m_p.is(i + 1, "couple") ? i + 2 : i + 1;
    }
    if (m_p.is(i, "the") && m_p.is(i + 1, "last") && m_p.is(i + 2, "few")) return i + 3;
    if (is_one_of(m_p.key(i), k_quantifiers)) return i + 1;
    std::size_t end = number_end(i);
    return end > i && !is_pronoun_one(i) ? end : i;
  }

  std::size_t match_time(std::size_t i) {
    // "the first minute or two", "the last hour".
    if (m_p.has_flag(i + 2, k_time_unit) && m_p.is(i, "the") &&
        (m_p.has_flag(i + 1, k_ordinal) || m_p.is(i + 1, "last"))) {
      return found(or_two(i + 3), Label::time);
    }
    // "this minute", "in another minute", "any minute".
    if (m_p.has_flag(i + 1, k_time_unit) && !m_p.key(i + 1).ends_with('s') &&
        is_one_of(m_p.key(i), k_instant_determiners)) {
      return found(i + 2, Label::time);
    }
    // "in the night", "all night", "at night".
    if (m_p.has_flag(i + 2, k_day_part) && m_p.is(i + 1, "the") &&
        is_one_of(m_p.key(i), k_period_cues) && !(m_p.is(i + 3, "-") && m_p.is_glued(i + 3))) {
      m_first = i + 1;  // the cue word is not part of it
      return found(i + 3, Label::time);
    }
    if (m_p.has_flag(i + 1, k_day_part) && m_p.is(i, "all") && !m_p.key(i + 1).ends_with('s')) {
      return found(i + 2, Label::time);
    }
    // "half-past one", "a quarter past four".
    std::size_t past = m_p.is(i, "half") && m_p.is(i + 1, "-") && m_p.is(i + 2, "past") ? i + 3
                       : m_p.is(i, "half") && m_p.is(i + 1, "past")                     ? i + 2
                       : m_p.is(i, "a") && m_p.is(i + 1, "quarter") &&
                               (m_p.is(i + 2, "past") || m_p.is(i + 2, "to"))
                           ? i + 3
                           : i;
    if (past > i && number_end(past) > past) {
      std::size_t end = number_end(past);
      return found(m_p.is(end, "o'clock") ? end + 1 : end, Label::time);
    }
    std::size_t count = counted_end(i);
    if (count > i && m_p.is(count, "o'clock")) {
      std::size_t end = count + 1;  // "nine o'clock in the morning"
      if (m_p.is(end, "in") && m_p.is(end + 1, "the") && m_p.has_flag(end + 2, k_day_part)) {
        end += 3;
      }
      return found(end, Label::time);
    }
    if (count > i && m_p.has_flag(count, k_time_unit)) {
      return found(or_two(count + 1), Label::time);
    }
    if (m_p.is_number(i) && m_p.is(i + 1, ":") && m_p.is_glued(i + 1) && m_p.is_number(i + 2) &&
        m_p.is_glued(i + 2)) {
      return found(i + 3, Label::time);
    }
    bool day_part_determiner = is_one_of(m_p.key(i), k_date_determiners) ||
                               m_p.is(i, "yesterday") || m_p.is(i, "tomorrow");
    if (day_part_determiner && m_p.has_flag(i + 1, k_day_part)) return found(i + 2, Label::time);
    if (m_p.has_flag(i, k_time_word)) return found(i + 1, Label::time);
    if (is_to_compound(i, k_time_word)) return found(i + 3, Label::time);
    return i;
  }

  // Numbers with what they count: money, percentages, quantities, or plain cardinals.
  std::size_t match_counted(std::size_t i) {
    std::size_t count = counted_end(i);
    if (count > i && is_measure(count)) return found(count + 1, Label::quantity);
    std::size_t end = number_end(i);
    if (end == i || is_pronoun_one(i)) return i;
    if (m_p.is(end, "%") && m_p.is_glued(end)) return found(end + 1, Label::percent);
    if (m_p.is(end, "percent")) return found(end + 1, Label::percent);
    if (m_p.is(end, "per") && m_p.is(end + 1, "cent")) return found(end + 2, Label::percent);
    // "five shillings", but not "two guinea-pigs".
    bool compound = m_p.is(end + 1, "-") && m_p.is_glued(end + 1);
    if (m_p.has_flag(end, k_currency) && !compound) return found(end + 1, Label::money);
    if (m_p.is(end, "or") && number_end(end + 1) > end + 1) end = number_end(end + 1);
    return found(end, Label::cardinal);
  }

  std::size_t match_ordinal(std::size_t i) {
    if (is_ordinal_number(i)) return found(i + 1, Label::ordinal);
    if (!m_p.has_flag(i, k_ordinal)) return i;
    // "a second" is a time ("wait a second"), unless a noun follows ("a second copy").
    if (m_p.is(i, "second") && i > 0 && (m_p.is(i - 1, "a") || m_p.is(i - 1, "one")) &&
        !(m_p.is_word(i + 1) && m_p.tokens[i + 1].casing == Casing::lower && !m_p.is(i + 1, "or") &&
          !m_p.is(i + 1, "and") && !m_p.has_flag(i + 1, k_function))) {
      return i;
    }
    return found(i + 1, Label::ordinal);
  }

  const Paragraph& m_p;
  std::vector<Candidate>& m_out;
  Label m_label = Label::cardinal;
  std::size_t m_first = 0;  ///< where the match's entity starts: its first token or after a cue
};

}  // namespace

void find_numbers(const Paragraph& paragraph, std::vector<Candidate>& out) {
  NumberFinder(paragraph, out).run();
}

bool is_number_used_as_name(const Paragraph& p, std::size_t i) {
  if (!p.has_flag(i, k_number) || p.tokens[i].casing != Casing::capitalised ||
      p.tokens[i].uncertain_case || i == 0) {
    return false;
  }
  bool alone = i + 1 >= p.size() || (p.tokens[i + 1].kind == TokenKind::punct &&
                                     !(p.is(i + 1, "-") && p.is_glued(i + 1)));
  bool after_lower = p.tokens[i - 1].kind == TokenKind::punct ||
                     (p.is_word(i - 1) && p.tokens[i - 1].casing == Casing::lower);
  return alone && after_lower;
}

}  // namespace flow::builtins::ner

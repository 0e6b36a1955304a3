// Proper names: runs of capitalised words that the capitalisation evidence, a title or a
// gazetteer accepts, labelled by gazetteer, head word ("... Foundation") or title, else PERSON.

#include <array>

#include "builtins/ner/lexicon.h"
#include "builtins/ner/paragraph.h"

namespace flow::builtins::ner {
namespace {

constexpr std::uint32_t k_never_name =
    k_function | k_address | k_weekday | k_number | k_ordinal | k_document | k_holiday;
constexpr std::uint32_t k_any_head =
    k_org_head | k_fac_head | k_gpe_head | k_loc_head | k_event_head | k_law_head;

// Words after which "English" is the language rather than the people ("speak English").
constexpr std::array<std::string_view, 23> k_language_cues = {
    "speak", "speaks", "spoke",   "speaking",  "spoken",     "talk",       "talks",     "talked",
    "learn", "learns", "learned", "learnt",    "know",       "knew",       "teach",     "taught",
    "in",    "into",   "of",      "translate", "translated", "understand", "understood"};

// Words after which a lone unknown name is a place ("in Wonderland").
constexpr std::array<std::string_view, 4> k_place_cues = {"in", "into", "near", "across"};

// A capitalised word is a common noun (personified, or capitalised for emphasis) rather than a
// name when the text also writes it in lower case this often, and at least half as often as
// capitalised mid-sentence in prose: "the Mouse" is a character (30 capitals, 14 "mouse"),
// "Time" is not (68 "time"), nor the "Soup" of a song.
constexpr std::uint32_t k_common_noun_uses = 3;

// Nouns after a nationality that make it the language ("her French lesson-book").
constexpr std::array<std::string_view, 12> k_language_nouns = {
    "lesson",  "lessons", "grammar", "dictionary",  "word",    "words",
    "teacher", "master",  "class",   "translation", "version", "text"};

// Endings of abstract nouns, which are capitalised for emphasis ("Uglification", "Writhing")
// far more often than they are names. "-ing" only on long words ("King", "Ming" are short).
bool looks_abstract(std::string_view key) {
  static constexpr std::array<std::string_view, 9> k_endings = {
      "tion", "sion", "ness", "ment", "ity", "ism", "ship", "graphy", "ology"};
  for (std::string_view ending : k_endings) {
    if (key.size() > ending.size() + 2 && key.ends_with(ending)) return true;
  }
  return key.size() >= 7 && key.ends_with("ing");
}

// One word of a name, or a hyphenated compound of capitalised words ("Tea-Party"); a
// connector is an "of" joining two parts ("Bank of England"). Tokens [first, last).
struct Unit {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  bool connector = false;
  bool accepted = false;
};

class NameFinder {
 public:
  NameFinder(const Paragraph& paragraph, const CaseEvidence& evidence, std::vector<Candidate>& out)
      : m_p(paragraph), m_evidence(evidence), m_out(out) {}

  void run() {
    for (std::size_t i = 0; i < m_p.size();)
      i = scan_from(i);
  }

 private:
  bool is_capital_word(std::size_t i) const {
    return m_p.is_word(i) &&
           (m_p.tokens[i].casing == Casing::capitalised || m_p.tokens[i].casing == Casing::upper);
  }
  // Single letters are initials, Roman numerals or list marks, not names by themselves.
  bool can_join(std::size_t i) const {
    return is_capital_word(i) && !m_p.has_flag(i, k_never_name) &&
           m_p.tokens[i].end - m_p.tokens[i].begin > 1;
  }

  std::size_t scan_from(std::size_t i) {
    if (!is_capital_word(i)) return i + 1;
    if (std::size_t end = match_initialism(i); end > i) return end;
    bool honorific = false;  // "Mr. Pickwick": the name starts after "Mr."
    if (m_p.has_flag(i, k_honorific)) {
      std::size_t j = i + 1;
      if (m_p.is(j, ".") && m_p.is_glued(j)) ++j;
      if (!can_join(j)) return i + 1;
      honorific = true;
      i = j;
    }
    if (!honorific && is_number_used_as_name(m_p, i)) {  // "said Five"
      m_out.push_back(
          {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1), Label::person});
      return i + 1;
    }
    if (!can_join(i) || is_stammer(i)) return i + 1;
    std::size_t end = collect_units(i);
    if (m_units.empty()) return i + 1;
    accept_units(honorific);
    emit_segments(honorific);
    return end;
  }

  // A drawn-out word in a song, "Soo—oop": a short capitalised piece, a dash and a lower-case
  // piece that repeats its last letter.
  bool is_stammer(std::size_t i) const {
    std::string_view key = m_p.keys[i];
    bool dash = m_p.is(i + 1, "\xe2\x80\x94") || m_p.is(i + 1, "-");
    if (key.size() > 4 || !dash || !m_p.is_glued(i + 1) || !m_p.is_word(i + 2) ||
        !m_p.is_glued(i + 2) || m_p.tokens[i + 2].casing != Casing::lower) {
      return false;
    }
    return m_p.keys[i + 2].front() == key.back();
  }

  // "U.S.", "U.K.": single capitals each followed by a glued period, known to the gazetteer.
  std::size_t match_initialism(std::size_t i) {
    std::size_t j = i;
    m_phrase.clear();
    while (is_capital_word(j) && m_p.tokens[j].end - m_p.tokens[j].begin == 1 &&
           m_p.is(j + 1, ".") && m_p.is_glued(j + 1) && (j == i || m_p.is_glued(j))) {
      m_phrase += m_p.keys[j];
      m_phrase += '.';
      j += 2;
    }
    if (j < i + 4) return i;
    auto label = gazetteer_label(m_phrase);
    if (!label) return i;
    m_out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), *label});
    return j;
  }

  // Gathers the units of the run starting at token i; returns the token after the run.
  std::size_t collect_units(std::size_t i) {
    m_units.clear();
    std::size_t j = i;
    while (can_join(j) && !is_lone_month(j)) {
      Unit unit{static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(j + 1)};
      bool common_compound = extend_compound(unit);
      // "Rabbit-hole" is a common noun: the run ends before it, and it is skipped.
      if (common_compound) return unit.last;
      m_units.push_back(unit);
      j = unit.last;
      bool of = m_p.is(j, "of") && takes_of(m_units.back());
      bool the = m_p.is(j, "the") && m_units.size() == 1;  // "William the Conqueror"
      if ((of || the) && can_join(j + 1) && !m_p.tokens[j + 1].uncertain_case) {
        m_units.push_back({static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(j + 1), true});
        ++j;
      }
    }
    if (!m_units.empty() && m_units.back().connector) m_units.pop_back();
    return m_units.empty() ? j : m_units.back().last;
  }

  // A month is part of a name only right before another capitalised word ("March Hare").
  bool is_lone_month(std::size_t i) const {
    return m_p.has_flag(i, k_month) && !(can_join(i + 1) && !m_p.has_flag(i + 1, k_month));
  }

  // Extends a unit over "-Word" parts. Returns true when a long lower-case part follows, or
  // one that the compound goes on after ("Jack-in-the-box"), which makes the whole word a
  // common compound.
  bool extend_compound(Unit& unit) const {
    while (m_p.is(unit.last, "-") && m_p.is_glued(unit.last) && m_p.is_word(unit.last + 1) &&
           m_p.is_glued(unit.last + 1)) {
      std::size_t part = unit.last + 1;
      if (!is_capital_word(part)) {
        bool chain = m_p.is(part + 1, "-") && m_p.is_glued(part + 1);
        if (m_p.keys[part].size() >= 3 || chain) {
          unit.last = static_cast<std::uint32_t>(part + 1);
          return true;
        }
        return false;  // a short suffix such as "-tm" stays outside the name
      }
      unit.last = static_cast<std::uint32_t>(part + 1);
    }
    return false;
  }

  bool takes_of(const Unit& unit) const {
    return m_p.has_flag(unit.last - 1, k_title | k_any_head);
  }

  bool word_accepted(std::size_t i) const {
    if (m_p.has_flag(i, k_never_name)) return false;
    // Mid-sentence this occurrence is itself in the counts; at a sentence start it is not.
    const std::string& key = m_p.keys[i];
    if (m_evidence.is_name(key) || gazetteer_label(key).has_value()) return true;
    // On a heading line ("by Lewis Carroll") case says nothing: a word in no word list that
    // the text never writes in lower case is taken for a name. (At sentence starts the same
    // rule would take "Ahem" and "Behead" for names, so there it is not used.)
    return m_p.tokens[i].title_line && m_p.tokens[i].casing == Casing::capitalised &&
           m_p.flags[i] == 0 && m_evidence.counts(key).lower == 0;
  }

  // A compound is accepted when its head, the last part, is ("Fish-Footman").
  bool unit_accepted(const Unit& unit) const { return word_accepted(unit.last - 1); }

  void accept_units(bool honorific) {
    for (Unit& unit : m_units)
      unit.accepted = !unit.connector && unit_accepted(unit);
    if (honorific) m_units[0].accepted = true;  // "Mr. Brown", though "brown" is common
    // A rejected first word still belongs to the name when the pair was seen capitalised
    // mid-sentence elsewhere ("White Rabbit") or when it is a title before a name.
    if (m_units.size() >= 2 && !m_units[0].accepted && m_units[1].accepted &&
        !m_units[1].connector) {
      const std::string& first = m_p.keys[m_units[0].last - 1];
      const std::string& second = m_p.keys[m_units[1].first];
      m_units[0].accepted =
          m_evidence.is_name_pair(first, second) ||
          (m_p.has_flag(m_units[0].first, k_title) && m_units[0].last == m_units[0].first + 1);
    }
    for (std::size_t u = 0; u < m_units.size(); ++u) {
      if (m_units[u].connector) {
        m_units[u].accepted =
            u + 1 < m_units.size() && m_units[u - 1].accepted && m_units[u + 1].accepted;
      }
    }
  }

  void emit_segments(bool honorific) {
    std::size_t u = 0;
    while (u < m_units.size()) {
      if (!m_units[u].accepted || m_units[u].connector) {
        ++u;
        continue;
      }
      std::size_t v = u;
      while (v + 1 < m_units.size() && m_units[v + 1].accepted)
        ++v;
      emit(u, v, honorific && u == 0);
      u = v + 1;
    }
  }

  void emit(std::size_t first_unit, std::size_t last_unit, bool honorific) {
    std::uint32_t first = m_units[first_unit].first;
    std::uint32_t last = m_units[last_unit].last;
    if (!honorific && last_unit > first_unit && narrow_to_known_org(first, last)) {
      m_out.push_back({first, last, Label::org});
      return;
    }
    // The article belongs to the name when the name heads the phrase: not in "the Project
    // Gutenberg-tm mission" or "The Project Gutenberg EBook", where it modifies what follows.
    bool modifier = (m_p.is(last, "-") && m_p.is_glued(last)) || is_capital_word(last);
    bool article = first > 0 && m_p.is(first - 1, "the") && !modifier;
    std::optional<Label> label =
        honorific ? Label::person : classify(first_unit, last_unit, article);
    if (!label) return;
    if (*label != Label::person && last_unit > first_unit && article) {
      --first;  // "the United States", "the Mock Turtle", as OntoNotes-trained taggers mark
    }
    m_out.push_back({first, last, *label});
  }

  // The label of a name, or nullopt when it is not an entity after all.
  std::optional<Label> classify(std::size_t first_unit, std::size_t last_unit, bool article) {
    std::uint32_t first = m_units[first_unit].first;
    std::uint32_t last = m_units[last_unit].last;
    phrase_key(first, last);
    if (auto label = gazetteer_label(m_phrase)) return refine_norp(*label, first, last);
    if (last_unit == first_unit) return classify_single(first, last);
    // A title with "of" and a name is a person ("the Queen of Hearts", "the Duke of York").
    if (m_units[first_unit].last == first + 1 && m_p.has_flag(first, k_title) &&
        m_units[first_unit + 1].connector) {
      return Label::person;
    }
    if (auto label = label_of_head(last - 1)) return *label;
    if (org_within(first, last)) return Label::org;
    // Personal names take no article: "the Mock Turtle", "the Red Lion" name something
    // else, which OntoNotes-trained taggers label ORG.
    return article ? Label::org : Label::person;
  }

  std::optional<Label> classify_single(std::uint32_t first, std::uint32_t last) const {
    if (m_p.has_flag(first, k_org_head)) return Label::org;  // "the Foundation"
    // A bare title ("the Queen") is a role, not a name: OntoNotes tags no titles.
    if (m_p.has_flag(first, k_title) && last == first + 1) return std::nullopt;
    // The head of a compound decides ("Fish-Footman" is a footman).
    const std::string& head = m_p.keys[last - 1];
    CaseCounts counts = m_evidence.counts(head);
    if (counts.lower >= k_common_noun_uses && 2 * counts.lower >= counts.capitalised_mid) {
      return std::nullopt;  // a common noun, also written in lower case ("Time")
    }
    if (looks_abstract(head)) return std::nullopt;
    bool possessive = m_p.is(last, "'s");
    if (first > 0 && !possessive && is_one_of(m_p.keys[first - 1], k_place_cues)) {
      return Label::gpe;  // "in Wonderland"
    }
    return Label::person;
  }

  std::optional<Label> label_of_head(std::size_t i) const {
    if (m_p.has_flag(i, k_org_head)) return Label::org;
    if (m_p.has_flag(i, k_fac_head)) return Label::fac;
    if (m_p.has_flag(i, k_gpe_head)) return Label::gpe;
    if (m_p.has_flag(i, k_loc_head)) return Label::loc;
    if (m_p.has_flag(i, k_event_head)) return Label::event;
    if (m_p.has_flag(i, k_law_head)) return Label::law;
    return std::nullopt;
  }

  // "the Full Project Gutenberg": a known organisation's name within a run whose other words
  // are names by no evidence of their own (here "Full" only joined it by pair evidence) is
  // that organisation's name alone. Narrows [first, last) to it and returns true.
  bool narrow_to_known_org(std::uint32_t& first, std::uint32_t& last) {
    phrase_key(first, last);
    if (gazetteer_label(m_phrase)) return false;
    for (std::uint32_t begin = first; begin < last; ++begin) {
      for (std::uint32_t end = last; end > begin + 1; --end) {
        if (begin == first && end == last) continue;
        phrase_key(begin, end);
        if (gazetteer_label(m_phrase) != Label::org) continue;
        for (std::uint32_t i = first; i < last; ++i) {
          bool outside = i < begin || i >= end;
          if (outside && m_p.is_word(i) &&
              (m_evidence.is_name(m_p.keys[i]) || gazetteer_label(m_p.keys[i]))) {
            return false;
          }
        }
        first = begin;
        last = end;
        return true;
      }
    }
    return false;
  }

  // "the Full Project Gutenberg License": a known organisation's name within a longer name.
  bool org_within(std::uint32_t first, std::uint32_t last) {
    for (std::uint32_t begin = first; begin < last; ++begin) {
      for (std::uint32_t end = last; end > begin; --end) {
        if (begin == first && end == last) continue;
        phrase_key(begin, end);
        if (gazetteer_label(m_phrase) == Label::org) return true;
      }
    }
    return false;
  }

  // Nationality words name the language after "speak", "in"... unless a noun follows.
  Label refine_norp(Label label, std::uint32_t first, std::uint32_t last) const {
    if (label != Label::norp || last != first + 1 || !m_p.has_flag(first, k_language)) {
      return label;
    }
    bool noun_follows = m_p.is_word(last) && m_p.tokens[last].casing == Casing::lower;
    if (noun_follows && is_one_of(m_p.keys[last], k_language_nouns)) return Label::language;
    if (noun_follows || first == 0) return label;
    if (m_p.is(first - 1, ":") && first >= 2 && m_p.is(first - 2, "language")) {
      return Label::language;  // "Language: English", as book headers have it
    }
    return is_one_of(m_p.keys[first - 1], k_language_cues) ? Label::language : label;
  }

  void phrase_key(std::uint32_t first, std::uint32_t last) {
    m_phrase.clear();
    for (std::uint32_t i = first; i < last; ++i) {
      if (i > first && m_p.tokens[i].space_before) m_phrase += ' ';
      m_phrase += m_p.keys[i];
    }
  }

  const Paragraph& m_p;
  const CaseEvidence& m_evidence;
  std::vector<Candidate>& m_out;
  std::vector<Unit> m_units;
  std::string m_phrase;
};

}  // namespace

void find_names(const Paragraph& paragraph, const CaseEvidence& evidence,
                std::vector<Candidate>& out) {
  NameFinder(paragraph, evidence, out).run();
}

}  // namespace flow::builtins::ner

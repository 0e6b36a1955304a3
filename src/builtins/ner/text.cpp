#include "builtins/ner/text.h"

#include <array>

#include "builtins/text/unicode.h"
#include "builtins/text/utf8.h"

namespace flow::builtins::ner {
namespace {

struct Decoded {
  char32_t cp = 0;
  std::uint32_t length = 1;
};

// The code point at byte `i` of valid UTF-8 (the steps read their inputs with
// read_text_input, which checks it).
Decoded decode(std::string_view text, std::size_t i) {
  std::size_t pos = i;
  char32_t cp = text::next_code_point(text, pos);
  return {cp, static_cast<std::uint32_t>(pos - i)};
}

bool is_upper(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return text::to_lower(cp) != cp;
}

// Lower case: a letter without a lower-case mapping in a script that has case (Latin, Greek,
// Cyrillic, Armenian); letters of caseless scripts are neither upper nor lower.
bool is_lower(char32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  bool cased_script = cp < 0x590 || (cp >= 0x1E00 && cp <= 0x1FFF);
  return cased_script && text::is_letter(cp) && text::to_lower(cp) == cp;
}

bool is_space(char32_t cp) {
  return text::is_white_space(cp) || cp == 0x200B || cp == 0xFEFF;
}

// Combining marks belong to the word they follow (a decomposed "é").
bool is_word_char(char32_t cp) {
  return text::is_letter(cp) || text::is_mark(cp);
}

bool is_digit(char32_t cp) {
  return cp >= '0' && cp <= '9';
}
bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_apostrophe(char32_t cp) {
  return cp == '\'' || cp == 0x2019;
}
bool is_sentence_end(char32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}
bool is_opening(char32_t cp) {
  return cp == 0x201C || cp == 0x2018 || cp == '(' || cp == '[' || cp == ':' || cp == 0xAB;
}

// Endings split off a word as their own token: "Alice's", "Dinah'll", "Queen'd".
bool is_clitic(std::string_view suffix) {
  static constexpr std::array<std::string_view, 12> k_clitics = {"s",  "S",  "ll", "LL", "d", "D",
                                                                 "ve", "VE", "re", "RE", "m", "M"};
  for (std::string_view clitic : k_clitics) {
    if (suffix == clitic) return true;
  }
  return false;
}

// Short words that stay lower case in a title ("The Pool of Tears").
bool is_title_small_word(std::string_view word) {
  static constexpr std::array<std::string_view, 17> k_small = {
      "a",  "an", "the", "and", "or", "nor",  "but",  "of", "in",
      "on", "at", "to",  "for", "by", "with", "from", "as"};
  for (std::string_view small : k_small) {
    if (word == small) return true;
  }
  return word.starts_with("'") || word.starts_with("\xe2\x80\x99");  // a split-off clitic
}

// Abbreviations whose final period does not end a sentence.
bool is_abbreviation(std::string_view word) {
  static constexpr std::array<std::string_view, 16> k_abbreviations = {
      "Mr",  "Mrs",  "Ms", "Dr",  "St", "Prof", "Rev", "Gen",
      "Col", "Capt", "Lt", "Sgt", "Jr", "Sr",   "Mt",  "vs"};
  for (std::string_view abbreviation : k_abbreviations) {
    if (word == abbreviation) return true;
  }
  return word.size() == 1 && is_upper(static_cast<unsigned char>(word[0]));  // an initial
}

Casing casing_of(std::string_view word) {
  std::size_t uppers = 0, lowers = 0;
  bool seen_letter = false, first_upper = false, first_lower = false;
  for (std::size_t i = 0; i < word.size();) {
    auto byte = static_cast<unsigned char>(word[i]);
    Decoded d = byte < 0x80 ? Decoded{byte, 1} : decode(word, i);
    bool upper = is_upper(d.cp), lower = !upper && is_lower(d.cp);
    if (!seen_letter && (upper || lower || text::is_letter(d.cp))) {
      seen_letter = true;
      first_upper = upper;
      first_lower = lower;
    }
    uppers += upper;
    lowers += lower;
    i += d.length;
  }
  if (first_lower) return Casing::lower;
  if (!first_upper) return Casing::none;
  if (lowers > 0 || uppers == 1) return Casing::capitalised;
  return Casing::upper;
}

class Tokenizer {
 public:
  Tokenizer(std::string_view text, std::vector<Token>& out) : m_text(text), m_out(out) {}

  void run() {
    while (m_pos < m_text.size()) {
      Decoded d = decode(m_text, m_pos);
      if (is_space(d.cp)) {
        note_space(d.cp);
        m_pos += d.length;
      } else if (text::is_letter(d.cp)) {
        scan_word();
      } else if (is_digit(d.cp)) {
        scan_number();
      } else {
        emit_punct(d);
      }
    }
  }

 private:
  void note_space(char32_t cp) {
    if (m_line_start && cp != '\n' && cp != '\r') m_indented = true;
    if (cp == '\n') {
      m_newline = true;
      m_line_start = true;
      m_indented = false;
    }
    m_space = true;
  }

  Token& push(std::size_t begin, std::size_t end, TokenKind kind) {
    Token token;
    token.begin = static_cast<std::uint32_t>(begin);
    token.end = static_cast<std::uint32_t>(end);
    token.kind = kind;
    token.space_before = m_space || begin == 0;
    token.newline_before = m_newline;
    bool verse_line = m_line_start && (m_indented || last_is_punct());
    token.uncertain_case = m_sentence_start || m_quote_start || verse_line;
    m_space = m_newline = m_line_start = m_indented = false;
    m_out.push_back(token);
    return m_out.back();
  }

  bool last_is_punct() const { return !m_out.empty() && m_out.back().kind == TokenKind::punct; }

  void scan_word() {
    std::size_t begin = m_pos;
    std::size_t last_apostrophe = std::string_view::npos;
    while (m_pos < m_text.size()) {
      if (is_ascii_alnum(m_text[m_pos])) {  // the common case, without decoding
        ++m_pos;
        continue;
      }
      Decoded d = decode(m_text, m_pos);
      if (is_word_char(d.cp) || is_digit(d.cp)) {
        m_pos += d.length;
      } else if (is_apostrophe(d.cp) && m_pos + d.length < m_text.size() &&
                 text::is_letter(decode(m_text, m_pos + d.length).cp)) {
        last_apostrophe = m_pos;
        m_pos += d.length;
      } else {
        break;
      }
    }
    std::size_t end = m_pos;
    std::size_t word_end = end;
    if (last_apostrophe != std::string_view::npos) {
      std::size_t suffix = last_apostrophe + decode(m_text, last_apostrophe).length;
      if (is_clitic(m_text.substr(suffix, end - suffix))) word_end = last_apostrophe;
    }
    push(begin, word_end, TokenKind::word).casing =
        casing_of(m_text.substr(begin, word_end - begin));
    m_sentence_start = m_quote_start = false;
    if (word_end != end) push(word_end, end, TokenKind::word).casing = Casing::lower;
  }

  void scan_number() {
    std::size_t begin = m_pos;
    while (m_pos < m_text.size()) {
      char c = m_text[m_pos];
      bool separator = (c == ',' || c == '.') && m_pos + 1 < m_text.size() &&
                       is_digit(static_cast<unsigned char>(m_text[m_pos + 1]));
      if (!is_digit(static_cast<unsigned char>(c)) && !separator) break;
      ++m_pos;
    }
    while (m_pos < m_text.size() && is_word_char(decode(m_text, m_pos).cp)) {
      m_pos += decode(m_text, m_pos).length;
    }
    push(begin, m_pos, TokenKind::number);
    m_sentence_start = m_quote_start = false;
  }

  void emit_punct(Decoded d) {
    std::size_t begin = m_pos;
    bool opening = is_opening(d.cp) ||
                   ((d.cp == '"' || d.cp == '\'') && (m_space || begin == 0 || last_is_punct()));
    bool ends_sentence = is_sentence_end(d.cp) && !(d.cp == '.' && follows_abbreviation());
    m_pos += d.length;
    push(begin, m_pos, TokenKind::punct);
    if (ends_sentence) m_sentence_start = true;
    if (opening) m_quote_start = true;
  }

  bool follows_abbreviation() const {
    if (m_out.empty() || m_out.back().kind != TokenKind::word || m_space) return false;
    return is_abbreviation(token_text(m_text, m_out.back()));
  }

  std::string_view m_text;
  std::vector<Token>& m_out;
  std::size_t m_pos = 0;
  bool m_space = true;
  bool m_newline = false;
  bool m_line_start = false;
  bool m_indented = false;
  bool m_sentence_start = true;
  bool m_quote_start = false;
};

// A line of two or more words, all capitalised but for small words, is a heading or a title
// ("Down the Rabbit-Hole"): its capitals say nothing about names.
bool is_title_line(std::string_view text, const std::vector<Token>& tokens, std::size_t first,
                   std::size_t last) {
  std::size_t capitals = 0;
  for (std::size_t i = first; i < last; ++i) {
    const Token& token = tokens[i];
    if (token.kind != TokenKind::word) continue;
    if (token.casing == Casing::capitalised || token.casing == Casing::upper) {
      ++capitals;
    } else if (!is_title_small_word(token_text(text, token))) {
      return false;
    }
  }
  return capitals >= 2;
}

// A paragraph of three lines or more whose every line starts with a capitalised word is
// verse (or a list): there a capital at a line start says nothing about names ("Trims his
// belt"). Prose wrapped at a fixed width starts most lines with a lower-case word.
void mark_verse_lines(std::vector<Token>& tokens) {
  std::size_t lines = 0, capitalised = 0;
  std::size_t first_word = std::string_view::npos;
  auto close_line = [&]() {
    if (first_word == std::string_view::npos) return;
    ++lines;
    Casing casing = tokens[first_word].casing;
    capitalised += casing == Casing::capitalised || casing == Casing::upper;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i == 0 || tokens[i].newline_before) {
      close_line();
      first_word = std::string_view::npos;
    }
    if (first_word == std::string_view::npos && tokens[i].kind == TokenKind::word) first_word = i;
  }
  close_line();
  if (lines < 3 || capitalised != lines) return;
  bool line_start = true;
  for (Token& token : tokens) {
    token.verse = true;
    if (token.newline_before) line_start = true;
    if (line_start && token.kind == TokenKind::word) {
      token.uncertain_case = true;
      line_start = false;
    }
  }
}

void mark_title_lines(std::string_view text, std::vector<Token>& tokens) {
  std::size_t line_start = 0;
  for (std::size_t i = 0; i <= tokens.size(); ++i) {
    if (i < tokens.size() && !(i > line_start && tokens[i].newline_before)) continue;
    if (is_title_line(text, tokens, line_start, i)) {
      for (std::size_t k = line_start; k < i; ++k) {
        tokens[k].uncertain_case = tokens[k].title_line = true;
      }
    }
    line_start = i;
  }
}

}  // namespace

void tokenize(std::string_view paragraph, std::vector<Token>& tokens) {
  tokens.clear();
  Tokenizer(paragraph, tokens).run();
  mark_verse_lines(tokens);
  mark_title_lines(paragraph, tokens);
}

void append_key(std::string_view word, std::string& out) {
  for (std::size_t i = 0; i < word.size();) {
    auto byte = static_cast<unsigned char>(word[i]);
    if (byte < 0x80) {
      out += static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + 0x20 : byte);
      ++i;
      continue;
    }
    Decoded d = decode(word, i);
    text::append_utf8(out, d.cp == 0x2019 ? U'\'' : text::to_lower(d.cp));
    i += d.length;
  }
}

}  // namespace flow::builtins::ner

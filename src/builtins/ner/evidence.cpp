#include "builtins/ner/evidence.h"

namespace flow::builtins::ner {

void CaseEvidence::add_paragraph(std::string_view paragraph) {
  tokenize(paragraph, m_tokens);
  bool previous_was_mid_capital = false;
  for (std::size_t i = 0; i < m_tokens.size(); ++i) {
    const Token& token = m_tokens[i];
    bool counted = token.kind == TokenKind::word &&
                   (token.casing == Casing::lower || token.casing == Casing::capitalised);
    if (!counted) {
      previous_was_mid_capital = false;
      continue;
    }
    m_key.clear();
    append_key(token_text(paragraph, token), m_key);
    auto found = m_words.find(std::string_view(m_key));
    if (found == m_words.end()) found = m_words.emplace(m_key, CaseCounts{}).first;
    CaseCounts& counts = found->second;
    bool mid_capital = token.casing == Casing::capitalised && !token.uncertain_case;
    if (token.casing == Casing::lower) {
      ++counts.lower;
    } else if (mid_capital && token.verse) {
      ++counts.capitalised_verse;
    } else if (mid_capital) {
      ++counts.capitalised_mid;
    } else {
      ++counts.capitalised_start;
    }
    // Only words separated by white space pair up: "Rabbit-Hole" is not "Rabbit Hole".
    if (mid_capital && previous_was_mid_capital && token.space_before) {
      m_pairs.insert(m_previous_key + ' ' + m_key);
    }
    previous_was_mid_capital = mid_capital;
    m_previous_key.swap(m_key);
  }
}

CaseCounts CaseEvidence::counts(std::string_view key) const {
  auto found = m_words.find(key);
  return found == m_words.end() ? CaseCounts{} : found->second;
}

bool CaseEvidence::is_name(std::string_view key) const {
  CaseCounts c = counts(key);
  if (c.capitalised_mid > 0) return c.capitalised_mid + c.capitalised_verse >= c.lower;
  return c.capitalised_verse > 0 && c.lower == 0;
}

bool CaseEvidence::is_name_pair(std::string_view first_key, std::string_view second_key) const {
  m_pair_key.assign(first_key);
  m_pair_key += ' ';
  m_pair_key += second_key;
  return m_pairs.find(std::string_view(m_pair_key)) != m_pairs.end();
}

}  // namespace flow::builtins::ner

#include "builtins/ner/tagger.h"

#include <algorithm>

#include "builtins/ner/lexicon.h"
#include "builtins/text/utf8.h"

namespace flow::builtins::ner {

void Tagger::tag(std::string_view paragraph, std::vector<Entity>& out) {
  prepare(paragraph);
  m_candidates.clear();
  find_titles(m_paragraph, m_evidence, m_candidates);
  find_names(m_paragraph, m_evidence, m_candidates);
  find_numbers(m_paragraph, m_candidates);
  resolve(out);
}

void Tagger::prepare(std::string_view paragraph) {
  Paragraph& p = m_paragraph;
  p.text = paragraph;
  tokenize(paragraph, p.tokens);
  // Keys keep their capacity across paragraphs: no allocation per token once warmed up.
  if (p.keys.size() < p.tokens.size()) p.keys.resize(p.tokens.size());
  p.flags.assign(p.tokens.size(), 0);
  for (std::size_t i = 0; i < p.tokens.size(); ++i) {
    std::string& key = p.keys[i];
    key.clear();
    std::string_view text = token_text(paragraph, p.tokens[i]);
    if (p.tokens[i].kind == TokenKind::punct) {
      key.assign(text);
      continue;
    }
    append_key(text, key);
    if (p.tokens[i].kind == TokenKind::word) p.flags[i] = word_flags(key);
  }
}

// Longest candidate first at each start, earlier recognizers first on ties (titles, then
// names, then numbers: "the March Hare" is a name, not a date); overlapping candidates are
// dropped.
void Tagger::resolve(std::vector<Entity>& out) {
  out.clear();
  std::stable_sort(m_candidates.begin(), m_candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.first != b.first) return a.first < b.first;
                     return a.last - a.first > b.last - b.first;
                   });
  const std::vector<Token>& tokens = m_paragraph.tokens;
  std::string_view text = m_paragraph.text;
  std::uint32_t free_from = 0;  // first token not yet covered
  std::uint32_t cursor = 0;     // byte offset matching cursor_cp
  std::uint32_t cursor_cp = 0;
  for (const Candidate& candidate : m_candidates) {
    if (candidate.first < free_from || candidate.last <= candidate.first) continue;
    free_from = candidate.last;
    Entity entity;
    entity.begin = tokens[candidate.first].begin;
    entity.end = tokens[candidate.last - 1].end;
    entity.label = candidate.label;
    cursor_cp += static_cast<std::uint32_t>(
        text::count_code_points(text.substr(cursor, entity.begin - cursor)));
    entity.begin_cp = cursor_cp;
    cursor_cp += static_cast<std::uint32_t>(
        text::count_code_points(text.substr(entity.begin, entity.end - entity.begin)));
    entity.end_cp = cursor_cp;
    cursor = entity.end;
    out.push_back(entity);
  }
}

std::vector<std::vector<Entity>> tag_paragraphs(const std::vector<std::string_view>& paragraphs) {
  CaseEvidence evidence;
  for (std::string_view paragraph : paragraphs)
    evidence.add_paragraph(paragraph);
  Tagger tagger(evidence);
  std::vector<std::vector<Entity>> result(paragraphs.size());
  for (std::size_t i = 0; i < paragraphs.size(); ++i)
    tagger.tag(paragraphs[i], result[i]);
  return result;
}

std::string_view label_name(Label label) {
  switch (label) {
    case Label::person:
      return "PERSON";
    case Label::norp:
      return "NORP";
    case Label::fac:
      return "FAC";
    case Label::org:
      return "ORG";
    case Label::gpe:
      return "GPE";
    case Label::loc:
      return "LOC";
    case Label::product:
      return "PRODUCT";
    case Label::event:
      return "EVENT";
    case Label::work_of_art:
      return "WORK_OF_ART";
    case Label::law:
      return "LAW";
    case Label::language:
      return "LANGUAGE";
    case Label::date:
      return "DATE";
    case Label::time:
      return "TIME";
    case Label::percent:
      return "PERCENT";
    case Label::money:
      return "MONEY";
    case Label::quantity:
      return "QUANTITY";
    case Label::ordinal:
      return "ORDINAL";
    case Label::cardinal:
      return "CARDINAL";
  }
  return "UNKNOWN";
}

}  // namespace flow::builtins::ner

#pragma once
// The `ner` tagger: rule-based named-entity recognition for English prose, labelled with the
// OntoNotes 5 set. It runs in two passes: CaseEvidence (evidence.h) reads the whole text
// first, then a Tagger tags paragraphs one at a time. See docs/ner.md for the rules and their
// limits.

#include <string_view>
#include <vector>

#include "builtins/ner/entity.h"
#include "builtins/ner/evidence.h"
#include "builtins/ner/paragraph.h"

namespace flow::builtins::ner {

class Tagger {
 public:
  /// `evidence` must outlive the tagger; it should have seen every paragraph of the text.
  explicit Tagger(const CaseEvidence& evidence) : m_evidence(evidence) {}

  /// Finds the entities of one paragraph (valid UTF-8), sorted by start and never
  /// overlapping, with byte and code-point offsets into `paragraph`. `out` is cleared first.
  /// The tagger keeps its scratch buffers between calls, so reuse one tagger for a text.
  void tag(std::string_view paragraph, std::vector<Entity>& out);

 private:
  void prepare(std::string_view paragraph);
  void resolve(std::vector<Entity>& out);

  const CaseEvidence& m_evidence;
  Paragraph m_paragraph;
  std::vector<Candidate> m_candidates;
};

/// Both passes over a whole text at once: the entities of each paragraph, in order.
std::vector<std::vector<Entity>> tag_paragraphs(const std::vector<std::string_view>& paragraphs);

}  // namespace flow::builtins::ner

#pragma once
// The `ner` step's work without file I/O: split the output of `paragraphs`, collect the
// capitalisation evidence over all of it, then tag in batches, timing each batch with the
// steady clock, and write the entities as TSV rows.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "builtins/ner/entity.h"

namespace flow::builtins::ner {

inline constexpr std::size_t k_label_count = static_cast<std::size_t>(Label::cardinal) + 1;

/// The TSV header row, with its "\n". The seed's format has none: it is written on request.
inline constexpr std::string_view k_entities_header = "paragraph\ttext\tlabel\tstart\tend\n";

/// The paragraphs of a file written by the `paragraphs` step: separated by one empty line,
/// each paragraph's lines joined by "\n", a "\n" after the last. Tolerant of more empty
/// lines between paragraphs and of a missing final "\n"; an empty text has no paragraphs.
std::vector<std::string_view> split_paragraph_file(std::string_view text);

/// Appends one TSV row per entity, as the seed's tagging.py writes them with Python's csv
/// module: `paragraph_number`, the entity text (in double quotes, with any '"' doubled, when
/// it holds a tab, a '"', a CR or a LF), the label, start and end in code points within the
/// paragraph, and "\n".
void append_entity_rows(std::string& tsv, std::size_t paragraph_number, std::string_view paragraph,
                        const std::vector<Entity>& entities);

/// Appends `field` to `tsv` quoted as Python's csv module quotes it (QUOTE_MINIMAL with a tab
/// delimiter).
void append_tsv_field(std::string& tsv, std::string_view field);

/// What tagging in batches measured.
struct BatchRun {
  std::size_t batch_size = 0;
  std::size_t paragraphs = 0;
  std::size_t entities = 0;
  double evidence_seconds = 0;                ///< the first pass, over every paragraph
  std::vector<std::size_t> batch_paragraphs;  ///< paragraphs in each batch
  std::vector<double> batch_seconds;          ///< tagging and formatting time of each batch
  /// CPU time of all batches together: unlike the batch times (wall clock), it does not grow
  /// when other processes take the CPU.
  double tagging_cpu_seconds = 0;
  std::array<std::size_t, k_label_count> label_counts{};
};

/// Both passes over `paragraphs`; appends every row to `tsv`, numbering paragraphs from 0 as
/// the seed does, after the header row when `header` is set. Batches hold `batch_size`
/// paragraphs (the last one may hold fewer); batch_size must be at least 1.
BatchRun tag_in_batches(const std::vector<std::string_view>& paragraphs, std::size_t batch_size,
                        std::string& tsv, bool header = false);

}  // namespace flow::builtins::ner

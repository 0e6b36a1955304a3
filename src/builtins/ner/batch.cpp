#include "builtins/ner/batch.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "builtins/ner/lexicon.h"
#include "builtins/ner/tagger.h"

namespace flow::builtins::ner {
namespace {

// CPU time of this process so far (it tags on one thread).
double cpu_seconds() {
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::vector<std::string_view> split_paragraph_file(std::string_view text) {
  std::vector<std::string_view> paragraphs;
  while (!text.empty()) {
    std::size_t skip = text.find_first_not_of('\n');
    if (skip == std::string_view::npos) break;
    text.remove_prefix(skip);
    std::size_t end = text.find("\n\n");
    std::string_view paragraph = text.substr(0, end);
    if (end == std::string_view::npos && paragraph.ends_with('\n')) paragraph.remove_suffix(1);
    paragraphs.push_back(paragraph);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end);
  }
  return paragraphs;
}

void append_tsv_field(std::string& tsv, std::string_view field) {
  if (field.find_first_of("\t\"\r\n") == std::string_view::npos) {
    tsv.append(field);
    return;
  }
  tsv += '"';
  for (char c : field) {
    if (c == '"') tsv += '"';
    tsv += c;
  }
  tsv += '"';
}

void append_entity_rows(std::string& tsv, std::size_t paragraph_number, std::string_view paragraph,
                        const std::vector<Entity>& entities) {
  for (const Entity& entity : entities) {
    fmt::format_to(std::back_inserter(tsv), "{}\t", paragraph_number);
    // A name broken across a line end keeps its "\n", quoted, as the seed writes it.
    append_tsv_field(tsv, paragraph.substr(entity.begin, entity.end - entity.begin));
    fmt::format_to(std::back_inserter(tsv), "\t{}\t{}\t{}\n", label_name(entity.label),
                   entity.begin_cp, entity.end_cp);
  }
}

BatchRun tag_in_batches(const std::vector<std::string_view>& paragraphs, std::size_t batch_size,
                        std::string& tsv, bool header) {
  assert(batch_size >= 1);
  BatchRun run;
  run.batch_size = batch_size;
  run.paragraphs = paragraphs.size();
  auto evidence_start = std::chrono::steady_clock::now();
  CaseEvidence evidence;
  for (std::string_view paragraph : paragraphs)
    evidence.add_paragraph(paragraph);
  run.evidence_seconds = seconds_since(evidence_start);

  if (header) tsv.append(k_entities_header);
  Tagger tagger(evidence);
  std::vector<Entity> entities;
  // The word lists are built on first use: build them now, outside the timed batches.
  word_flags("");
  double cpu_start = cpu_seconds();
  for (std::size_t first = 0; first < paragraphs.size(); first += batch_size) {
    std::size_t last = std::min(paragraphs.size(), first + batch_size);
    auto batch_start = std::chrono::steady_clock::now();
    for (std::size_t i = first; i < last; ++i) {
      tagger.tag(paragraphs[i], entities);
      append_entity_rows(tsv, i, paragraphs[i], entities);
      run.entities += entities.size();
      for (const Entity& entity : entities)
        ++run.label_counts[static_cast<std::size_t>(entity.label)];
    }
    run.batch_seconds.push_back(seconds_since(batch_start));
    run.batch_paragraphs.push_back(last - first);
  }
  run.tagging_cpu_seconds = cpu_seconds() - cpu_start;
  return run;
}

}  // namespace flow::builtins::ner

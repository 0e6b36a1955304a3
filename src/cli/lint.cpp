#include "cli/lint.h"

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::cli {
namespace {

// Tools that run on several threads when told to, and the option that tells them. With
// `always`, naming the tool in a rule without `threads:` is worth a lint; without it (sort,
// make, xz...) only a hard-coded count is, since the tool is mostly run single-threaded.
struct ThreadedTool {
  std::string_view name;
  std::string_view subcommands;  ///< "" for any; else the subcommands that take the option
  std::string_view option;       ///< "-t", "--threads", "-@", "--parallel" (also "--parallel=N")
  bool always = true;
};

const std::vector<ThreadedTool>& threaded_tools() {
  static const std::vector<ThreadedTool> tools = {
      {"bwa", "mem aln sampe", "-t"},
      {"bwa-mem2", "mem", "-t"},
      {"bowtie2", "", "-p"},
      {"hisat2", "", "-p"},
      {"STAR", "", "--runThreadN"},
      {"minimap2", "", "-t"},
      {"samtools", "sort view merge markdup fastq index", "-@"},
      {"bcftools", "view call mpileup concat merge norm sort", "--threads"},
      {"salmon", "quant index", "-p"},
      {"kallisto", "quant index", "-t"},
      {"fastp", "", "-w"},
      {"cutadapt", "", "-j"},
      {"featureCounts", "", "-T"},
      {"spades.py", "", "-t"},
      {"megahit", "", "-t"},
      {"blastn", "", "-num_threads"},
      {"blastp", "", "-num_threads"},
      {"diamond", "blastp blastx", "-p"},
      {"kraken2", "", "--threads"},
      {"pigz", "", "-p"},
      {"iqtree2", "", "-T"},
      {"mafft", "", "--thread"},
      {"sort", "", "--parallel", false},
      {"make", "", "-j", false},
      {"xz", "", "-T", false},
      {"zstd", "", "-T", false},
  };
  return tools;
}

std::string rule_title(const rules::Rule& rule, std::string_view what) {
  return fmt::format("rule '{}' {}", rule.name, what);
}

// A command's segments (between |, ;, &&, ||, newlines) as words; good enough to see which
// tools a command starts and with which options, which is all the lints need.
std::vector<std::vector<std::string>> command_segments(std::string_view command) {
  std::vector<std::vector<std::string>> segments(1);
  std::string word;
  auto end_word = [&] {
    if (!word.empty()) segments.back().push_back(std::move(word));
    word.clear();
  };
  for (char c : command) {
    if (c == '|' || c == ';' || c == '&' || c == '\n' || c == '(' || c == ')' || c == '`') {
      end_word();
      if (!segments.back().empty()) segments.emplace_back();
    } else if (c == ' ' || c == '\t') {
      end_word();
    } else {
      word += c;
    }
  }
  end_word();
  return segments;
}

std::string_view base_name(std::string_view word) {
  auto slash = word.rfind('/');
  return slash == std::string_view::npos ? word : word.substr(slash + 1);
}

// The value given to `option` in `words` ("-t 8", "-t8" for one-letter options,
// "--parallel=8"), or "".
std::string option_value(const std::vector<std::string>& words, std::string_view option) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == option && i + 1 < words.size()) return words[i + 1];
    if (w.starts_with(std::string(option) + "=")) return w.substr(option.size() + 1);
    if (option.size() == 2 && w.size() > 2 && w.starts_with(option) && std::isdigit(w[2]))
      return w.substr(2);
  }
  return "";
}

// The tool a segment runs (after env assignments and wrappers such as `time`), or nullptr.
const ThreadedTool* find_tool(const std::vector<std::string>& words) {
  std::size_t i = 0;
  while (i < words.size() && (words[i].find('=') != std::string::npos || words[i] == "time" ||
                              words[i] == "nice" || words[i] == "exec" || words[i] == "command"))
    ++i;
  if (i >= words.size()) return nullptr;
  std::string_view name = base_name(words[i]);
  for (const auto& tool : threaded_tools()) {
    if (tool.name != name) continue;
    if (tool.subcommands.empty()) return &tool;
    if (i + 1 < words.size()) {
      for (const auto& sub : split(tool.subcommands, ' '))
        if (sub == words[i + 1]) return &tool;
    }
  }
  return nullptr;
}

bool uses_placeholder(const pattern::Template& text, pattern::PlaceholderKind kind) {
  for (const auto& part : text.parts()) {
    if (part.placeholder && part.placeholder->kind == kind) return true;
  }
  return false;
}

void lint_threads(const rules::Rule& rule, std::vector<Lint>& lints) {
  if (!rule.shell) return;
  bool declared = rule.threads > 1;
  if (!declared && uses_placeholder(*rule.shell, pattern::PlaceholderKind::threads)) {
    lints.push_back({rule.name, rule.location, "{threads}",
                     rule_title(rule, "uses {threads} but sets no `threads:`, so it is always 1"),
                     "give the rule `threads: N`; each job then gets min(N, -c) cores"});
  }
  for (const auto& words : command_segments(rule.shell->text())) {
    const ThreadedTool* tool = find_tool(words);
    if (tool == nullptr) continue;
    std::string value = option_value(words, tool->option);
    std::string tool_name(tool->name);
    if (parse_int(value).value_or(1) > 1) {
      lints.push_back(
          {rule.name, rule.location, std::string(tool->option),
           rule_title(rule, fmt::format("gives {} a fixed thread count ({} {})", tool_name,
                                        tool->option, value)),
           fmt::format("write `threads: {}` in the rule and `{} {{threads}}` in the command, so "
                       "that flow counts the cores the job uses",
                       value, tool->option)});
    } else if (!declared && tool->always && value.empty()) {
      lints.push_back(
          {rule.name, rule.location, tool_name,
           rule_title(rule, fmt::format("runs {}, which can use several threads, without "
                                        "`threads:`",
                                        tool_name)),
           fmt::format("give the rule `threads: N` and pass `{} {{threads}}` to {}", tool->option,
                       tool_name)});
    }
  }
}

bool is_absolute_path(std::string_view text) {
  return text.size() > 1 && text[0] == '/' && !text.starts_with("/dev/") && text != "/dev";
}

void lint_paths(const rules::Rule& rule, std::vector<Lint>& lints) {
  auto check = [&](const std::string& text, const SourceLocation& location) {
    if (!is_absolute_path(text)) return;
    lints.push_back({rule.name, location, "",
                     rule_title(rule, fmt::format("uses the absolute path \"{}\"", text)),
                     "absolute paths tie the workflow to this machine: use a path relative to "
                     "the working directory, or take it from config"});
  };
  for (const auto* specs : {&rule.inputs, &rule.outputs, &rule.logs, &rule.benchmarks}) {
    for (const auto& spec : *specs)
      check(spec.pattern.text(), spec.location);
  }
  for (const auto* named : {&rule.params, &rule.with}) {
    for (const auto& item : *named)
      check(item.value.text(), item.location.known() ? item.location : rule.location);
  }
}

void lint_rule(const rules::Rule& rule, std::vector<Lint>& lints) {
  if (rule.step != rules::StepKind::none && rule.logs.empty()) {
    lints.push_back({rule.name, rule.location, "", rule_title(rule, "has no log"),
                     "without `log:` what a job prints is shown once and then lost; write it to "
                     "a log per job (`2> {log}`), which flow shows when the job fails"});
  }
  lint_paths(rule, lints);
  if (rule.shell) {
    for (const auto& part : rule.shell->parts()) {
      const auto& p = part.placeholder;
      if (!p || !p->index ||
          (p->kind != pattern::PlaceholderKind::input &&
           p->kind != pattern::PlaceholderKind::output))
        continue;
      lints.push_back(
          {rule.name, rule.location, p->text,
           rule_title(rule, fmt::format("refers to a file by its index ({})", p->text)),
           fmt::format("name the file (`{}: {{name: ...}}`) and write {{{}.name}}: the command "
                       "then says what it is, and stays right when the list changes",
                       placeholder_kind_name(p->kind), placeholder_kind_name(p->kind))});
      break;
    }
  }
  lint_threads(rule, lints);
}

// The config paths ("books", "genomes.human") the workflow files refer to, as
// `config.PATH` in a value or `{config.PATH}` in a string.
std::vector<std::string> config_references(const SourceTexts& texts) {
  std::vector<std::string> references;
  for (const auto& [file, text] : texts.files()) {
    for (std::size_t at = text.find("config."); at != std::string::npos;
         at = text.find("config.", at + 1)) {
      if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_'))
        continue;
      std::size_t end = at + 7;
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                   text[end] == '_' || text[end] == '-' || text[end] == '.'))
        ++end;
      std::string path = text.substr(at + 7, end - at - 7);
      while (!path.empty() && path.back() == '.')
        path.pop_back();
      if (!path.empty()) references.push_back(std::move(path));
    }
  }
  return references;
}

bool is_prefix_path(std::string_view prefix, std::string_view path) {
  return path == prefix || (path.starts_with(prefix) && path[prefix.size()] == '.');
}

// Reports the shallowest config keys that no reference reaches.
void lint_config(const flowfile::Node& node, const std::string& path,
                 const std::vector<std::string>& references, std::vector<Lint>& lints) {
  for (const auto& [key, value] : node.entries) {
    std::string child = path.empty() ? key : path + "." + key;
    bool whole = false, deeper = false;
    for (const auto& reference : references) {
      whole = whole || is_prefix_path(reference, child);
      deeper = deeper || is_prefix_path(child, reference);
    }
    if (whole) continue;
    if (deeper && value.is_mapping()) {
      lint_config(value, child, references, lints);
      continue;
    }
    lints.push_back({"", value.key_location, "", fmt::format("config key '{}' is not used", child),
                     fmt::format("nothing in the workflow refers to it as config.{} or "
                                 "{{config.{}}}: remove it, or check its spelling",
                                 child, child)});
  }
}

}  // namespace

std::vector<Lint> lint_workflow(const rules::RuleSet& rules, const flowfile::Node& config,
                                const SourceTexts& texts) {
  std::vector<Lint> lints;
  for (const auto& rule : rules.rules())
    lint_rule(rule, lints);
  if (config.is_mapping()) lint_config(config, "", config_references(texts), lints);
  return lints;
}

int write_lints(const std::vector<Lint>& lints, const SourceTexts& texts, bool color,
                std::ostream& out) {
  for (const auto& lint : lints) {
    Error warning = make_error(ErrorKind::flowfile, lint.title, lint.location);
    warning.anchor = lint.anchor;
    warning.notes.push_back(lint.advice);
    out << format_warning(warning, &texts, color);
  }
  if (lints.empty()) {
    out << "flow: --lint found nothing to improve.\n";
    return 0;
  }
  out << fmt::format("flow: --lint found {} thing{} to improve.\n", lints.size(),
                     lints.size() == 1 ? "" : "s");
  return 1;
}

}  // namespace flow::cli

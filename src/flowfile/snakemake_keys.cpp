#include "flowfile/snakemake_keys.h"

#include <span>

namespace flow::flowfile {
namespace {

constexpr std::string_view k_conda = "flow does not create or activate conda environments";
constexpr std::string_view k_conda_instead =
    "activate the environment before running flow, or load tools with `envmodules:` in "
    "cluster jobs";
constexpr std::string_view k_container = "flow does not run jobs in containers";
constexpr std::string_view k_container_instead =
    "call the container in the rule's `shell:` (apptainer exec IMAGE tool {input} > {output})";

// One row per key. When flow gains a key, delete its
// row here: the key is then read by the rule reader and never reaches this table.
constexpr SnakemakeKey k_rule_keys[] = {
    {"notebook", "flow does not run notebooks",
     "run it from `shell:` (jupyter nbconvert --to notebook --execute ...)"},
    {"wrapper", "flow has no Snakemake wrappers",
     "write the tool's own command in `shell:` (the wrapper's source shows the command it "
     "runs)"},
    {"cwl", "flow does not run CWL tools", "write the tool's command in `shell:`"},
    {"conda", k_conda, k_conda_instead},
    {"singularity", "flow calls this `container`", "write `container: IMAGE`"},
    {"handover", "flow has no handover rules", "leave it out"},
    {"cache", "flow has no cache between workflows",
     "leave it out: flow reruns a job only when its inputs, command or params change"},
    {"localrule", "flow calls this `local`", "write `local: true`"},
    {"name", "a rule's name is its key under `rules:`", "rename the key instead"},
    {"version", "flow has no rule versions",
     "leave it out: a job reruns when its command changes (--rerun-triggers code)"},
    {"template_engine", "flow has no templates", "write the step as `shell:`"},
};

constexpr SnakemakeKey k_top_level_keys[] = {
    {"workdir", "flow has no `workdir:`", "run flow with -d DIR"},
    {"onstart", "flow has no event handlers",
     "run the command before flow in your shell (prepare && flow)"},
    {"onsuccess", "flow has no event handlers",
     "run the command after flow in your shell (flow && notify-send done)"},
    {"onerror", "flow has no event handlers",
     "run the command when flow fails, in your shell (flow || notify-send failed)"},
    {"envvars", "flow does not check environment variables",
     "jobs see flow's environment; check a variable in the command (${VAR:?is not set})"},
    {"conda", k_conda, k_conda_instead},
    {"containerized", k_container, k_container_instead},
    {"singularity", "flow calls this `container`", "write `container: IMAGE`"},
    {"pepfile", "flow does not read PEP sample sheets",
     "list the samples under `config:` (or in a --configfile) and `expand` over them"},
    {"pepschema", "flow does not read PEP sample sheets", "leave it out"},
    {"report", "flow's report needs no caption file",
     "mark outputs with `report: true` and run flow --report FILE.html"},
    {"module", "flow has no modules", "use `include:` to merge another workflow file's rules"},
    {"use", "flow has no modules", "use `include:` to merge another workflow file's rules"},
    {"scattergather", "flow has no scatter-gather",
     "`expand` over a config list of the parts instead"},
};

std::optional<SnakemakeKey> find(std::span<const SnakemakeKey> table, std::string_view key) {
  for (const auto& row : table) {
    if (row.key == key) return row;
  }
  return std::nullopt;
}

}  // namespace

std::optional<SnakemakeKey> snakemake_rule_key(std::string_view key) {
  return find(k_rule_keys, key);
}

std::optional<SnakemakeKey> snakemake_top_level_key(std::string_view key) {
  // `rule x:` (a pasted Snakefile) reads as the YAML key "rule x".
  for (std::string_view word : {"rule ", "checkpoint "}) {
    if (key.starts_with(word)) {
      return SnakemakeKey{key, "this is a Snakefile's rule, and flow reads YAML",
                          "put the rules under one `rules:` key, each as `  NAME:` with its keys "
                          "indented below it (docs/from-snakemake.md shows a translated "
                          "Snakefile)"};
    }
  }
  return find(k_top_level_keys, key);
}

}  // namespace flow::flowfile

#include "flow/run/script_job.h"

#include <fmt/format.h>

#include "flow/base/language_quoting.h"
#include "flow/base/strings.h"

namespace flow::run {
namespace {

// Items of the same name next to each other form one named item (an input of several paths).
std::vector<std::pair<std::string, std::vector<std::string>>> named_groups(
    const std::vector<NamedPath>& items) {
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].name.empty()) continue;
    if (i > 0 && items[i - 1].name == items[i].name) {
      groups.back().second.push_back(items[i].path);
    } else {
      groups.push_back({items[i].name, {items[i].path}});
    }
  }
  return groups;
}

std::string json_list(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += json_quote(values[i]);
  }
  out += ']';
  return out;
}

std::string json_files(const std::vector<NamedPath>& items) {
  std::vector<std::string> paths;
  for (const auto& item : items)
    paths.push_back(item.path);
  std::string out = "{\"list\": ";
  out += json_list(paths);
  out += ", \"named\": {";
  bool first = true;
  for (const auto& [name, group] : named_groups(items)) {
    if (!first) out += ", ";
    first = false;
    out += json_quote(name);
    out += ": ";
    out += group.size() == 1 ? json_quote(group.front()) : json_list(group);
  }
  out += "}}";
  return out;
}

std::string json_pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out = "{";
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (i > 0) out += ", ";
    out += json_quote(pairs[i].first);
    out += ": ";
    out += json_quote(pairs[i].second);
  }
  out += '}';
  return out;
}

std::string json_source(const rules::PythonSource& source) {
  return fmt::format("{{\"file\": {}, \"line\": {}, \"text\": {}}}", json_quote(source.file),
                     source.first_line, json_quote(source.text));
}

std::string r_vector(const std::vector<std::string>& values) {
  if (values.size() == 1) return r_quote(values.front());
  std::string out = "c(";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += r_quote(values[i]);
  }
  out += ')';
  return out;
}

// list("a", "b", "reads" = "a"): positional items, then the named ones, as Snakemake's R.
std::string r_files(const std::vector<NamedPath>& items) {
  std::vector<std::string> parts;
  for (const auto& item : items)
    parts.push_back(r_quote(item.path));
  for (const auto& [name, group] : named_groups(items))
    parts.push_back(r_quote(name) + " = " + r_vector(group));
  std::string out = "list(";
  out += join(parts, ", ");
  out += ')';
  return out;
}

std::string r_pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out = "list(";
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (i > 0) out += ", ";
    out += r_quote(pairs[i].first);
    out += " = ";
    out += r_quote(pairs[i].second);
  }
  out += ')';
  return out;
}

std::string bash_files(std::string_view array, const std::vector<NamedPath>& items) {
  std::string out = fmt::format("declare -A {}=(", array);
  for (std::size_t i = 0; i < items.size(); ++i)
    out += fmt::format(" [{}]={}", i, bash_single_quote(items[i].path));
  for (const auto& [name, group] : named_groups(items)) {
    std::string joined;
    for (const auto& path : group) {
      if (!joined.empty()) joined += ' ';
      joined += path;
    }
    out += fmt::format(" [{}]={}", name, bash_single_quote(joined));
  }
  out += " )\n";
  return out;
}

std::string bash_pairs(std::string_view array,
                       const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out = fmt::format("declare -A {}=(", array);
  for (const auto& [name, value] : pairs)
    out += fmt::format(" [{}]={}", bash_single_quote(name), bash_single_quote(value));
  out += " )\n";
  return out;
}

std::vector<std::pair<std::string, std::string>> resource_texts(const ScriptJob& job) {
  std::vector<std::pair<std::string, std::string>> texts;
  for (const auto& [name, value] : job.resources)
    texts.emplace_back(name, value.is_int ? std::to_string(value.number) : value.text);
  return texts;
}

}  // namespace

std::string script_job_json(const ScriptJob& job) {
  std::string out = "{\"rule\": ";
  out += json_quote(job.rule);
  out += fmt::format(", \"jobid\": {}, \"attempt\": {}, \"threads\": {}", job.jobid, job.attempt,
                     job.threads);
  out += ",\n \"input\": ";
  out += json_files(job.input);
  out += ",\n \"output\": ";
  out += json_files(job.output);
  out += ",\n \"log\": ";
  out += json_files(job.log);
  out += ",\n \"params\": ";
  out += json_pairs(job.params);
  out += ",\n \"wildcards\": ";
  out += json_pairs(job.wildcards);
  out += ",\n \"resources\": {";
  bool first = true;
  for (const auto& [name, value] : job.resources) {
    if (!first) out += ", ";
    first = false;
    out += json_quote(name);
    out += ": ";
    out += value.is_int ? std::to_string(value.number) : json_quote(value.text);
  }
  out += "},\n \"config\": ";
  out += job.config_json;
  if (job.run) {
    out += ",\n \"python\": [";
    if (job.run->helpers) {
      bool first_helper = true;
      for (const auto& helper : *job.run->helpers) {
        if (!first_helper) out += ", ";
        first_helper = false;
        out += json_source(helper);
      }
    }
    out += "],\n \"run\": ";
    out += json_source(job.run->block);
  }
  out += "}\n";
  return out;
}

std::string r_preamble(const ScriptJob& job, std::string_view script_path) {
  std::string out =
      "setClass(\"Snakemake\", representation(input = \"list\", output = \"list\", "
      "params = \"list\", wildcards = \"list\", threads = \"numeric\", log = \"list\", "
      "resources = \"list\", config = \"list\", rule = \"character\", "
      "scriptdir = \"character\"))\n";
  out += "snakemake <- new(\"Snakemake\",\n  input = ";
  out += r_files(job.input);
  out += ",\n  output = ";
  out += r_files(job.output);
  out += ",\n  params = ";
  out += r_pairs(job.params);
  out += ",\n  wildcards = ";
  out += r_pairs(job.wildcards);
  out += fmt::format(",\n  threads = {},\n  log = ", job.threads);
  out += r_files(job.log);
  out += ",\n  resources = list(";
  bool first = true;
  for (const auto& [name, value] : job.resources) {
    if (!first) out += ", ";
    first = false;
    out += r_quote(name);
    out += " = ";
    out += value.is_int ? std::to_string(value.number) : r_quote(value.text);
  }
  out += "),\n  config = ";
  out += job.config_r;
  out += ",\n  rule = ";
  out += r_quote(job.rule);
  out += ",\n  scriptdir = normalizePath(dirname(";
  out += r_quote(script_path);
  out += ")))\n";
  // source() keeps the user's file name and lines; the handler names the line an error
  // comes from (R's own message names only the call).
  out += "local({\n  path <- ";
  out += r_quote(script_path);
  out += R"R(
  withCallingHandlers(source(path, keep.source = TRUE, echo = FALSE),
    error = function(e) {
      for (call in rev(sys.calls())) {
        ref <- attr(call, "srcref")
        if (!is.null(ref)) {
          file <- attr(ref, "srcfile")$filename
          if (identical(file, path)) {
            message(sprintf("%s:%d: %s", path, ref[1], conditionMessage(e)))
            break
          }
        }
      }
    })
})
)R";
  return out;
}

std::string bash_preamble(const ScriptJob& job) {
  // Loaded through BASH_ENV: unset at once, so that shells the script starts do not load it.
  std::string out = "unset BASH_ENV\n";
  out += bash_files("snakemake_input", job.input);
  out += bash_files("snakemake_output", job.output);
  out += bash_files("snakemake_log", job.log);
  out += bash_pairs("snakemake_params", job.params);
  out += bash_pairs("snakemake_wildcards", job.wildcards);
  out += bash_pairs("snakemake_resources", resource_texts(job));
  out += bash_pairs("snakemake", {{"threads", std::to_string(job.threads)},
                                  {"rule", job.rule},
                                  {"jobid", std::to_string(job.jobid)},
                                  {"attempt", std::to_string(job.attempt)}});
  return out;
}

}  // namespace flow::run

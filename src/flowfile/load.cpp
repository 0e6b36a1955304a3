#include "flow/flowfile/load.h"

#include <exception>
#include <unordered_map>

#include <fmt/format.h>

#include "flowfile/config_overrides.h"
#include "flowfile/configfile.h"
#include "flowfile/diagnostics.h"
#include "flowfile/file_tree.h"
#include "flowfile/python_text.h"
#include "flowfile/rule_reader.h"
#include "flowfile/tables.h"
#include "flowfile/values.h"

namespace flow::flowfile {
namespace {

Node empty_mapping() {
  Node node;
  node.kind = Node::Kind::mapping;
  return node;
}

// deep_merge, but moving `over` in whole when there is nothing to merge it with (the usual
// case: a large config is not copied).
void merge_into(Node& base, Node&& over) {
  if (base.is_mapping() && base.entries.empty() && over.is_mapping()) {
    base = std::move(over);
  } else {
    deep_merge(base, over);
  }
}

// What a file's config is merged from besides the files themselves.
struct ConfigSources {
  const sys::Filesystem& fs;
  SourceTexts& texts;
  bool cli_configfiles;  // --configfile given: a missing `configfile:` is skipped
};

// A file's config: its includes' configs in order, then its own `config` over them (spec §1:
// included files give defaults, the including file wins), then its `configfile` files (the
// user's file over the workflow's defaults). Moves the configs out of `files`.
Node file_config(std::vector<LoadedFile>& files, std::size_t index, const ConfigSources& sources,
                 ErrorList& errors) {
  Node config = empty_mapping();
  for (std::size_t child : files[index].includes)
    merge_into(config, file_config(files, child, sources, errors));
  Node* own = files[index].root.find("config");
  if (own == nullptr || own->kind == Node::Kind::null) {
  } else if (own->is_mapping()) {
    merge_into(config, std::move(*own));
  } else {
    errors.add(own->location, "'config' must be a mapping, not " + describe(*own));
  }
  merge_configfiles(config, files[index].root, sources.cli_configfiles, sources.fs, sources.texts,
                    errors);
  return config;
}

// Spec §8: each file's `python:` after those of the files it includes, as Snakemake runs an
// included Snakefile's code where its `include:` stands (at the top, in practice).
void read_python_helpers(const std::vector<LoadedFile>& files, std::size_t index, Context& ctx,
                         std::vector<PythonText>& helpers) {
  for (std::size_t child : files[index].includes)
    read_python_helpers(files, child, ctx, helpers);
  const Node* node = files[index].root.find("python");
  if (node == nullptr || node->kind == Node::Kind::null) return;
  if (auto text = read_python(*node, "python", ctx)) helpers.push_back(std::move(*text));
}

class ContentsReader {
 public:
  ContentsReader(Context& ctx, Flowfile& flowfile, const sys::Filesystem& fs)
      : m_ctx(ctx), m_flowfile(flowfile), m_fs(fs) {}

  // Adds one file's rules, wildcard_constraints, ruleorder and localrules.
  void read(const LoadedFile& file, bool from_include) {
    const Node& root = file.root;
    if (const Node* node = root.find("wildcard_constraints")) {
      append(m_flowfile.wildcard_constraints,
             read_named_texts(*node, "wildcard_constraints", ListValues::rejected, m_ctx));
    }
    if (const Node* node = root.find("ruleorder")) {
      append(m_flowfile.ruleorder, read_text_list(*node, "ruleorder", m_ctx));
    }
    if (const Node* node = root.find("localrules")) {
      append(m_flowfile.localrules, read_text_list(*node, "localrules", m_ctx));
    }
    if (const Node* node = root.find("container")) {
      // The main file is read first: its image wins over an included file's.
      auto image = read_text(*node, "container", m_ctx);
      if (image && !m_flowfile.container) m_flowfile.container = std::move(image);
    }
    if (const Node* node = root.find("rules")) read_rules(*node, file.path, from_include);
  }

 private:
  template <class T>
  static void append(std::vector<T>& to, std::vector<T> from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  }

  // `script: PATH` is relative to the file that names it, as in Snakemake; each file is read
  // once however many rules share it. A file that cannot be read is an error at the value.
  void read_script(RuleDef& rule, const std::string& flowfile_path) {
    Text& script = *rule.script;
    std::string dir = sys::parent_dir(flowfile_path);
    if (!script.value.starts_with('/') && !dir.empty() && dir != ".") {
      script.value = dir + "/" + script.value;
    }
    auto [found, inserted] = m_scripts.try_emplace(script.value);
    if (inserted) {
      auto text = m_fs.read_file(script.value);
      if (text)
        found->second = std::make_shared<const std::string>(std::move(*text));
      else
        found->second = nullptr;
      if (!text) {
        Error& error =
            m_ctx.error(script.location, fmt::format("cannot read the script '{}'", script.value));
        error.notes.push_back(text.error().message);
      }
    } else if (!found->second) {
      m_ctx.error(script.location, fmt::format("cannot read the script '{}'", script.value));
    }
    rule.script_text = found->second;
  }

  void read_rules(const Node& rules, const std::string& path, bool from_include) {
    if (rules.kind == Node::Kind::null) return;
    if (!rules.is_mapping()) {
      m_ctx.error(rules.location,
                  "'rules' must be a mapping of rule names to rules, not " + describe(rules));
      return;
    }
    // Sized once: a RuleDef is about 1 KB, and doubling a vector of 10,000 of them held
    // 2.5 times their size at the peak of the load (bench: a 10,000-rule chain).
    m_flowfile.rules.reserve(m_flowfile.rules.size() + rules.entries.size());
    for (const auto& [name, body] : rules.entries) {
      if (!is_identifier(name)) {
        Error& error =
            m_ctx.error(body.key_location, "rule name " + quote(name) + " is not an identifier");
        error.notes.push_back("use letters, digits and '_', not starting with a digit");
        continue;
      }
      auto [first, inserted] = m_defined_at.emplace(name, body.key_location);
      if (!inserted) {
        Error& error =
            m_ctx.error(body.key_location, fmt::format("rule '{}' is defined twice", name));
        error.notes.push_back("first defined at " + location_text(first->second));
        continue;
      }
      m_ctx.prefix = fmt::format("rule '{}': ", name);
      auto rule = read_rule(name, body, m_ctx);
      if (rule && rule->script) read_script(*rule, path);
      m_ctx.prefix.clear();
      if (!rule) continue;
      rule->from_include = from_include;
      m_flowfile.rules.push_back(std::move(*rule));
    }
  }

  Context& m_ctx;
  Flowfile& m_flowfile;
  const sys::Filesystem& m_fs;
  std::unordered_map<std::string, SourceLocation> m_defined_at;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> m_scripts;  // by path
};

Result<Flowfile> load_text(const std::string& text, const std::string& name,
                           const sys::Filesystem& fs, const ConfigOverrides& overrides,
                           SourceTexts& texts) {
  ErrorList errors;
  std::vector<LoadedFile> files = load_file_tree(name, text, fs, texts, errors);
  if (files.empty()) return errors.take();  // the main file is not valid YAML
  // The effective config comes first, so that substitutions see the final values.
  Node config =
      file_config(files, 0, ConfigSources{fs, texts, !overrides.config_files.empty()}, errors);
  auto applied = apply_config_overrides(config, overrides, fs, texts, errors);
  if (!applied) return std::move(applied).error();

  Flowfile flowfile;
  flowfile.path = name;
  const Node* rules_key = files.front().root.find("rules");
  flowfile.rules_location = rules_key && rules_key->key_location.known()
                                ? rules_key->key_location
                                : SourceLocation{name, 1, 1};
  Context ctx{config, errors, "", nullptr};
  // Tables before rules: an `expand` anywhere may use a table of any file.
  bool tables_ok = true;
  for (const auto& file : files) {
    if (const Node* node = file.root.find("tables")) {
      tables_ok = read_tables(*node, fs, texts, ctx, flowfile.tables) && tables_ok;
    }
  }
  // A table that cannot be read would make every use of it an error too: stop here.
  if (!tables_ok) return errors.take();
  ctx.tables = &flowfile.tables;
  ContentsReader reader(ctx, flowfile, fs);
  for (std::size_t i = 0; i < files.size(); ++i)
    reader.read(files[i], i > 0);
  read_python_helpers(files, 0, ctx, flowfile.python);
  if (!errors.empty()) return errors.take();
  flowfile.config = std::move(config);
  return flowfile;
}

}  // namespace

Result<Flowfile> parse_flowfile(const std::string& text, const std::string& name,
                                const sys::Filesystem& fs, const ConfigOverrides& overrides,
                                SourceTexts& texts) {
  try {
    return load_text(text, name, fs, overrides, texts);
  } catch (const std::exception& exception) {  // such as std::bad_alloc: never escapes
    return make_error(ErrorKind::internal,
                      fmt::format("cannot load '{}': {}", name, exception.what()));
  }
}

Result<Flowfile> load_flowfile(const std::string& path, const sys::Filesystem& fs,
                               const ConfigOverrides& overrides, SourceTexts& texts) {
  auto text = fs.read_file(path);
  if (!text) {
    Error error =
        make_error(ErrorKind::usage, fmt::format("cannot read the workflow file '{}'", path));
    error.notes.push_back(text.error().message);
    return error;
  }
  return parse_flowfile(*text, path, fs, overrides, texts);
}

std::optional<std::string> find_flowfile(const sys::Filesystem& fs, const std::string& dir) {
  std::string prefix = dir.empty() || dir.ends_with('/') ? dir : dir + "/";
  for (const char* name : {"flow.yaml", "flow.yml", "workflow/flow.yaml"}) {
    std::string path = prefix + name;
    auto stat = fs.stat(path);
    if (stat && stat->exists && !stat->is_dir) return path;
  }
  return std::nullopt;
}

}  // namespace flow::flowfile

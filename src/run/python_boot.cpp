#include <string>

#include "flow/run/script_job.h"

namespace flow::run {
namespace {

// The `snakemake` object from $FLOW_JOB, as scripts written for Snakemake use it.
constexpr std::string_view k_prelude = R"PY(import json, os, sys, traceback
class Namedlist(list):
    """Snakemake's Namedlist: a list whose items also have names."""
    def __init__(self, items, named=()):
        super().__init__(items)
        self._names = dict(named)
        for k, v in self._names.items(): setattr(self, k, v)
    def __getitem__(self, key):
        if isinstance(key, str): return self._names[key]
        return super().__getitem__(key)
    def get(self, key, default=None): return self._names.get(key, default)
    def keys(self): return self._names.keys()
    def items(self): return self._names.items()
    def __str__(self): return " ".join(map(str, self))
def _files(d): return Namedlist(d["list"], d["named"])
def _named(d): return Namedlist(list(d.values()), d)
with open(os.environ["FLOW_JOB"], encoding="utf-8") as f: _j = json.load(f)
class Snakemake: pass
snakemake = Snakemake()
for k in ("input", "output", "log"): setattr(snakemake, k, _files(_j[k]))
for k in ("params", "wildcards", "resources"): setattr(snakemake, k, _named(_j[k]))
snakemake.threads = _j["threads"]; snakemake.config = _j["config"]; snakemake.rule = _j["rule"]
snakemake.jobid = _j["jobid"]; snakemake.attempt = _j["attempt"]
)PY";

// `script:`: the user's file compiled under its own name; the traceback starts at its code.
constexpr std::string_view k_script = R"PY(_path = sys.argv[1]; sys.argv = sys.argv[1:]
snakemake.scriptdir = os.path.dirname(os.path.abspath(_path))
_g = {"__name__": "__main__", "__file__": _path, "snakemake": snakemake}
try:
    with open(_path, "rb") as f: _code = compile(f.read(), _path, "exec")
    exec(_code, _g)
except SystemExit: raise
except BaseException as e:
    traceback.print_exception(type(e), e, e.__traceback__.tb_next); sys.exit(1)
)PY";

// `run:`: helpers and block compiled under the workflow file's name, padded with empty lines so
// that their line numbers are the file's; linecache holds their text (as Python sees it, with
// the YAML indentation taken off), so that a traceback shows the right line and columns.
// Frames of this code ("<string>") are left out of the traceback: they are not the user's.
constexpr std::string_view k_run =
    R"PY(import ast, itertools, keyword, linecache, shlex, string, subprocess
_lines = {}
def _source(block):
    text = block["text"] if block["text"].endswith("\n") else block["text"] + "\n"
    name, first, new = block["file"], block["line"], text.splitlines(True)
    lines = _lines.setdefault(name, [])
    lines.extend(["\n"] * max(0, first - 1 + len(new) - len(lines)))
    lines[first - 1:first - 1 + len(new)] = new
    linecache.cache[name] = (sum(map(len, lines)), None, lines, name)
    return "\n" * (first - 1) + text
_job_names = {"input": snakemake.input, "output": snakemake.output, "params": snakemake.params,
              "wildcards": snakemake.wildcards, "threads": snakemake.threads,
              "resources": snakemake.resources, "log": snakemake.log, "rule": snakemake.rule,
              "jobid": snakemake.jobid}
class _ShellFormatter(string.Formatter):
    def get_value(self, key, args, names):
        if isinstance(key, int): return args[key]
        if key not in names: raise NameError(f"shell(): {{{key}}} names nothing defined here")
        return names[key]
    def format_field(self, value, spec):
        if spec == "q":
            items = value if isinstance(value, list) else [value]
            return " ".join(shlex.quote(str(v)) for v in items)
        if isinstance(value, list) and not spec: return " ".join(map(str, value))
        return super().format_field(value, spec)
def shell(command, *args, read=False, **names):
    """Snakemake's shell(): COMMAND with {input}, {output}, {wildcards.x}, {params.x},
    {threads}... (and the caller's own names) filled in, run by bash -euo pipefail; a failure
    raises CalledProcessError; read=True returns the command's standard output."""
    caller = sys._getframe(1)
    scope = dict(_job_names); scope.update(caller.f_globals); scope.update(caller.f_locals)
    scope.update(names)
    text = _ShellFormatter().vformat(command, args, scope)
    sys.stdout.flush(); sys.stderr.flush()
    done = subprocess.run(["bash", "-c", "set -euo pipefail; " + text],
                          stdout=subprocess.PIPE if read else None)
    if done.returncode != 0: raise subprocess.CalledProcessError(done.returncode, text)
    return done.stdout.decode() if read else None
def _strip(te, seen):
    """Only the user's frames: from the first below this code to the next call into it (such
    as shell(), whose own frames and the library's below them are not the user's)."""
    if te is None or id(te) in seen: return
    seen.add(id(te))
    ours = lambda f: f.filename == "<string>"
    te.stack = traceback.StackSummary.from_list(
        list(itertools.takewhile(lambda f: not ours(f), itertools.dropwhile(ours, te.stack))))
    _strip(te.__cause__, seen); _strip(te.__context__, seen)
_g = {"__name__": "__main__", "config": snakemake.config, "shell": shell}
try:
    for _helper in _j["python"]:
        exec(compile(_source(_helper), _helper["file"], "exec"), _g)
    _block = _j["run"]
    _body = compile(_source(_block), _block["file"], "exec", ast.PyCF_ONLY_AST).body
    _name = "rule_" + _j["rule"] if keyword.iskeyword(_j["rule"]) else _j["rule"]
    _def = ast.parse("def " + _name + "(" + ", ".join(_job_names) + "): pass").body[0]
    _def.body = _body or [ast.Pass()]
    _def.lineno = max(_block["line"] - 1, 1)
    _module = ast.fix_missing_locations(ast.Module(body=[_def], type_ignores=[]))
    _def.end_lineno = max(_def.lineno, _def.body[-1].end_lineno or 0)
    _scope = {}
    exec(compile(_module, _block["file"], "exec"), _g, _scope)
    _scope[_name](**_job_names)
except SystemExit: raise
except BaseException as e:
    _te = traceback.TracebackException(type(e), e, e.__traceback__)
    _strip(_te, set())
    print("".join(_te.format()), end="", file=sys.stderr); sys.exit(1)
)PY";

}  // namespace

std::string_view python_boot_code() {
  static const std::string code = std::string(k_prelude) + std::string(k_script);
  return code;
}

std::string_view python_run_boot_code() {
  static const std::string code = std::string(k_prelude) + std::string(k_run);
  return code;
}

}  // namespace flow::run

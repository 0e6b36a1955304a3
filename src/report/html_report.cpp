#include "flow/report/html_report.h"

#include <time.h>

#include <fmt/format.h>

#include "flow/base/time.h"
#include "report/html_sections.h"
#include "report/html_text.h"

namespace flow::report {
namespace {

// Everything stays inside the page: the policy forbids any load from elsewhere, so a
// report opened years later, offline, shows exactly what it showed the day it was written.
constexpr const char* k_head = R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
)HTML";

constexpr const char* k_style = R"CSS(<style>
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222;line-height:1.4}
h1{margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd}
.status{font-size:1.2em;font-weight:bold;padding:.3em .6em;border-radius:4px;display:inline-block}
.status.success{background:#e3f6e3;color:#135e13}.status.failed{background:#fde2e2;color:#8a1010}
.status.interrupted{background:#fff2cc;color:#6b4e00}
dl.run{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.run dt{font-weight:bold}
dl.run dd{margin:0}code,pre{font-family:ui-monospace,monospace}
pre{background:#f6f6f6;padding:.5em;overflow:auto;max-height:30em;white-space:pre-wrap}
nav a{margin-right:1em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}
table.sortable th{cursor:pointer;background:#f3f3f3;user-select:none}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
tr.failed td,tr.retried td,tr.interrupted td,tr.missing td{background:#fdd}
.timeline{border:1px solid #ccc;background:#fafafa;max-width:100%;height:auto}
rect.job{stroke:none}rect.failed{stroke:#c00;stroke-width:2}
rect.retried{stroke:#c00;stroke-width:1;stroke-dasharray:3 2}rect.interrupted{fill-opacity:.35}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.2em}
.swatch{display:inline-block;width:1.4em;height:.9em;margin-right:.4em;vertical-align:middle;border:1px solid #999}
.swatch.failed{border:2px solid #c00;background:#fff}.swatch.retried{border:1px dashed #c00;background:#fff}
.swatch.interrupted{background:#ccc}
article.failure{border-left:4px solid #c00;padding-left:1em;margin:1em 0}
article.failure dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
article.failure dd{margin:0}.label{font-weight:bold;margin-bottom:0}
figure.report-item{border:1px solid #ddd;padding:1em;margin:1em 0}
figure.report-item img{max-width:100%}.note{color:#666}
#rulegraph svg{max-width:100%;height:auto}
footer{margin-top:3em;color:#777;font-size:.9em}
</style>
)CSS";

// Click a column head to sort by it (numbers by their data-sort value), again to reverse.
constexpr const char* k_script = R"JS(<script>
document.querySelectorAll('table.sortable').forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (head, column) {
    head.addEventListener('click', function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var numeric = head.classList.contains('num');
      var ascending = head.getAttribute('aria-sort') !== 'ascending';
      var key = function (row) {
        var cell = row.cells[column];
        var text = cell ? (cell.getAttribute('data-sort') || cell.textContent) : '';
        return numeric ? parseFloat(text) || 0 : text;
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = numeric ? x - y : x.localeCompare(y);
        return ascending ? order : -order;
      });
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      head.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
</script>
)JS";

std::string plural(std::size_t count, const char* word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

void write_header(const RunRecord& run, std::string& out) {
  out += fmt::format(
      "<header><h1>flow report</h1>\n<p class=\"status {}\" id=\"status\">{} (exit "
      "status <span id=\"exit-status\">{}</span>)</p>\n",
      html_escape(run.status), html_escape(run.status), run.exit_status);
  out += "<p id=\"closing-line\">flow: " + html_escape(run.closing_line) + "</p>\n";
  out += "<dl class=\"run\">";
  out +=
      "<dt>date</dt><dd id=\"run-date\">" + html_escape(format_local_time(run.started)) + "</dd>";
  out += "<dt>command</dt><dd><code id=\"run-command\">" + html_escape(run.info.command_line) +
         "</code></dd>";
  out += "<dt>directory</dt><dd><code>" + html_escape(run.info.workdir) + "</code></dd>";
  out += "<dt>flow</dt><dd id=\"run-version\">" + html_escape(run.info.version) + "</dd>";
  out += fmt::format("<dt>duration</dt><dd id=\"run-seconds\" data-seconds=\"{:.3f}\">{}</dd>",
                     run.seconds, format_duration(run.seconds));
  out += fmt::format(
      "<dt>jobs</dt><dd id=\"run-jobs\"><span id=\"jobs-planned\">{}</span> to run: <span "
      "id=\"jobs-succeeded\">{}</span> done, <span id=\"jobs-failed\">{}</span> failed, <span "
      "id=\"jobs-not-run\">{}</span> not run</dd>",
      run.planned, run.succeeded, run.failed, run.not_run);
  out += "</dl>\n<nav>";
  for (const char* section :
       {"rulegraph", "timeline", "failures", "rules", "jobs", "outputs", "config"}) {
    if (std::string_view(section) == "failures" && run.failures.empty()) continue;
    out += fmt::format("<a href=\"#{}\">{}</a>", section, section);
  }
  out += "</nav></header>\n";
}

void write_rulegraph(const ReportInputs& inputs, std::string& out) {
  out += "<section id=\"rulegraph\"><h2>Rule graph</h2>\n";
  std::string_view svg = inputs.rulegraph_svg;
  auto start = svg.find("<svg");
  if (start == std::string_view::npos) {
    out += "<p class=\"note\">" + html_escape(inputs.rulegraph_note) + "</p>";
  } else {
    out += svg.substr(start);  // dot's SVG without its XML prolog and doctype
  }
  out += "</section>\n";
}

void write_config(const RunRecord& run, std::string& out) {
  out += "<section id=\"config\"><h2>Config</h2>\n";
  if (run.info.config_text.empty()) {
    out += "<p>The workflow has no config.</p>";
  } else {
    out += "<pre id=\"config-text\">" + html_escape(run.info.config_text) + "</pre>";
  }
  out += "</section>\n";
}

}  // namespace

std::string format_local_time(TimeStamp time) {
  time_t seconds = static_cast<time_t>(time / 1'000'000'000);
  tm local{};
  localtime_r(&seconds, &local);
  char buffer[64];
  strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S %z", &local);
  return buffer;
}

void write_html_report(const RunRecord& run, const ReportInputs& inputs, const sys::Filesystem& fs,
                       std::ostream& out) {
  std::string page = k_head;
  page += fmt::format("<title>flow report: {}, {}</title>\n", html_escape(run.status),
                      html_escape(format_local_time(run.started)));
  page += k_style;
  page += "</head><body>\n";
  write_header(run, page);
  write_rulegraph(inputs, page);
  write_timeline(run, page);
  write_failures(run, page);
  write_rule_table(run, page);
  write_job_table(run, page);
  write_outputs(run, inputs, fs, page);
  write_config(run, page);
  page += fmt::format(
      "<footer>Written by flow {} (<code>flow --report</code>) on {}; {} "
      "listed.</footer>\n",
      html_escape(run.info.version), html_escape(inputs.written_at),
      plural(run.jobs.size(), "job attempt"));
  page += k_script;
  page += "</body></html>\n";
  out << page;
}

}  // namespace flow::report

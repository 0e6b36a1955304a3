// Appended to a copy of a flow report by e2e.report_html, then run by headless Chromium
// (--dump-dom): it sorts tables by clicking their headers, as a user would, and writes what
// it saw into <pre id="dom-checks">, one "name value" line per check.
(function () {
  var lines = [];
  function note(name, value) { lines.push(name + ' ' + value); }
  function column(table, index) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      var cell = row.cells[index];
      return cell.getAttribute('data-sort') || cell.textContent;
    });
  }
  function sorted(values, numeric, descending) {
    for (var i = 1; i < values.length; i++) {
      var a = numeric ? parseFloat(values[i - 1]) : values[i - 1];
      var b = numeric ? parseFloat(values[i]) : values[i];
      var order = numeric ? a - b : a.localeCompare(b);
      if (descending ? order < 0 : order > 0) return false;
    }
    return true;
  }
  var jobs = document.getElementById('job-table');
  var heads = jobs.tHead.rows[0].cells;
  note('job-rows', jobs.tBodies[0].rows.length);
  heads[4].click();  // runtime
  note('runtime-ascending', sorted(column(jobs, 4), true, false) + ' ' + heads[4].getAttribute('aria-sort'));
  heads[4].click();
  note('runtime-descending', sorted(column(jobs, 4), true, true) + ' ' + heads[4].getAttribute('aria-sort'));
  heads[1].click();  // rule and wildcards
  note('label-ascending', sorted(column(jobs, 1), false, false));
  var rules = document.getElementById('rule-table');
  var attempts = column(rules, 1).reduce(function (sum, v) { return sum + parseInt(v, 10); }, 0);
  note('rule-table-jobs', attempts);
  note('rule-rows', rules.tBodies[0].rows.length);
  note('legend-items', document.querySelectorAll('#timeline-legend li').length);
  note('timeline-rects', document.querySelectorAll('svg.timeline rect.job').length);
  note('rulegraph-nodes', document.querySelectorAll('#rulegraph svg g.node').length);
  note('failures', document.querySelectorAll('article.failure').length);
  note('embedded-images', document.querySelectorAll('figure.report-item img').length);
  var image = document.querySelector('figure.report-item img');
  note('image-loaded', image ? image.complete && image.naturalWidth > 0 : false);
  note('embedded-tables', document.querySelectorAll('figure.report-item table').length);
  note('markdown-headings', document.querySelectorAll('figure.report-item .markdown h3').length);
  var external = document.querySelectorAll('[src^="http"], [href^="http"], link[rel=stylesheet], script[src]');
  note('external-references', external.length);
  var pre = document.createElement('pre');
  pre.id = 'dom-checks';
  pre.textContent = lines.join('\n');
  document.body.appendChild(pre);
})();

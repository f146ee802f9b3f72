"""The HTML report's style sheet and its one small script, inline so the page works offline.

The script only sorts and filters the grouped table; everything (charts included) is visible
without it. The page's Content-Security-Policy allows exactly this script, by its SHA-256, and
no other script, connection, frame or image: even if some input text slipped past the escaping,
the browser would run nothing from it.
"""

from __future__ import annotations

import base64
import hashlib

STYLE = """
:root{--error:#cf222e;--warning:#bf8700;--info:#3b82c4;--clean:#2da44e;--unreadable:#8c959f;--other:#afb8c1;
--line:#d0d7de;--soft:#f6f8fa;--muted:#59636e}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
dl.context{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0 18px;color:var(--muted)}
dl.context dt{font-weight:600;color:#1f2328}dl.context dd{margin:0;overflow-wrap:anywhere}
dl.context .incomplete{color:var(--error);font-weight:600}
ul.headline{display:flex;flex-wrap:wrap;gap:12px;list-style:none;padding:0;margin:0 0 8px}
ul.headline li{border:1px solid var(--line);border-radius:8px;padding:10px 18px;min-width:140px;background:var(--soft)}
ul.headline strong{display:block;font-size:26px;line-height:1.2}
ul.headline li.clean strong{color:var(--clean)}ul.headline li.error strong{color:var(--error)}
ul.headline li.unreadable strong{color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:16px}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:12px 10px}
figcaption{font-weight:600;margin:0 0 6px 4px}
svg.chart{width:100%;height:auto;font-size:12px}
svg .label,svg .tick{text-anchor:end;fill:#1f2328}svg .value,svg .legend{fill:var(--muted)}
svg .date{text-anchor:middle;fill:var(--muted)}svg .axis{stroke:var(--line)}
.error{fill:var(--error)}.warning{fill:var(--warning)}.info{fill:var(--info)}.clean{fill:var(--clean)}
.unreadable{fill:var(--unreadable)}.other{fill:var(--other)}
.tools{display:flex;gap:12px;align-items:center;margin:0 0 10px}
.tools input{font:inherit;padding:6px 10px;width:340px;border:1px solid var(--line);border-radius:6px}
.tools output{color:var(--muted)}
details.group{border:1px solid var(--line);border-radius:8px;margin:0 0 8px;background:#fff}
details.group>summary{cursor:pointer;padding:8px 12px;display:flex;gap:10px;align-items:baseline}
details.group[open]>summary{border-bottom:1px solid var(--line);background:var(--soft)}
summary .title{font-weight:600;overflow-wrap:anywhere}summary .count{margin-left:auto;color:var(--muted);white-space:nowrap}
.sev{font-size:12px;border-radius:10px;padding:0 8px;color:#fff;background:var(--other)}
.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}.sev.info{background:var(--info)}
.sev.unreadable{background:var(--unreadable)}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:5px 10px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--soft);font-weight:600;white-space:nowrap}td.n,th.n{text-align:right}
table.models th{cursor:pointer;user-select:none}table.models th[aria-sort=ascending]::after{content:" \\25B4"}
table.models th[aria-sort=descending]::after{content:" \\25BE"}
table.counts{width:auto;min-width:420px;margin:0 0 8px}
p.more{color:var(--muted);margin:6px 12px}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
"""

SCRIPT = """
(function () {
  "use strict";
  var filter = document.getElementById("filter");
  var status = document.getElementById("matches");
  var groups = Array.prototype.slice.call(document.querySelectorAll("details.group"));
  groups.forEach(function (g) { g.dataset.wasOpen = g.open ? "1" : ""; });
  function apply() {
    var q = filter.value.trim().toLowerCase(), total = 0;
    groups.forEach(function (g) {
      var inTitle = g.dataset.key.toLowerCase().indexOf(q) >= 0, shown = 0;
      g.querySelectorAll("tbody tr").forEach(function (row) {
        var hit = !q || inTitle || row.textContent.toLowerCase().indexOf(q) >= 0;
        row.hidden = !hit;
        if (hit) { shown += 1; }
      });
      g.hidden = shown === 0;
      g.open = q ? shown > 0 : g.dataset.wasOpen === "1";
      total += shown;
    });
    status.textContent = q ? total + " matching rows" : "";
  }
  function value(row, column, numeric) {
    var cell = row.cells[column];
    return numeric ? Number(cell.dataset.v) : cell.textContent.toLowerCase();
  }
  function sortBy(column, numeric, descending) {
    document.querySelectorAll("table.models").forEach(function (table) {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = value(a, column, numeric), y = value(b, column, numeric);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        if (index === column) { th.setAttribute("aria-sort", descending ? "descending" : "ascending"); }
        else { th.removeAttribute("aria-sort"); }
      });
    });
  }
  document.querySelectorAll("table.models th").forEach(function (th) {
    th.addEventListener("click", function () {
      sortBy(th.cellIndex, th.classList.contains("n"), th.getAttribute("aria-sort") === "ascending");
    });
  });
  filter.addEventListener("input", apply);
  filter.disabled = false;
})();
"""


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_sha256(SCRIPT)}'; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)

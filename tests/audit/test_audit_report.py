"""Audit counts and every report format: the numbers are right and every format shows the same ones."""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import re
from html.parser import HTMLParser

import pytest

from audit.audit_support import record
from configlint.audit.record import AuditRecord
from configlint.audit.report import FORMATS, render_report
from configlint.audit.report.html import OPEN_UP_TO
from configlint.audit.report.markdown import MAX_ROWS as MARKDOWN_ROWS
from configlint.audit.report.sections import hub_url
from configlint.audit.summary import describe_load, summarize
from configlint.diagnostics import Severity

MISMATCH = {
    "as": "BertModel",
    "missing": ["pooler.dense.weight", "pooler.dense.bias"],
    "unexpected": [],
    "mismatched": [],
    "error": None,
}


@pytest.fixture
def records() -> list[AuditRecord]:
    return [
        record("org/clean"),
        record("org/pooler", "P001", "P004", "D001"),
        record("org/pooler-2", "P001", ("W004", "error"), ("W004", "error"), load=MISMATCH),
        record("org/legacy", ("F002", "warning"), family=None),
        record("org/roberta", ("D001", "info"), family="roberta", revision="v2"),
        record("org/gone", status="error", error_kind="not-found", error_message="no such model repo"),
        record("org/busy", status="error", error_kind="rate-limited", error_message="HTTP 429"),
        record("org/<script>", status="error", error_kind="not-found", error_message="<b>bold</b> | pipe"),
    ]


def test_counts(records: list[AuditRecord]) -> None:
    summary = summarize(records)
    assert (summary.models, summary.ok, summary.unreadable, summary.without_findings) == (8, 5, 3, 1)
    assert summary.failing == 3  # warning or worse: pooler, pooler-2, legacy (roberta has only an info)
    assert summary.exit_code == 1
    rules = {r.code: (r.models, r.findings) for r in summary.by_rule}
    assert rules == {"P001": (2, 2), "D001": (2, 2), "W004": (1, 2), "P004": (1, 1), "F002": (1, 1)}
    assert [r.code for r in summary.by_rule][:2] == ["D001", "P001"]  # most models first, then by code
    families = {f.family: (f.models, f.with_findings, f.failing, f.load_not_clean) for f in summary.by_family}
    assert families == {"bert": (3, 2, 2, 1), "roberta": (1, 1, 0, 0), "unknown": (1, 1, 1, 0)}
    assert summary.by_error_kind == {"not-found": 2, "rate-limited": 1}
    assert [r.label for r in summary.worst] == ["org/pooler-2", "org/pooler", "org/legacy", "org/roberta@v2"]
    assert [r.label for r in summary.load_not_clean] == ["org/pooler-2"]
    assert summarize(records, fail_on=Severity.ERROR).failing == 1
    assert summarize(records, fail_on=Severity.INFO).failing == 4
    assert summarize(records[:1]).exit_code == 0 and summarize(records[5:]).exit_code == 0  # errors are not findings
    assert len(summarize(records, top=2).worst) == 2


def test_load_descriptions() -> None:
    assert describe_load(None) == "not predicted"
    assert describe_load(MISMATCH) == "2 missing"
    assert describe_load({**MISMATCH, "error": "OSError: no weights"}) == "error: OSError: no weights"
    assert (
        describe_load({"missing": [], "unexpected": ["a"], "mismatched": [{"key": "k"}], "error": None})
        == "1 unexpected, 1 mismatched"
    )


def test_table(records: list[AuditRecord]) -> None:
    text = render_report("table", records, summarize(records))
    lines = text.splitlines()
    assert lines[0].split() == ["MODEL", "STATUS", "FAMILY", "E", "W", "I", "LOAD", "RULES", "/", "ERROR"]
    pooler = next(line for line in lines if line.startswith("org/pooler-2 "))
    assert pooler.split() == ["org/pooler-2", "ok", "bert", "2", "1", "0", "not", "clean", "P001", "W004"]
    assert "error (not-found)" in text and "8 models, 5 read, 3 unreadable" in lines[-1]


def test_json_rows_and_summary(records: list[AuditRecord]) -> None:
    summary = summarize(records)
    document = json.loads(render_report("json", records, summary))
    assert document["summary"] == json.loads(json.dumps(summary.to_dict()))
    assert [m["repo_id"] for m in document["models"]] == [r.repo_id for r in records]
    roberta = next(m for m in document["models"] if m["repo_id"] == "org/roberta")
    assert roberta["revision"] == "v2" and roberta["counts"] == {"info": 1, "warning": 0, "error": 0}


def test_csv_rows(records: list[AuditRecord]) -> None:
    rows = list(csv.DictReader(io.StringIO(render_report("csv", records, summarize(records)))))
    assert len(rows) == len(records)
    pooler = next(row for row in rows if row["repo_id"] == "org/pooler-2")
    assert (pooler["errors"], pooler["warnings"], pooler["rules"], pooler["load_report"]) == ("2", "1", "P001 W004", "2 missing")
    gone = next(row for row in rows if row["repo_id"] == "org/<script>")
    assert (gone["status"], gone["error_kind"], gone["error_message"]) == ("error", "not-found", "<b>bold</b> | pipe")


def test_markdown_holds_the_counts(records: list[AuditRecord]) -> None:
    text = render_report("markdown", records, summarize(records))
    assert "- **8** models" in text and "- **3** with a finding at or above warning" in text
    assert "| P001 | p001 | warning | 2 | 2 |" in text
    assert "| W004 | w004 | error | 1 | 2 |" in text
    assert "| bert | 3 | 2 | 2 | 1 |" in text
    assert "| not-found | 2 |" in text and "| rate-limited | 1 |" in text
    assert "| org/pooler-2 | 2 | 1 | 0 | P001 W004 |" in text
    assert "| org/pooler-2 | 2 missing |" in text
    assert "_no findings_" in render_report("markdown", records[:1], summarize(records[:1]))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.cells: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.scripts: list[str] = []
        self._cell = False
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        self._cell = tag in ("td", "th")
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._cell:
            self.cells.append(data)
        if self._script:
            self.scripts.append(data)


def test_html_is_self_contained_escaped_and_holds_the_counts(records: list[AuditRecord]) -> None:
    records = [*records, record("org/odd", load={**MISMATCH, "error": "OSError: <weights> & more"})]
    text = render_report("html", records, summarize(records))
    page = _Page()
    page.feed(text)
    assert "link" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
    assert not [a for a in page.attributes if a[1] == "src"]  # the one script is inline
    assert {value.split("/")[2] for tag, name, value in page.attributes if name == "href" and value} == {"huggingface.co"}
    assert "error: OSError: &lt;weights&gt; &amp; more" in text and "<weights>" not in text
    row = page.cells[page.cells.index("P001") : page.cells.index("P001") + 5]
    assert row == ["P001", "p001", "warning", "2", "2"]
    assert "not-found" in page.cells and page.cells[page.cells.index("not-found") + 1] == "2"
    assert re.search(r"<strong>9</strong>audited", text) and re.search(
        r"<strong>3</strong>clean", text
    )  # clean, roberta (an info), odd


def test_html_allows_only_its_own_script() -> None:
    """The Content-Security-Policy names the page's inline script by hash: nothing else could run."""
    records = [record("org/a", "P001")]
    page = _Page()
    page.feed(render_report("html", records, summarize(records)))
    (policy,) = [
        value for tag, name, value in page.attributes if tag == "meta" and name == "content" and value and "script-src" in value
    ]
    (script,) = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy


def _groups(text: str) -> dict[str, tuple[bool, list[str]]]:
    """Each ``<details>`` group of the HTML report: whether it starts open, and its model links' targets."""
    found = {}
    for match in re.finditer(r'<details class="group" data-key="([^"]*)"( open)?>(.*?)</details>', text, re.DOTALL):
        found[html.unescape(match.group(1))] = (bool(match.group(2)), re.findall(r'href="([^"]*)"', match.group(3)))
    return found


def test_html_groups_models_by_rule_with_hub_links() -> None:
    many = [record(f"org/m{index:02d}", "P001") for index in range(OPEN_UP_TO + 1)]
    records = [*many, record("org/two", ("W004", "error"), "P001", revision="v2"),
               record("org/gone", status="error", error_kind="not-found", error_message="no such repo", revision="refs/pr/1")]  # fmt: skip
    groups = _groups(render_report("html", records, summarize(records)))
    assert list(groups) == ["P001 p001", "W004 w004", "unreadable: not-found"]
    opened, links = groups["P001 p001"]
    assert not opened and len(links) == OPEN_UP_TO + 2  # collapsed, every model listed
    assert groups["W004 w004"] == (True, [f"https://huggingface.co/org/two/tree/{'a' * 40}"])  # the audited commit
    assert groups["unreadable: not-found"][1] == ["https://huggingface.co/org/gone/tree/refs%2Fpr%2F1"]  # no commit: as asked


def test_hub_links_cannot_leave_the_model_page() -> None:
    odd = record("org/a?b=1#x", status="error", error_kind="not-found", revision="../../settings")
    assert hub_url(odd) == "https://huggingface.co/org/a%3Fb%3D1%23x/tree/..%2F..%2Fsettings"
    assert hub_url(record("bert-base-uncased", status="error")) == "https://huggingface.co/bert-base-uncased/tree/main"


def test_charts_are_inline_svg_with_a_bar_per_rule(records: list[AuditRecord]) -> None:
    text = render_report("html", records, summarize(records))
    svgs = re.findall(r"<svg .*?</svg>", text, re.DOTALL)
    assert [re.search(r'aria-label="([^"]*)"', svg).group(1) for svg in svgs] == [
        "Findings by rule",
        "Findings by severity",
        "Models by family",
    ]  # type: ignore[union-attr]
    rules = svgs[0]
    assert re.findall(r'<text class="label"[^>]*>([^<]*)</text>', rules) == ["D001", "P001", "W004", "F002", "P004"]
    widths = [float(w) for w in re.findall(r'<rect class="[a-z]+" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', rules)]
    assert widths[0] == widths[1] == widths[2] > widths[3] == widths[4] > 0  # 2, 2, 2, 1, 1 findings
    assert 'class="error"' in svgs[2] and 'class="clean"' in svgs[2]


def test_markdown_groups_collapse_and_cap_long_lists() -> None:
    records = [record(f"org/m{index:03d}", "P001") for index in range(MARKDOWN_ROWS + 5)] + [record("org/[x]", "F002")]
    text = render_report("markdown", records, summarize(records))
    assert f"<details><summary>P001 p001 (warning): {MARKDOWN_ROWS + 5} models</summary>" in text
    assert "<details open><summary>F002 f002 (warning): 1 model</summary>" in text
    assert f"| [org/m000](https://huggingface.co/org/m000/tree/{'a' * 40}) | bert | 1 | clean | P001 message |" in text
    assert "_and 5 more models: the HTML, CSV or JSON report lists them_" in text
    assert "[org/\\[x\\]](https://huggingface.co/org/%5Bx%5D/tree/" in text
    assert "**26** audited · **0** clean · **26** failing · **0** unreadable" in text.replace(str(MARKDOWN_ROWS + 6), "26")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic_and_handles_no_models(fmt: str, records: list[AuditRecord]) -> None:
    assert render_report(fmt, records, summarize(records)) == render_report(fmt, list(records), summarize(records))
    assert render_report(fmt, [], summarize([]))


HOSTILE_ID = "org/\x1b[2Jwipe\x9b"
HOSTILE_ERROR = "no\x00such\r\nrepo \x07\udcff <i>|"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_escapes_control_characters(fmt: str, records: list[AuditRecord]) -> None:
    hostile = [
        *records,
        record(HOSTILE_ID, "P001"),
        record("org/gone-2", status="error", error_kind="not-found", error_message=HOSTILE_ERROR),
    ]
    text = render_report(fmt, hostile, summarize(hostile))
    text.encode("utf-8")  # a lone surrogate would fail the write
    raw = set(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0)])) - {"\n"}
    assert not raw.intersection(text)
    if fmt == "json":
        models = json.loads(text)["models"]
        assert {m["repo_id"] for m in models} >= {HOSTILE_ID} and HOSTILE_ERROR in {m["error_message"] for m in models}
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert "org/\\x1b[2Jwipe\\x9b" in {row["repo_id"] for row in rows}
        assert "no\\x00such\\x0d\\x0arepo \\x07\\udcff <i>|" in {row["error_message"] for row in rows}
    elif fmt == "table":
        assert "org/\\x1b[2Jwipe\\x9b" in text and "no\\x00such\\x0d\\x0arepo \\x07\\udcff <i>|" in text
    elif fmt == "markdown":
        assert "| org/\\x1b[2Jwipe\\x9b | 0 | 1 | 0 | P001 |" in text
    else:
        page = _Page()
        page.feed(text)
        assert "org/\\x1b[2Jwipe\\x9b" in page.cells and "i" not in page.tags


def test_markdown_cells_cannot_open_html_tags() -> None:
    records = [record("org/<b>x</b>", "P001")]
    text = render_report("markdown", records, summarize(records))
    assert "| org/&lt;b&gt;x&lt;/b&gt; | 0 | 1 | 0 | P001 |" in text and "<b>" not in text

"""Audit counts and every report format: the numbers are right and every format shows the same ones."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from audit.audit_support import record
from configlint.audit.record import AuditRecord
from configlint.audit.report import FORMATS, render_report
from configlint.audit.summary import describe_load, summarize
from configlint.diagnostics import Severity

MISMATCH = {"as": "BertModel", "missing": ["pooler.dense.weight", "pooler.dense.bias"], "unexpected": [], "mismatched": [], "error": None}


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
    assert describe_load({"missing": [], "unexpected": ["a"], "mismatched": [{"key": "k"}], "error": None}) == "1 unexpected, 1 mismatched"


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
        self._cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._cell = tag in ("td", "th")

    def handle_data(self, data: str) -> None:
        if self._cell:
            self.cells.append(data)


def test_html_is_self_contained_escaped_and_holds_the_counts(records: list[AuditRecord]) -> None:
    records = [*records, record("org/odd", load={**MISMATCH, "error": "OSError: <weights> & more"})]
    text = render_report("html", records, summarize(records))
    page = _Page()
    page.feed(text)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert not re.search(r"(src|href)=", text)
    assert "error: OSError: &lt;weights&gt; &amp; more" in text and "<weights>" not in text
    assert "<strong>9</strong> models" in text
    row = page.cells[page.cells.index("P001") : page.cells.index("P001") + 5]
    assert row == ["P001", "p001", "warning", "2", "2"]
    assert "not-found" in page.cells and page.cells[page.cells.index("not-found") + 1] == "2"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic_and_handles_no_models(fmt: str, records: list[AuditRecord]) -> None:
    assert render_report(fmt, records, summarize(records)) == render_report(fmt, list(records), summarize(records))
    assert render_report(fmt, [], summarize([]))


HOSTILE_ID = "org/\x1b[2Jwipe\x9b"
HOSTILE_ERROR = "no\x00such\r\nrepo \x07\udcff <i>|"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_escapes_control_characters(fmt: str, records: list[AuditRecord]) -> None:
    hostile = [*records, record(HOSTILE_ID, "P001"), record("org/gone-2", status="error", error_kind="not-found", error_message=HOSTILE_ERROR)]
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

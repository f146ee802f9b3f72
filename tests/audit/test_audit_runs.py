"""Runs recorded in the audit database (the report's header and its timeline), and the GitHub job summary."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from audit.audit_support import record
from configlint import __version__
from configlint.audit.report import render_report
from configlint.audit.report.step_summary import (
    LIMIT,
    TRUNCATED,
    append_step_summary,
    fit,
)
from configlint.audit.runs import (
    RunCounts,
    begin_run,
    describe_targets,
    finish_run,
    report_context,
    stored_runs,
    timeline,
)
from configlint.audit.store import AuditStore, merge_stores
from configlint.audit.summary import summarize
from configlint.cli import main
from configlint.diagnostics import Severity

NIGHT = 1_700_000_000.0  # 2023-11-14 22:13 UTC
DAY = 86_400.0


def _audit(path: Path, *records: object, source: str = "list models.txt", shard: str | None = None, at: float = NIGHT) -> None:
    with AuditStore(path) as store:
        run = begin_run(store, source, shard=shard, fail_on=Severity.WARNING, now=at)
        for item in records:
            store.put(item)  # type: ignore[arg-type]
        finish_run(store, run, now=at + 60)


def test_describe_targets() -> None:
    assert describe_targets([], [], {"author": "org", "search": None, "limit": 5}) == "Hub query author=org limit=5"
    assert describe_targets(["a/b"], ["x.txt", "-"], {}) == "list x.txt; list -; 1 repos (a/b)"
    assert describe_targets([f"o/m{i}" for i in range(7)], [], {}) == "7 repos (o/m0, o/m1, o/m2, o/m3, o/m4, ...)"


def test_a_run_records_what_when_and_the_counts_it_left(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    _audit(db, record("org/a", "P001"), record("org/b"), record("org/c", status="error", error_kind="not-found"),
           source="Hub query author=org")  # fmt: skip
    with AuditStore(db) as store:
        (run,) = stored_runs(store)
        context = report_context(store)
        records = list(store.records())
    assert (run.source, run.version, run.started_at, run.finished_at) == ("Hub query author=org", __version__, NIGHT, NIGHT + 60)
    assert run.counts == RunCounts(audited=3, clean=1, failing=1, unreadable=1)
    text = render_report("markdown", records, summarize(records), context)
    assert "- audited: Hub query author=org\n- when: 2023-11-14 22:13 UTC to 2023-11-14 22:14 UTC (1 run)\n" in text
    assert f"- configlint: {__version__}\n" in text
    assert "Models over time" not in text  # one run: no history to show


def test_an_interrupted_run_has_a_start_and_no_counts(tmp_path: Path) -> None:
    with AuditStore(tmp_path / "a.sqlite") as store:
        begin_run(store, "list x", shard=None, fail_on=Severity.WARNING, now=NIGHT)
        store.set_meta("run:garbage", "{not json")  # written by something else: skipped, never fatal
        (run,) = stored_runs(store)
        assert run.finished_at is None and run.counts is None
        assert timeline([run]) == [] and report_context(store).started_at == NIGHT


def test_timeline_adds_up_the_shards_of_one_run() -> None:
    from configlint.audit.runs import Run

    def run(at: float, shard: str | None, failing: int) -> Run:
        return Run(f"run:{at}", "q", "0", at, shard, "warning", at + 1, RunCounts(10, 10 - failing, failing, 0))

    runs = [
        run(0, "1/3", 1),
        run(1, "2/3", 2),
        run(2, "3/3", 3),
        run(DAY, "1/3", 0),
        run(DAY + 1, "3/3", 1),
        run(2 * DAY, None, 4),
    ]
    points = timeline(runs)
    assert [(p.counts.audited, p.counts.failing, p.shards, p.missing_shards) for p in points] == [
        (30, 6, 3, ()),
        (20, 1, 2, ("2/3",)),
        (10, 4, 1, ()),
    ]
    assert [p.finished_at for p in points] == [3, DAY + 2, 2 * DAY + 1]
    again = timeline([run(0, "1/2", 1), run(1, "1/2", 2)])  # the same shard twice: two nights
    assert len(again) == 2


def test_merged_shards_keep_their_runs_and_the_report_shows_history(tmp_path: Path) -> None:
    for night in range(3):
        _audit(
            tmp_path / f"s1-{night}.sqlite",
            record("org/a", *(["P001"] if night < 2 else [])),
            shard="1/2",
            at=NIGHT + night * DAY,
        )
        _audit(tmp_path / f"s2-{night}.sqlite", record("org/b", "F002"), record("org/c"), shard="2/2", at=NIGHT + night * DAY + 5)
    merged = tmp_path / "merged.sqlite"
    merge_stores(merged, sorted(tmp_path.glob("s*.sqlite")))
    with AuditStore(merged) as store:
        context = report_context(store)
        records = list(store.records())
    assert [(p.counts.audited, p.counts.failing) for p in context.timeline] == [(3, 2), (3, 2), (3, 1)]
    assert context.runs == 6 and context.sources == ("list models.txt",) and not context.missing_shards
    page = render_report("html", records, summarize(records), context)
    assert 'aria-label="Failing models over time"' in page
    assert len(re.findall(r'<rect class="error"', page.split('aria-label="Failing models over time"')[1])) >= 3
    text = render_report("markdown", records, summarize(records), context)
    assert "| 2023-11-16 22:14 UTC | 3 | 2 | 1 | 0 |" in text


def test_a_missing_shard_is_said_in_the_header(tmp_path: Path) -> None:
    _audit(tmp_path / "s1.sqlite", record("org/a"), shard="1/3")
    _audit(tmp_path / "s3.sqlite", record("org/b"), shard="3/3", at=NIGHT + 1)
    merge_stores(tmp_path / "m.sqlite", [tmp_path / "s1.sqlite", tmp_path / "s3.sqlite"])
    with AuditStore(tmp_path / "m.sqlite") as store:
        context = report_context(store)
    text = render_report("markdown", [], summarize([]), context)
    assert "- incomplete: the latest sharded run lacks shard 2/3" in text


# -- the job summary --------------------------------------------------------------------------


def test_fit_cuts_at_a_line_and_says_so() -> None:
    text = "".join(f"line {i}\n" for i in range(1000))
    assert fit(text, len(text.encode())) == text
    cut = fit(text, 500)
    assert len(cut.encode()) <= 500 and cut.endswith(TRUNCATED.lstrip("\n")) and text.startswith(cut.split("_configlint")[0])
    assert fit(text, 10) == ""


def test_append_keeps_what_the_step_wrote_and_respects_the_limit(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# tests\n")
    append_step_summary(summary, "# audit\n")
    assert summary.read_text() == "# tests\n# audit\n"
    summary.write_bytes(b"x" * (LIMIT - 1000))
    append_step_summary(summary, "row\n" * 1000)
    assert os.path.getsize(summary) <= LIMIT and summary.read_text().endswith(TRUNCATED.lstrip("\n"))


def test_a_fifo_as_step_summary_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(Exception, match="step summary"):
        append_step_summary(fifo, "# audit\n")


def test_report_appends_markdown_to_the_job_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "a.sqlite"
    _audit(db, record("org/a", "P001"), record("org/b"))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code = main(["audit", "report", "--db", str(db), "--output-format", "html", "-o", str(tmp_path / "r.html")])
    assert code == 1 and (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    written = summary.read_text()
    assert written.startswith("earlier step\n# configlint audit\n") and "**2** audited · **1** clean · **1** failing" in written
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    other = tmp_path / "other.md"
    assert main(["audit", "report", "--db", str(db), "--step-summary", str(other)]) == 1
    assert other.read_text() == written.removeprefix("earlier step\n")
    capsys.readouterr()
    assert main(["audit", "report", "--db", str(db), "--step-summary", str(tmp_path / "missing" / "s.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot append the step summary" in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_header_escapes_what_the_command_line_and_the_database_said(fmt: str) -> None:
    from configlint.audit.runs import ReportContext

    context = ReportContext(sources=("list \x1b[2Jevil\n.txt <b>",), versions=("0.1\x9b",), selection={"ignore": ["P\x07"]},
                            started_at=NIGHT, finished_at=NIGHT)  # fmt: skip
    text = render_report(fmt, [], summarize([]), context)
    assert not set(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0)])) - {"\n"} & set(text)
    newline = " " if fmt == "markdown" else "\\x0a"  # a Markdown cell is one line: whitespace folds
    assert f"list \\x1b[2Jevil{newline}.txt &lt;b&gt;" in text and "0.1\\x9b" in text and "ignore P\\x07" in text

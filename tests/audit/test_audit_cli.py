"""``configlint audit``, ``audit report`` and ``audit merge`` through the console entry point, on the fake Hub."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from _support import REPO
from audit.audit_support import add_repos, outcome, repo_of
from configlint.audit.store import AuditStore
from configlint.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def repos(audit_hub, variants) -> list[str]:
    """12 repos cycling through the generated variant folders."""
    return add_repos(audit_hub, variants, 12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give repos to audit"),
        (("--limit", "3", "org/a"), "--limit applies to a Hub query"),
        (("--shard", "3/2", "org/a"), "K must be between 1 and N"),
        (("not a repo",), "is not a Hub model repo"),
        (("--select", "XYZ", "org/a"), "unknown rule selector"),
        (("--model-type", "gpt2", "org/a"), "Invalid value for '--model-type'"),
        (("--concurrency", "0", "org/a"), "Invalid value for '--concurrency'"),
    ],
)
def test_usage_errors_exit_2(capsys, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    code, _, err = run(capsys, "audit", "--db", str(tmp_path / "a.sqlite"), *args)
    assert code == 2 and message in err, err
    assert "Traceback" not in err


def test_report_needs_an_existing_database(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "audit", "report", "--db", str(tmp_path / "none.sqlite"))
    assert code == 2 and "no such audit database" in err
    assert not (tmp_path / "none.sqlite").exists()


def test_audit_stores_reports_and_resumes(audit_hub, repos: list[str], capsys, tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    listing = tmp_path / "models.txt"
    listing.write_text("# half of them\n" + "\n".join(repos[:6]) + "\n")
    code, out, err = run(capsys, "audit", "--db", str(db), "--from", str(listing), *repos[6:], "org/missing")
    assert code == 2  # an incomplete audit is not a pass: org/missing could not be read
    assert "13 models: 13 audited (1 unreadable, 0 retries), 0 already in" in err
    assert "configlint: error: 1 of 13 models could not be read" in err
    assert out.splitlines()[0].startswith("MODEL") and "org/missing" in out and "error (not-found)" in out
    audit_hub.clear_log()
    code, out_again, err = run(capsys, "audit", "--db", str(db), "--from", str(listing), *repos[6:], "org/missing")
    assert code == 2 and out_again == out and "0 audited" in err and "13 already in" in err
    assert audit_hub.requests() == []  # nothing fetched twice
    code, report, _ = run(capsys, "audit", "report", "--db", str(db))
    assert (code, report) == (2, out)
    code, _, _ = run(capsys, "audit", "--db", str(tmp_path / "b.sqlite"), *repos[6:], "--fail-on", "error")
    assert code == 1  # every model read; W004 is an error
    assert run(capsys, "audit", "report", "--db", str(db), "--select", "P")[0] == 2  # report has no --select


def test_timeout_is_per_answer_and_retried_like_a_network_error(audit_hub, repos: list[str], capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite")
    audit_hub.slow_next(f"^/api/models/{repos[0]}$", 1.2, count=2)  # 0.9 s over the timeout; teardown waits out the rest
    code, out, err = run(capsys, "audit", "--db", db, repos[0], "--timeout", "0.3", "--max-attempts", "1", "--format", "json")
    assert "1 unreadable" in err and json.loads(out)["models"][0]["error_kind"] == "network"
    code, out, err = run(capsys, "audit", "--db", db, repos[0], "--timeout", "0.3", "--max-attempts", "2", "--retry-errors")
    assert "0 unreadable, 1 retries" in err  # the second slow answer timed out too, the retry got through


def test_refresh_refetches_and_cache_saves_unchanged_commits(audit_hub, repos: list[str], capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite")
    run(capsys, "audit", "--db", db, repos[0])
    audit_hub.clear_log()
    run(capsys, "audit", "--db", db, repos[0], "--refresh")
    assert len(audit_hub.requests()) == 4  # no cache by default: model_info, config.json, weights (302 + CDN)
    run(capsys, "audit", "--db", db, repos[0], "--refresh", "--cache")
    audit_hub.clear_log()
    code, _, err = run(capsys, "audit", "--db", db, repos[0], "--refresh", "--cache")
    assert code == 0 and "1 audited" in err
    assert [r.path for r in audit_hub.requests()] == [f"/api/models/{repos[0]}"]  # only the revision lookup


def test_output_file_formats_and_exit_codes(audit_hub, repos: list[str], capsys, tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    clean = repos[0]  # variant 0: an unchanged clean BertModel
    code, out, _ = run(capsys, "audit", "--db", str(db), clean, "--format", "json", "-o", str(tmp_path / "r.json"))
    assert code == 0 and out == ""
    document = json.loads((tmp_path / "r.json").read_text())
    assert document["summary"]["models"] == 1 and document["models"][0]["load_clean"] is True
    run(capsys, "audit", "--db", str(db), *repos[:4])
    for fmt in ("csv", "markdown", "html"):
        target = tmp_path / f"report.{fmt}"
        code, out, _ = run(capsys, "audit", "report", "--db", str(db), "--format", fmt, "--output", str(target))
        assert code == 1 and out == "" and target.read_text().strip()
    assert "- **4** models" in (tmp_path / "report.markdown").read_text()
    assert (
        run(capsys, "audit", "--db", str(db), *repos[:4], "--ignore", "P,F,D,W", "--format", "csv")[0] == 2
    )  # another selection


def test_shards_merge_into_what_one_run_gives(audit_hub, repos: list[str], capsys, tmp_path: Path) -> None:
    parts = []
    for index in (1, 2, 3):
        part = tmp_path / f"shard{index}.sqlite"
        code, _, err = run(capsys, "audit", "--db", str(part), "--shard", f"{index}/3", *repos)
        assert f"(shard {index}/3)" in err
        parts.append(part)
    code, _, err = run(capsys, "audit", "merge", str(tmp_path / "merged.sqlite"), *map(str, parts))
    assert code == 0 and "12 models" in err
    requests_for_shards = [repo_of(r.path) for r in audit_hub.requests() if repo_of(r.path)]
    assert sorted(set(requests_for_shards)) == sorted(repos)  # every repo fetched by exactly one shard...
    assert len(requests_for_shards) == len([r for r in audit_hub.requests() if repo_of(r.path)])
    whole = run(capsys, "audit", "--db", str(tmp_path / "whole.sqlite"), *repos, "--format", "markdown")
    assert whole[0] == run(capsys, "audit", "report", "--db", str(tmp_path / "merged.sqlite"))[0] == 1
    # What each model's result says; not what fetching it cost: one run of 12 repos of one author
    # resolves them with one listing, the shards of 4 each look every repo up on its own.
    with AuditStore(tmp_path / "merged.sqlite") as merged, AuditStore(tmp_path / "whole.sqlite") as single:
        assert {r.key: outcome(r) for r in merged.records()} == {r.key: outcome(r) for r in single.records()}


def test_interrupt_exits_130_and_says_how_to_resume(
    audit_hub, repos: list[str], capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("configlint.audit.runner.run_audit", interrupted)
    code, _, err = run(capsys, "audit", "--db", str(tmp_path / "a.sqlite"), *repos)
    assert code == 130 and "audit interrupted; 0 results are stored" in err and "run the same command to resume" in err


def test_check_does_not_pay_for_the_audit() -> None:
    """The pre-commit hot path imports neither the audit, sqlite3, nor a thread pool."""
    code = (
        "import sys; from configlint.cli import main; main(['check', 'examples/']);"
        "print(sorted(m for m in sys.modules if m.startswith(('configlint.audit', 'sqlite3', '_sqlite3', 'concurrent', 'queue'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"

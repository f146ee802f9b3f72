"""The issue's done-when, against the fake Hub with the real huggingface_hub client.

* 120 repos audited through 429s (with RateLimit reset headers), 500s and dropped connections:
  every model ends with the answer a clean run gets, and the resets were honoured (on a fake clock).
* An audit killed half-way (SIGKILL of the ``configlint audit`` process once the database holds
  half the rows) and run again fetches none of the stored models (the fake Hub's request log says
  so) and reports what a clean run reports.

Why 120 and not the issue's 500: every assertion is per model (each outcome equals the clean run's,
each stored model is never fetched again, each unstored one is) or counts a fixed number of injected
faults, so a defect shows at any size that keeps eight workers busy through the faults and leaves
the kill a window half-way. 120 models still need two listing pages (100 per page) and outlast
every fault (36 failed answers, 12 dropped connections) many times over; at ~14 ms of CPU per
model, 500 cost three times 7 s of the suite's CPU for no assertion that needs them. (On more than
two CPUs, 500 pending models made the killed audit start two worker processes; killing an audit
with workers is not what this test is about: tests/audit/test_audit_workers.py kills a child.)
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from audit.audit_support import FakeClock, add_repos, no_delay, outcome, repo_of, variant_folders
from configlint.audit.batching import HubInspector
from configlint.audit.record import AuditRecord
from configlint.audit.retry import RetryPolicy
from configlint.audit.runner import hub_inspector, run_audit
from configlint.audit.store import AuditStore
from configlint.audit.summary import summarize
from configlint.audit.targets import from_arguments
from hub.fake_hub import FakeHub, rate_limit_headers

MODELS = 115
MISSING = [f"gone/model-{index}" for index in range(3)]
GATED = ["locked/model-0", "locked/model-1"]
TOTAL = MODELS + len(GATED) + len(MISSING)


def serve(hub: FakeHub, variants: list[Path]) -> list[str]:
    """115 generated repos, 2 gated ones and 3 that do not exist: 120 to audit."""
    ids = add_repos(hub, variants, MODELS)
    for repo_id in GATED:
        hub.add_repo(repo_id, variants[0], gated=True)
    return ids + GATED + MISSING


def counts(records: list[AuditRecord]) -> dict[str, Any]:
    summary = summarize(records).to_dict()
    del summary["bytes"], summary["requests"]
    return summary


@pytest.fixture(scope="module")
def clean_run(fake_hub_server: FakeHub, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], AuditRecord]:
    """One fault-free audit of the 120 repos, the reference both tests compare with."""
    no_delay(fake_hub_server)
    root = tmp_path_factory.mktemp("audit-clean")
    fake_hub_server.reset()
    ids = serve(fake_hub_server, variant_folders(root / "variants"))
    with AuditStore(root / "clean.sqlite") as store:
        run_audit(from_arguments(ids), store, hub_inspector(), concurrency=8)
        records = {r.key: r for r in store.records()}
    fake_hub_server.reset()
    assert len(records) == TOTAL
    return records


def test_120_repos_through_rate_limits_server_errors_and_dropped_connections(
    audit_hub: FakeHub, variants: list[Path], clean_run: dict[tuple[str, str], AuditRecord], tmp_path: Path, clock: FakeClock
) -> None:
    ids = serve(audit_hub, variants)
    audit_hub.fail_next(r"^/api/models", 429, count=12, headers=rate_limit_headers(reset=7))  # listing pages, then model infos
    audit_hub.fail_next(r"/resolve/", 500, count=12)
    audit_hub.fail_next(r"^/lfs/", 503, count=6)
    audit_hub.drop_next(r"/config\.json$", count=8)
    audit_hub.drop_next(r"^/api/models/", count=4)
    policy = RetryPolicy(max_attempts=45)  # more than the faults injected: every model must get through
    with AuditStore(tmp_path / "faults.sqlite") as store:
        inspector = HubInspector(clock=clock)  # the listing's retries wait on the fake clock too
        stats = run_audit(from_arguments(ids), store, inspector, concurrency=8, policy=policy, clock=clock)
        records = {r.key: r for r in store.records()}
    statuses = [r.status for r in audit_hub.requests()]
    assert statuses.count(429) == 12 and statuses.count(500) == 12 and statuses.count(503) == 6
    assert statuses.count(0) >= 12  # the dropped connections (never answered)
    # The 500s, 503s and dropped config.json reads hit model fetches; a 429 may hit a listing page, retried on its own.
    assert stats.done == TOTAL and stats.retries >= 12 + 6 + 8
    assert {key: outcome(r) for key, r in records.items()} == {key: outcome(r) for key, r in clean_run.items()}
    assert counts(list(records.values())) == counts(list(clean_run.values()))
    waits = sorted(clock.sleeps)
    assert any(7.0 <= wait <= 7.7 for wait in waits)  # the RateLimit reset, plus at most 10% jitter
    assert sum(1 for r in records.values() if r.status == "error") == len(MISSING) + len(GATED)


def _rows(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM results").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_killed_audit_resumes_without_refetching(
    audit_hub: FakeHub, variants: list[Path], clean_run: dict[tuple[str, str], AuditRecord], tmp_path: Path
) -> None:
    ids = serve(audit_hub, variants)
    listing = tmp_path / "models.txt"
    listing.write_text("\n".join(ids) + "\n")
    db = tmp_path / "audit.sqlite"
    command = [
        sys.executable,
        "-m",
        "configlint",
        "audit",
        "--from",
        str(listing),
        "--db",
        str(db),
        "--format",
        "json",
        "--no-progress",
    ]
    audit_hub.latency = 0.01  # wall time only (no CPU): leaves the kill a wide window half-way
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _rows(db) < TOTAL // 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
    stored = _rows(db)
    assert TOTAL // 2 <= stored <= TOTAL - 20, stored  # killed half-way: a fifth or more is left to fetch
    with AuditStore(db) as store:
        before = {key[0] for key in store.stored_keys()}
    audit_hub.latency = 0.0
    audit_hub.clear_log()
    resumed = subprocess.run(
        command + ["--output", str(tmp_path / "report.json")], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert resumed.returncode == 2, resumed.stderr  # the gone and locked repos could not be read
    assert "models could not be read" in resumed.stderr
    assert f"{stored} already in" in resumed.stderr
    fetched = {repo_of(r.path) for r in audit_hub.requests()} - {None}
    assert fetched and not fetched & before  # nothing stored was fetched again
    assert fetched | before == set(ids)  # and everything else was
    with AuditStore(db) as store:
        records = {r.key: r for r in store.records()}
    assert {key: outcome(r) for key, r in records.items()} == {key: outcome(r) for key, r in clean_run.items()}
    report = json.loads((tmp_path / "report.json").read_text())["summary"]
    del report["bytes"], report["requests"]
    assert report == json.loads(json.dumps(counts(list(clean_run.values()))))

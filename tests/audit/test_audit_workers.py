"""``--workers``: an audit in child processes stores exactly what a single-process audit stores.

On the fake Hub with the real client: generated repos covering many rules and load reports, plus a
gated and a missing repo (errors carried back from a child), audited once in this process and once
in two children; every record is equal but for its timestamps, in the same order, and the Hub saw
the same requests (the listing pages once, in the parent). A child that dies fails only the models it held.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from audit.audit_support import add_repos
from configlint.audit.record import AuditRecord, InspectionSummary, WorkerFailure
from configlint.audit.runner import hub_inspector, run_audit
from configlint.audit.store import AuditStore
from configlint.audit.targets import from_arguments
from configlint.audit.workers import automatic_workers
from hub.fake_hub import FakeHub


def stored(record: AuditRecord) -> dict[str, Any]:
    row = record.to_dict()
    del row["started_at"], row["finished_at"]
    return row


def audit(hub: FakeHub, ids: list[str], db: Path, workers: int) -> tuple[list[dict[str, Any]], list[str]]:
    hub.clear_log()
    with AuditStore(db) as store:
        stats = run_audit(from_arguments(ids), store, hub_inspector(), concurrency=6, workers=workers)
        rows = [stored(r) for r in store.records()]
    assert stats.done == len(ids)
    return rows, sorted(f"{r.server} {r.path}" for r in hub.requests())


def test_two_worker_processes_store_what_one_process_stores(audit_hub: FakeHub, variants: list[Path], tmp_path: Path) -> None:
    ids = add_repos(audit_hub, variants, 3 * len(variants))
    audit_hub.add_repo("org/locked", variants[0], gated=True)
    ids += ["org/locked", "org/gone"]

    single, single_requests = audit(audit_hub, ids, tmp_path / "one.sqlite", workers=1)
    pooled, pooled_requests = audit(audit_hub, ids, tmp_path / "two.sqlite", workers=2)

    assert pooled == single
    assert pooled_requests == single_requests
    kinds = {row["repo_id"]: row["error_kind"] for row in pooled}
    assert (kinds["org/locked"], kinds["org/gone"]) == ("gated", "not-found")
    assert sum(row["status"] == "ok" and bool(row["diagnostics"]) for row in pooled) > len(variants)  # rules ran in the children
    assert any(row["load_report"] for row in pooled)


def test_a_child_that_dies_fails_only_its_own_models(audit_hub: FakeHub, variants: list[Path], tmp_path: Path) -> None:
    """Worker 0 is killed once the first result is in: what it had not sent back is recorded as an
    internal error (and the audit ends), the other child's share is read as usual."""
    ids = add_repos(audit_hub, variants, 24)
    audit_hub.latency = 0.02
    killed: list[int] = []

    def kill_first_child(record: AuditRecord, stats: object) -> None:
        for child in multiprocessing.active_children():
            if child.name == "configlint-audit-worker-0" and not killed and child.pid is not None:
                os.kill(child.pid, signal.SIGKILL)
                killed.append(child.pid)

    with AuditStore(tmp_path / "audit.sqlite") as store:
        run_audit(from_arguments(ids), store, hub_inspector(), concurrency=2, workers=2, on_record=kill_first_child)
        records = {r.repo_id: r for r in store.records()}
    assert killed and len(records) == len(ids)
    assert {records[i].status for i in ids[1::2]} == {"ok"}
    lost = [records[i] for i in ids[0::2] if records[i].status != "ok"]
    assert lost and {(r.error_kind, r.error_message) for r in lost} == {
        ("internal", "the audit's worker process ended before answering")
    }


@pytest.mark.parametrize(
    ("pending", "concurrency", "cpus", "expected"),
    [
        (10, 16, 8, 1),
        (499, 16, 8, 1),
        (500, 16, 8, 2),
        (10_000, 16, 8, 4),
        (10_000, 16, 4, 3),
        (10_000, 16, 2, 1),
        (10_000, 1, 8, 1),
        (10_000, 16, 1, 1),
    ],
)
def test_the_automatic_choice_keeps_small_audits_in_one_process(pending: int, concurrency: int, cpus: int, expected: int) -> None:
    assert automatic_workers(pending, concurrency, cpus) == expected


def test_a_failure_keeps_its_kind_and_message_through_pickling() -> None:
    import pickle

    failure = pickle.loads(pickle.dumps(WorkerFailure("internal", "TypeError: boom")))
    assert (failure.kind, failure.message) == ("internal", "TypeError: boom")
    summary = InspectionSummary("c" * 40, "bert", ({"code": "P001"},), None, 10, 3)
    assert pickle.loads(pickle.dumps(summary)) == summary


def test_the_cli_option_reports_what_one_process_reports(
    audit_hub: FakeHub, variants: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from configlint.cli import main

    ids = add_repos(audit_hub, variants, 10)
    outputs = []
    for workers in ("1", "2"):
        code = main(["audit", "--db", str(tmp_path / f"w{workers}.sqlite"), "--workers", workers, "--format", "json", *ids])
        models = json.loads(capsys.readouterr().out)["models"]
        outputs.append((code, [{k: v for k, v in row.items() if k not in ("started_at", "finished_at")} for row in models]))
    assert outputs[0] == outputs[1] and len(outputs[0][1]) == 10
    assert main(["audit", "--db", str(tmp_path / "x.sqlite"), "--workers", "0", ids[0]]) == 2
    assert "Invalid value for '--workers'" in capsys.readouterr().err

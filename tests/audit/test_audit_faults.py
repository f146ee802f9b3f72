"""Hub faults at the scale of an audit (issue 8): each one costs its model an error record, nothing more.

Against the fake Hub with the real client: a timeout, answers cut off mid-body (model info,
config.json, a weights header), redirects to another host (the token must not follow) and a
server that ignores ``Range`` on a 500 MB file. With one attempt per model, exactly the faulted
models are stored as errors and every other model is stored once, as a clean run stores it; a
second run with ``retry_errors`` then fills the gaps, and the database matches the clean run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from _sized_checkpoint import write_sized_model
from audit.audit_support import add_repos
from configlint.audit.record import AuditRecord
from configlint.audit.retry import RetryPolicy
from configlint.audit.runner import hub_inspector, run_audit
from configlint.audit.store import AuditStore
from configlint.audit.targets import from_arguments
from configlint.hub.transfer import DEFAULT_MAX_BYTES
from hub.fake_hub import FakeHub

TOKEN = "hf_audit_secret"
ONE_ATTEMPT = RetryPolicy(max_attempts=1)


def outcome(record: AuditRecord) -> tuple[Any, ...]:
    return (record.status, record.error_kind, record.commit, record.family, record.diagnostics, record.load_report)


def audit(
    ids: list[str], db: Path, *, policy: RetryPolicy | None = None, retry_errors: bool = False
) -> dict[tuple[str, str], AuditRecord]:
    with AuditStore(db) as store:
        inspect = hub_inspector(token=TOKEN, timeout=1.0)
        run_audit(from_arguments(ids), store, inspect, concurrency=6, policy=policy, retry_errors=retry_errors)
        records = list(store.records())
    keys = [record.key for record in records]
    assert len(keys) == len(set(keys)) == len(ids)  # one row per model: nothing lost, nothing twice
    return {record.key: record for record in records}


@pytest.fixture
def repos(audit_hub: FakeHub, variants: list[Path], tmp_path: Path) -> list[str]:
    write_sized_model(tmp_path / "big")
    audit_hub.add_repo("org/big", tmp_path / "big")
    return [*add_repos(audit_hub, variants, 28), "org/big"]


def test_each_fault_costs_one_model_one_error_and_a_rerun_recovers(audit_hub: FakeHub, repos: list[str], tmp_path: Path) -> None:
    clean = audit(repos, tmp_path / "clean.sqlite")
    assert all(record.status == "ok" for record in clean.values())
    audit_hub.clear_log()

    big_weights = next(r.path for r in _fetch_log(audit_hub, "org/big", tmp_path) if r.server == "cdn")
    audit_hub.clear_log()
    audit_hub.slow_next("^/org/model-0001/resolve/[0-9a-f]+/config.json$", 3.0)  # over the 1 s timeout
    audit_hub.fail_next("^/api/models$", 403)  # the listing is refused: every model is looked up alone, none fails
    audit_hub.truncate_next("^/org/model-0003/resolve/[0-9a-f]+/config.json$", keep=10)
    audit_hub.truncate_next(f"^{big_weights}$", keep=4_000)  # mid safetensors header
    audit_hub.redirect_next("^/org/model-0004/resolve/[0-9a-f]+/config.json$", audit_hub.foreign_url("/collect/config.json"))
    audit_hub.redirect_next("^/org/model-0005/resolve/[0-9a-f]+/model.safetensors$", audit_hub.foreign_url("/collect/weights"))
    faulted = {"org/model-0001", "org/model-0003", "org/model-0004", "org/model-0005", "org/big"}

    first = audit(repos, tmp_path / "faults.sqlite", policy=ONE_ATTEMPT)
    errors = {key[0]: record for key, record in first.items() if record.status != "ok"}
    assert set(errors) == faulted
    assert {name: errors[name].error_kind for name in ("org/model-0001", "org/model-0003", "org/big")} == {
        "org/model-0001": "network", "org/model-0003": "network", "org/big": "network",
    }  # fmt: skip
    assert all("broke off" in errors[name].error_message for name in ("org/model-0003", "org/big"))
    assert sum(r.path.startswith("/api/models/") for r in audit_hub.requests()) == len(repos)  # the fallback's cost
    assert all("HTTP 403" in errors[name].error_message for name in ("org/model-0004", "org/model-0005"))
    assert all(outcome(first[key]) == outcome(clean[key]) for key in first if key[0] not in faulted)
    foreign = [r for r in audit_hub.requests("cdn") if r.path.startswith("/collect/")]
    assert len(foreign) == 2 and all("authorization" not in r.headers for r in foreign)
    assert all("authorization" not in r.headers for r in audit_hub.requests("cdn"))
    assert all(r.headers.get("authorization") == f"Bearer {TOKEN}" for r in audit_hub.requests("hub"))

    audit_hub.clear_log()
    second = audit(repos, tmp_path / "faults.sqlite", retry_errors=True)
    fetched = {
        path.split("/resolve/")[0].lstrip("/") for path in (r.path for r in audit_hub.requests("hub")) if "/resolve/" in path
    }
    assert fetched == faulted  # only the models stored as errors were fetched again
    assert {key: outcome(record) for key, record in second.items()} == {key: outcome(record) for key, record in clean.items()}


def test_a_server_ignoring_range_costs_no_more_than_the_byte_cap(audit_hub: FakeHub, repos: list[str], tmp_path: Path) -> None:
    clean = audit(repos, tmp_path / "clean.sqlite")
    audit_hub.ignore_range = True
    audit_hub.clear_log()
    ignored = audit(repos, tmp_path / "ignored.sqlite")
    assert {key: outcome(record) for key, record in ignored.items()} == {key: outcome(record) for key, record in clean.items()}
    assert all(record.bytes <= DEFAULT_MAX_BYTES for record in ignored.values())
    big = ignored[("org/big", "")]
    assert big.bytes < 1_000_000  # of a 499 MB answer: the reader stopped after the header
    assert audit_hub.bytes_sent() < 64 * 1024 * 1024  # and the server could not push much more before the hang-up


def _fetch_log(hub: FakeHub, repo_id: str, tmp_path: Path) -> list[Any]:
    """The requests one clean fetch of ``repo_id`` makes (to learn its CDN path)."""
    hub.clear_log()
    audit([repo_id], tmp_path / f"{repo_id.replace('/', '-')}.sqlite")
    return hub.requests()

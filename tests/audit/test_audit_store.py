"""The results database: what a resumed audit skips, idempotent upserts, shard merges, concurrent writers."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from audit.audit_support import record
from configlint.audit.store import AuditStore, merge_stores
from configlint.errors import InputError, UsageError


def test_results_survive_reopening_and_say_what_to_skip(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    with AuditStore(db) as store:
        store.put(record("org/a", "P001", ("W004", "error")))
        store.put(record("org/a", revision="v1"))
        store.put(record("org/b", status="error", error_kind="rate-limited", error_message="429"))
    with AuditStore(db) as store:
        assert store.stored_keys() == {("org/a", ""), ("org/a", "v1"), ("org/b", "")}
        assert store.stored_keys(errors=False) == {("org/a", ""), ("org/a", "v1")}
        first = next(store.records([("org/a", "")]))
    assert first == record("org/a", "P001", ("W004", "error"))
    assert first.load_clean is True and first.label == "org/a"


def test_upsert_is_idempotent_and_replaces(tmp_path: Path) -> None:
    with AuditStore(tmp_path / "a.sqlite") as store:
        for _ in range(3):
            store.put(record("org/a", "P001"))
        assert store.count() == 1
        store.put(record("org/a", "L001", "L002", finished_at=5.0))
        assert store.count() == 1
        (only,) = store.records()
    assert [d["code"] for d in only.diagnostics] == ["L001", "L002"] and only.finished_at == 5.0


def test_columns_allow_plain_sql_queries(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    with AuditStore(db) as store:
        store.put(
            record("org/a", ("W004", "error"), "P001", load={"missing": ["x"], "unexpected": [], "mismatched": [], "error": None})
        )
    row = sqlite3.connect(db).execute("SELECT errors, warnings, infos, load_clean, status FROM results").fetchone()
    assert row == (1, 1, 0, 0, "ok")


def test_merge_prefers_answers_then_newest(tmp_path: Path) -> None:
    one, two, out = tmp_path / "1.sqlite", tmp_path / "2.sqlite", tmp_path / "out.sqlite"
    with AuditStore(one) as store:
        store.put(record("org/a", "P001", finished_at=10.0))
        store.put(record("org/b", finished_at=10.0))
        store.put(record("org/c", status="error", error_kind="network", finished_at=10.0))
    with AuditStore(two) as store:
        store.put(record("org/a", status="error", error_kind="server-error", finished_at=20.0))  # newer, but a failure
        store.put(record("org/b", "L001", finished_at=20.0))  # newer answer wins
        store.put(record("org/c", "P002", finished_at=5.0))  # older, but an answer
        store.put(record("org/d", finished_at=1.0))
    assert merge_stores(out, [one, two]) == 4
    assert merge_stores(out, [one, two]) == 4  # merging again changes nothing
    with AuditStore(out) as store:
        merged = {r.repo_id: r for r in store.records()}
    assert merged["org/a"].status == "ok" and merged["org/a"].diagnostics[0]["code"] == "P001"
    assert merged["org/b"].diagnostics[0]["code"] == "L001"
    assert merged["org/c"].status == "ok"
    assert set(merged) == {"org/a", "org/b", "org/c", "org/d"}


def test_merge_refuses_its_output_as_input_and_non_audit_files(tmp_path: Path) -> None:
    out = tmp_path / "out.sqlite"
    AuditStore(out).close()
    with pytest.raises(UsageError):
        merge_stores(out, [out])
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(InputError, match="not a configlint audit database"):
        merge_stores(out, [other])
    (tmp_path / "text.sqlite").write_text("not a database at all " * 100)
    with pytest.raises(InputError):
        AuditStore(tmp_path / "text.sqlite")
    with pytest.raises(InputError, match="no such audit database"):
        AuditStore(tmp_path / "missing.sqlite", create=False)


def test_one_file_holds_one_rule_selection(tmp_path: Path) -> None:
    with AuditStore(tmp_path / "a.sqlite") as store:
        store.claim_selection("default")
        store.claim_selection("default")
        store.put(record("org/a"))
        with pytest.raises(UsageError, match="another rule selection"):
            store.claim_selection("P only")
    with AuditStore(tmp_path / "b.sqlite") as store:
        store.claim_selection("P only")
        store.put(record("org/b"))
    with pytest.raises(UsageError, match="another rule selection"):
        merge_stores(tmp_path / "a.sqlite", [tmp_path / "b.sqlite"])


def test_a_claimed_selection_holds_before_any_result_is_stored(tmp_path: Path) -> None:
    """Two audits started at once on a new file: the second must be refused although nothing is stored yet."""
    db = tmp_path / "a.sqlite"
    with AuditStore(db) as first, AuditStore(db) as second:
        first.claim_selection("default")
        with pytest.raises(UsageError, match=r"no results stored yet.*another rule selection \(default\)"):
            second.claim_selection("P only")
        second.claim_selection("default")  # the same selection joins the running audit
    with AuditStore(db) as store:
        assert store.get_meta("selection") == "default"


_CLAIMER = """
import sys
from configlint.audit.store import AuditStore
from configlint.errors import UsageError
with AuditStore(sys.argv[1]) as store:
    try:
        store.claim_selection(sys.argv[2])
    except UsageError:
        sys.exit(3)
"""


def test_of_audits_claiming_a_new_file_at_once_only_one_selection_wins(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    processes = [subprocess.Popen([sys.executable, "-c", _CLAIMER, str(db), f"selection {n}"]) for n in range(4)]
    codes = [process.wait(timeout=60) for process in processes]
    assert sorted(codes) == [0, 3, 3, 3], codes
    with AuditStore(db) as store:
        assert store.get_meta("selection") == f"selection {codes.index(0)}"


def _hold_write_lock(db: Path) -> sqlite3.Connection:
    """Another process's connection in the middle of a write (a rollback-journal file, as a new one is)."""
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE IF NOT EXISTS unrelated (x)")
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_opening_waits_for_another_writers_lock(tmp_path: Path) -> None:
    """SQLite answers 'locked' at once (no busy handler) to an opener that must switch the file to WAL."""
    db = tmp_path / "a.sqlite"
    holder = _hold_write_lock(db)
    release = threading.Timer(0.3, holder.execute, ("COMMIT",))
    release.start()
    try:
        with AuditStore(db) as store:
            store.put(record("org/a"))
            assert store.count() == 1
    finally:
        release.join()
        holder.close()


def test_a_lock_held_too_long_is_reported_as_a_lock_not_as_a_foreign_file(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    holder = _hold_write_lock(db)
    try:
        with pytest.raises(InputError, match="locked by another process") as caught:
            AuditStore(db, timeout=0.2)
        assert "not a configlint audit database" not in str(caught.value)
    finally:
        holder.close()


def test_concurrent_writers_in_threads_lose_nothing(tmp_path: Path) -> None:
    with AuditStore(tmp_path / "a.sqlite") as store:

        def write(worker: int) -> None:
            for index in range(50):
                store.put(record(f"org/w{worker}-{index}", "P001"))

        threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert store.count() == 400


_WRITER = """
import sys
sys.path.insert(0, sys.argv[3])
from audit.audit_support import record
from configlint.audit.store import AuditStore
with AuditStore(sys.argv[1]) as store:
    for index in range(100):
        store.put(record(f"org/{sys.argv[2]}-{index}", "P001"))
"""


def test_concurrent_writer_processes_share_one_file(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    tests = str(Path(__file__).parents[1])
    processes = [subprocess.Popen([sys.executable, "-c", _WRITER, str(db), name, tests]) for name in ("p", "q")]
    assert [process.wait(timeout=60) for process in processes] == [0, 0]
    with AuditStore(db) as store:
        assert store.count() == 200

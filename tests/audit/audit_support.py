"""Helpers for the audit tests: a fake clock, records, generated fake-Hub repos and a fake-Hub hook.

The hook wraps the shared fake Hub (tests/hub/fake_hub.py) without editing it:

* :func:`no_delay` sets ``TCP_NODELAY`` on the connections it accepts. The fake Hub writes the
  headers and the body of an answer in two sends; with Nagle's algorithm on, the second waits for
  the client's delayed ACK (~40 ms on Linux), which would make 500 repos take minutes.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from configlint.audit.record import AuditRecord
from hub.fake_hub import FakeHub

FIXTURES = Path(__file__).parents[1] / "fixtures" / "load_report"


class FakeClock:
    """Time that only moves when someone sleeps; every sleep is recorded, none takes real time."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += max(seconds, 0.0)


def outcome(record: AuditRecord) -> tuple[Any, ...]:
    """What a model's result says, without what fetching it cost (requests, bytes, attempts, times)."""
    return (record.status, record.error_kind, record.commit, record.family, record.diagnostics, record.load_report)


def diagnostic(code: str, severity: str = "warning", name: str = "") -> dict[str, Any]:
    return {"code": code, "name": name or code.lower(), "severity": severity, "message": f"{code} message",
            "file": "x/config.json", "pointer": "", "line": 1, "column": 1, "fix": None}  # fmt: skip


def record(repo_id: str, *codes: tuple[str, str] | str, revision: str = "", family: str | None = "bert",
           load: dict[str, Any] | None = None, finished_at: float = 1.0, **fields: Any) -> AuditRecord:  # fmt: skip
    """An ``ok`` record with findings ``codes`` (``"P001"`` or ``("P001", "error")``) unless ``status`` is given."""
    diagnostics = tuple(diagnostic(*((c,) if isinstance(c, str) else c)) for c in codes)
    if load is None:
        load = {"as": "BertModel", "missing": [], "unexpected": [], "mismatched": [], "error": None}
    fields.setdefault("status", "ok")
    if fields["status"] != "ok":
        load, family = None, None
    return AuditRecord(repo_id, revision, family=family, diagnostics=diagnostics, load_report=load,
                       commit=None if fields["status"] != "ok" else "a" * 40, started_at=finished_at - 1,
                       finished_at=finished_at, **fields)  # fmt: skip


# -- generated repos ---------------------------------------------------------------------------

_VARIANTS: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("BertModel-clean", lambda c: None),
    ("BertModel-clean", lambda c: c.update(pooler_type="mean", pooler_fc_size=768)),
    ("BertModel-clean", lambda c: c.pop("model_type")),
    ("BertModel-clean", lambda c: c.update(torch_dtype=c.pop("dtype"))),
    ("BertModel-clean", lambda c: c.update(use_pooler=True, directionality="bidi")),
    ("bert-pooler-dropped", lambda c: None),
    ("bert-sharded", lambda c: None),
    ("bert-bin-zip", lambda c: None),
    ("bert-no-weights", lambda c: None),
    ("RobertaModel-clean", lambda c: None),
    ("roberta-num-labels", lambda c: None),
    ("DistilBertModel-clean", lambda c: c.update(hidden_act="tanh")),
    ("AlbertModel-clean", lambda c: None),
    ("albert-vocab-changed", lambda c: None),
]


def variant_folders(root: Path) -> list[Path]:
    """Small model folders (fixtures with configs varied in code) covering many rules and load reports."""
    folders = []
    for index, (case, change) in enumerate(_VARIANTS):
        folder = root / f"variant-{index:02d}"
        if not folder.exists():
            shutil.copytree(FIXTURES / case, folder)
            config = json.loads((folder / "config.json").read_text())
            change(config)
            (folder / "config.json").write_text(json.dumps(config, indent=2))
        folders.append(folder)
    return folders


def add_repos(hub: FakeHub, folders: list[Path], count: int, *, prefix: str = "org") -> list[str]:
    """Serve ``count`` repos ``{prefix}/model-NNNN``, cycling through ``folders``; returns their ids."""
    ids = []
    for index in range(count):
        repo_id = f"{prefix}/model-{index:04d}"
        hub.add_repo(repo_id, folders[index % len(folders)])
        ids.append(repo_id)
    return ids


def repo_of(path: str) -> str | None:
    """The repo a logged fake-Hub request was about (``/api/models/ID`` or ``/ID/resolve/...``)."""
    if path.startswith("/api/models/"):
        return path[len("/api/models/") :].split("/revision/")[0]
    if "/resolve/" in path:
        return path.lstrip("/").split("/resolve/")[0]
    return None


# -- hooks on the shared fake Hub ----------------------------------------------------------------


def no_delay(hub: FakeHub) -> None:
    """Accept connections with TCP_NODELAY (idempotent)."""
    for server in (hub.hub, hub.cdn):
        if getattr(server, "_audit_no_delay", False):
            continue
        accept = server.get_request

        def get_request(accept: Callable[[], tuple[socket.socket, Any]] = accept) -> tuple[socket.socket, Any]:
            connection, address = accept()
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return connection, address

        server.get_request = get_request  # type: ignore[method-assign]
        server._audit_no_delay = True  # type: ignore[attr-defined]

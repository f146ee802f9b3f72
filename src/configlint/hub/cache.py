"""configlint's own cache of what it read from the Hub, keyed by commit (which never changes).

``<root>/hub/models--<org>--<name>/<commit>/`` holds the repo's config.json and small JSON files
as they are in the repo (a hit hands them to the rules as :class:`~configlint.hub.weights.HubRepoFiles`) and
``configlint-hub.json``: the tensor inventory read from the weights' headers, or the checkpoint
error. ``refs/<revision>`` remembers which commit a branch or tag last resolved to, for
``HF_HUB_OFFLINE``. The root is ``$CONFIGLINT_CACHE``, else ``$XDG_CACHE_HOME/configlint``, else
``~/.cache/configlint``.

Entries are written to a temporary folder and renamed into place, so a concurrent run sees a
complete entry or none; a damaged or old-format entry is ignored and fetched again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from configlint.checkpoint.inventory import TensorInfo, TensorInventory
from configlint.context import CheckpointRead
from configlint.errors import CheckpointError, UnsafePickleError

FORMAT_VERSION = 1
MANIFEST = "configlint-hub.json"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
"""A manifest lists every tensor (~100 bytes each); larger ones are not configlint's and are fetched again."""
_ERRORS: dict[str, type[CheckpointError]] = {"CheckpointError": CheckpointError, "UnsafePickleError": UnsafePickleError}


def cache_root() -> Path:
    """Where configlint caches things: ``$CONFIGLINT_CACHE`` > ``$XDG_CACHE_HOME/configlint`` > ``~/.cache/configlint``."""
    explicit = os.environ.get("CONFIGLINT_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "configlint"


def inside(folder: Path, relative: str) -> Path | None:
    """``folder/relative`` when it stays inside ``folder`` (names come from a server's listing)."""
    target = (folder / relative).resolve()
    return target if folder.resolve() in target.parents else None


class HubCache:
    """Read and write cached entries under ``root`` (normally :func:`cache_root` ``/ "hub"``)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else cache_root() / "hub"

    def repo_dir(self, repo_id: str) -> Path:
        return self.root / ("models--" + repo_id.replace("/", "--"))

    def ref(self, repo_id: str, revision: str) -> str | None:
        try:
            return (self.repo_dir(repo_id) / "refs" / quote(revision, safe="")).read_text(encoding="ascii").strip() or None
        except (OSError, UnicodeDecodeError):
            return None

    def set_ref(self, repo_id: str, revision: str, commit: str) -> None:
        if revision == commit:
            return
        path = self.repo_dir(repo_id) / "refs" / quote(revision, safe="")
        from configlint.errors import InputError
        from configlint.fixing import atomic_write

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, commit)  # the one atomic write: a concurrent run reads the old commit or the new one
        except (OSError, InputError):
            pass  # a read-only cache only costs a request next time

    def load(self, repo_id: str, commit: str) -> tuple[Path, str, dict[str, str], CheckpointRead] | None:
        """``(folder, config_text, files, checkpoint)`` of a complete entry, or None."""
        from configlint.errors import InputError
        from configlint.hub.weights import MAX_JSON_BYTES
        from configlint.model_files import LocalFolder

        folder = self.repo_dir(repo_id) / commit
        entry = LocalFolder(folder)  # read like any model folder: bounded, no link leaving it, regular files only

        def text(name: str, limit: int = MAX_JSON_BYTES) -> str:
            return entry.read_bytes(name, limit).decode("utf-8")

        try:
            manifest = json.loads(text(MANIFEST, MAX_MANIFEST_BYTES))
            if manifest.get("version") != FORMAT_VERSION or manifest.get("commit") != commit:
                return None
            config_text = text("config.json")
            files = {}
            for name in manifest["files"]:
                if inside(folder, name) is None:
                    return None
                files[name] = text(name)
            return folder, config_text, files, checkpoint_from_json(manifest["checkpoint"])
        except (OSError, InputError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def store(
        self, repo_id: str, commit: str, config_text: str, files: dict[str, str], checkpoint: CheckpointRead
    ) -> Path | None:
        """Write an entry; its folder, or None when the cache is not writable."""
        final = self.repo_dir(repo_id) / commit
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{commit}.", dir=final.parent))
            try:
                write_folder(staging, config_text, files)
                manifest = {"version": FORMAT_VERSION, "repo_id": repo_id, "commit": commit, "files": sorted(files),
                            "checkpoint": checkpoint_to_json(checkpoint)}  # fmt: skip
                (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
                if final.exists():
                    shutil.rmtree(final, ignore_errors=True)  # an unreadable old entry
                os.rename(staging, final)
            finally:
                if staging.exists():
                    shutil.rmtree(staging, ignore_errors=True)  # another run won the race
        except OSError:
            return final if (final / MANIFEST).is_file() else None
        return final


def write_folder(folder: Path, config_text: str, files: dict[str, str]) -> None:
    """Lay out config.json and the sibling JSON files as they are in the repo."""
    (folder / "config.json").write_text(config_text, encoding="utf-8")
    for name, text in files.items():
        path = inside(folder, name)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def checkpoint_to_json(read: CheckpointRead) -> dict[str, Any]:
    inventory, error = read.inventory, read.error
    return {
        "source": read.source,
        "inventory": None if inventory is None else {
            "format": inventory.format,
            "files": [str(path) for path in inventory.files],
            "tensors": [[info.name, list(info.shape), info.dtype] for info in inventory.tensors.values()],
        },
        "error": None if error is None else {
            "type": type(error).__name__, "message": error.message, "source": error.source, "position": error.position,
        },
    }  # fmt: skip


def checkpoint_from_json(data: dict[str, Any]) -> CheckpointRead:
    inventory = error = None
    if data["inventory"] is not None:
        stored = data["inventory"]
        inventory = TensorInventory(format=stored["format"], files=[Path(name) for name in stored["files"]])
        for name, shape, dtype in stored["tensors"]:
            inventory.tensors[name] = TensorInfo(name, tuple(shape), dtype)
    if data["error"] is not None:
        stored = data["error"]
        error = _ERRORS.get(stored["type"], CheckpointError)(
            stored["message"], source=stored["source"], position=stored["position"]
        )
    return CheckpointRead(inventory=inventory, error=error, source=data["source"])

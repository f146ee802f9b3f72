"""Is a ``modules.json`` path a folder inside the model? One answer for local folders and Hub repos.

A sentence-transformers ``modules.json`` names each module's folder with a ``path`` string that
comes from whoever wrote the repo. configlint reads the Pooling module's ``config.json`` from that
folder, so a path like ``../../etc``, ``/etc`` or ``C:\\x`` would make it read (and quote in a
report) a file outside the model. Both sides refuse such paths with the same test: the Hub fetch
(:mod:`configlint.hub.fetch`) and the local lint context, which also has symlinks to think about
(:meth:`configlint.model_files.LocalFolder.inside`).
"""

from __future__ import annotations

from pathlib import PurePosixPath


def module_path_problem(path: str) -> str | None:
    """Why ``path`` cannot name a folder inside the model (None: it can; ``""`` is the model folder itself).

    Judged on the text alone, so it needs no file system and means the same on every OS: a
    backslash counts as a separator (Windows reads it as one) and a colon as a drive or stream name.
    """
    if "\0" in path:
        return "holds a NUL byte"
    if ":" in path:
        return "names a drive or stream (it holds ':')"
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.is_absolute():
        return "is absolute"
    if ".." in pure.parts:
        return "climbs out of the model folder ('..')"
    return None


def is_safe_module_path(path: object) -> bool:
    """True when ``path`` is a string naming a folder inside the model (see :func:`module_path_problem`)."""
    return isinstance(path, str) and module_path_problem(path) is None

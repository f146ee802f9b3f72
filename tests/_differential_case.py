"""One differential case: rebuild its folder without torch, and compare configlint with the recording.

A recording (``tests/fixtures/differential/<kind>.json``, written by ``scripts/differential.py``
under the pinned transformers) describes each case as files: config.json as JSON (or raw text),
index files as JSON, and each safetensors file as its tensor *header* only (name, dtype, shape).
:func:`write_case` turns that back into a folder whose safetensors files have zero-filled data:
transformers loads such a file like any other (it is what the oracle itself loaded), and
configlint reads only headers. The same module is imported by the script, so the suite and a live
``--n`` run compare outcomes with exactly the same rules.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from _sized_checkpoint import tensors_header


def safetensors_bytes(tensors: list[list[Any]], metadata: dict[str, str] | None = None) -> bytes:
    """A safetensors file holding ``[name, dtype, shape]`` tensors, in order, with all-zero data."""
    header, size = tensors_header(tensors, metadata)
    return header + bytes(size)


def write_case(folder: Path, files: dict[str, dict[str, Any]]) -> None:
    """Write every file of a case: ``{"json": obj}``, ``{"text": str}``, ``{"safetensors": tensors}``
    or ``{"torch_bin": tree}`` (a pickle described as in ``_torch_bin_writer``)."""
    from _torch_bin_writer import torch_bin_bytes

    folder.mkdir(parents=True, exist_ok=True)
    for name, spec in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if "torch_bin" in spec:
            path.write_bytes(torch_bin_bytes(spec["torch_bin"], legacy=spec.get("legacy", False)))
        elif "json" in spec:
            path.write_text(json.dumps(spec["json"], indent=2) + "\n", encoding="utf-8")
        elif "text" in spec:
            path.write_text(spec["text"], encoding="utf-8")
        else:
            path.write_bytes(safetensors_bytes(spec["safetensors"], spec.get("metadata")))


def configlint_outcome(folder: Path, as_class: str) -> dict[str, Any]:
    """configlint's load report for ``folder``, in the shape of a recorded outcome."""
    from configlint.errors import ConfiglintError
    from configlint.load_report import report_folder

    try:
        report = report_folder(folder, as_class)
    except ConfiglintError as error:  # configlint refuses the folder outright (exit 2)
        return {"status": "raised", "error": f"{type(error).__name__}: {error}"}
    if report.error is not None:
        return {"status": "raised", "error": report.error, "cause": report.cause or ""}
    return {
        "status": "loaded",
        "missing": list(report.missing),
        "unexpected": list(report.unexpected),
        "mismatched": [m.to_dict() for m in report.mismatched],
        "dtype": report.dtype,
    }


def exception_type(error: str) -> str:
    return error.split(":", 1)[0]


def disagreement(case: dict[str, Any], ours: dict[str, Any]) -> str | None:
    """Why configlint's outcome differs from the recorded one, or None when they agree.

    A refusal agrees when the exception type is the same and configlint's message names the key or
    file the case blames; a load agrees when the three key lists and the loaded dtype are the same.
    """
    theirs = case["outcome"]
    if theirs["status"] != ours["status"]:
        return f"transformers: {theirs.get('error') or 'loads'}; configlint: {ours.get('error') or 'loads'}"
    if theirs["status"] == "raised":
        if exception_type(theirs["error"]) != exception_type(ours["error"]):
            return f"transformers raises {theirs['error']}; configlint says {ours['error']}"
        culprit = case.get("culprit")
        named = [culprit] if isinstance(culprit, str) else culprit or []
        said = f"{ours['error']} {ours.get('cause', '')}"
        if named and not any(key in said for key in named):
            return f"configlint's error does not name {' or '.join(named)}: {said}"
        return None
    for key in ("missing", "unexpected", "mismatched", "dtype"):
        if theirs[key] != ours[key]:
            return f"{key}: transformers {theirs[key]!r}, configlint {ours[key]!r}"
    return None

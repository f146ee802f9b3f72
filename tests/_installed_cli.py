"""Run the installed ``configlint`` console script in a real process, as a user's shell would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CONFIGLINT = str(Path(sys.executable).parent / "configlint")
BERT = {
    "model_type": "bert", "architectures": ["BertForMaskedLM"], "hidden_size": 64, "num_attention_heads": 2,
    "num_hidden_layers": 2, "intermediate_size": 128, "vocab_size": 100, "max_position_embeddings": 64,
}  # fmt: skip


def configlint(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CONFIGLINT")}
    result = subprocess.run(
        [CONFIGLINT, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


def in_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The same command through ``configlint.cli.main`` in this process (the console script's
    ``entry_point`` is ``sys.exit(main())``), in ``cwd`` and without ``CONFIGLINT*`` variables, for
    tests about what options mean rather than what a process does; 0.15 s less per command."""
    import contextlib

    from _cli_support import run_cli

    saved = {key: os.environ.pop(key) for key in [key for key in os.environ if key.startswith("CONFIGLINT")]}
    try:
        with contextlib.chdir(cwd):
            run = run_cli(list(args))
    finally:
        os.environ.update(saved)
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    return subprocess.CompletedProcess([CONFIGLINT, *args], run.code, run.out, run.err)

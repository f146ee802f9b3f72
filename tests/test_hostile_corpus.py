"""Every file of ``tests/corpus/`` ends in exit code 1 or 2, one line per failure, no traceback, and
nothing executed; and the committed corpus is exactly what its generator writes.

The cases and what each tests are listed in ``tests/corpus/README.md``.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from _cli_support import assert_clean_exit, load_script, run_cli
from _support import REPO

CORPUS = REPO / "tests" / "corpus"
MANIFEST: dict[str, dict[str, list]] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
MARKER = load_script("generate_hostile_corpus").MARKER
RUNS = [(case, command) for case, entry in MANIFEST.items() for command in entry["commands"]]


@pytest.mark.parametrize(("case", "command"), RUNS, ids=[f"{case}-{command}" for case, command in RUNS])
def test_each_case_fails_cleanly_and_runs_nothing(case: str, command: str, tmp_path: Path) -> None:
    with contextlib.chdir(tmp_path):  # where a relative "touch configlint-pwned" would land
        run = run_cli([command, str(CORPUS / case)])
    assert_clean_exit(run, allowed=MANIFEST[case]["exit_codes"])
    assert len(run.err.splitlines()) <= 1, run.err
    assert not (tmp_path / MARKER).exists()
    assert list(tmp_path.iterdir()) == []


def test_the_console_script_on_the_whole_corpus(tmp_path: Path) -> None:
    """One real process over every case folder: the exit code and stderr a user sees."""
    result = subprocess.run(
        [sys.executable, "-m", "configlint", "check", "--output-format", "json", str(CORPUS)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    reported = {Path(finding["file"]).parent.name for finding in json.loads(result.stdout)}
    assert reported == set(MANIFEST)
    assert not (tmp_path / MARKER).exists()


def test_the_committed_corpus_is_what_the_generator_writes(tmp_path: Path) -> None:
    """Regenerate into a temporary folder: same files, same bytes (so README and manifest are current)."""
    load_script("generate_hostile_corpus").write_corpus(tmp_path / "corpus")
    expected = {path.relative_to(tmp_path / "corpus"): path.read_bytes() for path in (tmp_path / "corpus").rglob("*") if path.is_file()}
    committed = {path.relative_to(CORPUS): path.read_bytes() for path in CORPUS.rglob("*") if path.is_file()}
    assert sorted(committed) == sorted(expected), "run scripts/generate_hostile_corpus.py"
    assert [str(name) for name in expected if committed[name] != expected[name]] == [], "run scripts/generate_hostile_corpus.py"


def test_the_corpus_stays_small() -> None:
    """Bombs are tiny on disk: the whole corpus, nesting cases included, is well under 200 KB."""
    assert sum(path.stat().st_size for path in CORPUS.rglob("*") if path.is_file()) < 200_000

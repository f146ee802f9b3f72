"""``--target-transformers`` / ``--target-sentence-transformers`` on the command line, over the settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _cli_support import run_cli


def _model(tmp_path: Path) -> Path:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "bert", "pruned_heads": {"0": [0]}}))
    return folder


def _d006(out: str) -> dict:
    [row] = [json.loads(line) for line in out.splitlines() if json.loads(line)["code"] == "D006"]
    return row


def test_the_command_line_target_states_that_versions_claim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = _model(tmp_path)
    default = run_cli(["check", str(folder), "--exit-zero", "--output-format", "json-lines"])
    four = run_cli(["check", str(folder), "--exit-zero", "--output-format", "json-lines", "--target-transformers", "4.57"])
    assert default.code == four.code == 0
    assert _d006(default.out)["message"].startswith("transformers 5.23 (the target)")
    assert _d006(four.out)["message"].startswith("transformers 4.57 (the target) prunes")
    assert _d006(four.out)["severity"] == "info"


def test_the_command_line_overrides_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.configlint]\ntarget-transformers = "4"\n')
    monkeypatch.chdir(tmp_path)
    folder = _model(tmp_path)
    from_settings = run_cli(["check", str(folder), "--exit-zero", "--output-format", "json-lines"])
    overridden = run_cli(["check", str(folder), "--exit-zero", "--output-format", "json-lines", "--target-transformers", "5"])
    assert "4.57 (the target)" in _d006(from_settings.out)["message"]
    assert "5.23 (the target)" in _d006(overridden.out)["message"]


@pytest.mark.parametrize(
    ("option", "value"),
    [("--target-transformers", "3"), ("--target-transformers", "five"), ("--target-sentence-transformers", "4")],
)
def test_a_bad_target_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str, value: str) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli(["check", str(_model(tmp_path)), option, value])
    assert run.code == 2 and run.out == ""
    assert len(run.err.strip().splitlines()) == 1 and option in run.err and "Traceback" not in run.err

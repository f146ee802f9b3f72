"""``configlint check``: exit codes, options and output, through the real console entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _support import REPO
from configlint.cli import main

LEGACY = '{\n  "architectures": ["BertForMaskedLM"],\n  "hidden_size": 768,\n  "num_attention_heads": 12\n}\n'
CLEAN = '{\n  "model_type": "bert",\n  "architectures": ["BertForMaskedLM"],\n  "hidden_size": 768\n}\n'


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_0(write_json, capsys) -> None:
    code, out, _ = run(["check", str(write_json(CLEAN))], capsys)
    assert code == 0
    assert "All checks passed!" in out


def test_findings_exit_1_with_ruff_like_lines(write_json, capsys) -> None:
    path = write_json(LEGACY)
    code, out, _ = run(["check", str(path)], capsys)
    assert code == 1
    assert f"{path}:1:1: F002 [warning] no model_type" in out and "architectures says 'bert', so it can be added [*]" in out
    assert "[*] 1 fixable with the `--fix` option." in out


def test_exit_zero_and_fail_on(write_json, capsys) -> None:
    path = write_json(LEGACY)
    assert run(["check", "--exit-zero", str(path)], capsys)[0] == 0
    assert run(["check", "--fail-on", "error", str(path)], capsys)[0] == 0
    assert run(["check", "--fail-on", "info", str(path)], capsys)[0] == 1


def test_select_and_ignore(write_json, capsys) -> None:
    path = write_json(LEGACY)
    assert run(["check", "--ignore", "F002", str(path)], capsys)[0] == 0
    assert run(["check", "--select", "J", str(path)], capsys)[0] == 0
    code, _, err = run(["check", "--select", "ZZ9", str(path)], capsys)
    assert code == 2 and "unknown rule selector 'ZZ9'" in err


def test_unreadable_input_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    code, _, err = run(["check", str(tmp_path / "missing" / "config.json")], capsys)
    assert code == 2
    assert err.strip().count("\n") == 0 and "no such file" in err


def test_invalid_json_is_a_finding_not_a_crash(write_json, capsys) -> None:
    path = write_json('{\n  "hidden_size": 768,\n}\n')
    code, out, err = run(["check", str(path)], capsys)
    assert code == 1 and err == ""
    assert f"{path}:3:1: J001 [error] invalid JSON" in out


def test_json_output_shape(write_json, capsys) -> None:
    path = write_json('{"model_type": "bert", "hidden_size": "768"}')
    code, out, _ = run(["check", "--output-format", "json", str(path)], capsys)
    assert code == 1
    [item] = json.loads(out)
    assert item["code"] == "S001" and item["pointer"] == "/hidden_size"
    assert (item["line"], item["column"], item["severity"]) == (1, 24, "error")
    assert set(item) == {"code", "name", "severity", "message", "file", "pointer", "line", "column", "fix"}


def test_statistics(write_json, capsys) -> None:
    path = write_json(LEGACY)
    code, out, _ = run(["check", "--statistics", str(path)], capsys)
    assert code == 1
    assert out.split() == ["1", "F002", "[*]", "missing-model-type"]


def test_fix_rewrites_minimally_and_exits_0_when_nothing_remains(write_json, capsys) -> None:
    path = write_json(LEGACY.replace("\n", "\r\n"))
    code, out, _ = run(["check", "--fix", str(path)], capsys)
    assert code == 0, out
    assert (
        path.read_bytes()
        == LEGACY.replace('  "num_attention_heads": 12\n', '  "num_attention_heads": 12,\n  "model_type": "bert"\n')
        .replace("\n", "\r\n")
        .encode()
    )
    # A second run changes nothing.
    assert run(["check", "--fix", "--exit-non-zero-on-fix", str(path)], capsys)[0] == 0


def test_exit_non_zero_on_fix_for_pre_commit(write_json, capsys) -> None:
    path = write_json(LEGACY)
    assert run(["check", "--fix", "--exit-non-zero-on-fix", str(path)], capsys)[0] == 1


def test_diff_prints_and_never_writes(write_json, capsys) -> None:
    path = write_json(LEGACY)
    code, out, _ = run(["check", "--diff", str(path)], capsys)
    assert path.read_text() == LEGACY
    assert '+  "model_type": "bert"' in out and out.startswith("---")
    assert code == 1  # as ruff: --diff exits 1 when a file would change


def test_directories_are_searched(tmp_path: Path, capsys) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.json").write_text(LEGACY)
    (tmp_path / "model" / "tokenizer_config.json").write_text("{}")
    (tmp_path / "model" / "bert_config.json").write_text(CLEAN)
    code, out, _ = run(["check", "--output-format", "json", str(tmp_path)], capsys)
    assert {Path(item["file"]).name for item in json.loads(out)} == {"config.json"}
    assert code == 1


def test_no_paths_is_a_usage_error(capsys) -> None:
    code, _, err = run(["check"], capsys)
    assert code == 2 and "at least one" in err


def test_internal_errors_are_one_line_exit_2(write_json, capsys, monkeypatch) -> None:
    import configlint.engine

    def explode(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(configlint.engine, "lint_context", explode)  # what check runs per file
    code, _, err = run(["check", str(write_json(CLEAN))], capsys)
    assert code == 2
    assert err.count("\n") == 1 and "internal error: RuntimeError: boom second line" in err


def test_rule_and_rules_commands(capsys) -> None:
    code, out, _ = run(["rule", "f002"], capsys)
    assert code == 0 and out.startswith("## F002 `missing-model-type`") and "Bad:" in out and "Good:" in out
    code, out, _ = run(["rules", "--format", "json"], capsys)
    assert code == 0 and any(item["code"] == "J001" for item in json.loads(out))
    assert run(["rule", "NOPE1"], capsys)[0] == 2


def test_env_lists_versions(capsys) -> None:
    code, out, _ = run(["env", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["configlint"] and "pydantic" in data and "transformers" in data


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_bytes(b"\xff\xfe{}")
    result = subprocess.run(
        [sys.executable, "-m", "configlint", "check", str(tmp_path / "config.json")],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "J007" in result.stdout and "Traceback" not in result.stderr


def test_fix_command_is_check_fix(write_json, capsys) -> None:
    path = write_json(LEGACY)
    assert run(["fix", "--exit-non-zero-on-fix", str(path)], capsys)[0] == 1
    assert '"model_type": "bert"' in path.read_text()
    assert run(["fix", str(path)], capsys)[0] == 0


@pytest.mark.parametrize(("select", "reads"), [("ALL", 1), ("P,D", 0)])
def test_fix_reads_the_weights_once_over_all_its_passes(tmp_path: Path, capsys, monkeypatch, select: str, reads: int) -> None:
    """Every fix pass lints again; the checkpoint beside the config is read by the first that needs it only."""
    import shutil

    from configlint.checkpoint import discovery

    folder = tmp_path / "model"
    shutil.copytree(REPO / "tests" / "fixtures" / "load_report" / "bert-sharded", folder)
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "torch_dtype": "float32", "pooler_type": "mean"}, indent=2))
    calls = []
    real = discovery.read_model_weights
    monkeypatch.setattr(discovery, "read_model_weights", lambda files: calls.append(files) or real(files))
    code, _, _ = run(["check", "--fix", "--select", select, str(folder / "config.json")], capsys)
    assert code in (0, 1) and "torch_dtype" not in (folder / "config.json").read_text()  # fixes applied over passes
    assert len(calls) == reads

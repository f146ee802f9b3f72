"""The CLI contract, as a user meets it: the installed ``configlint`` in a real process, on real trees.

What a process does (exit codes, the one stderr line, stdin, the installed script) runs in a real
process; what an option means runs through the same ``main`` in-process (``in_process``).

Exit codes (ruff's), one error line per input that could not be checked, options that mean
the same on every command, and output that never claims a pass it did not check.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from _installed_cli import BERT, CONFIGLINT, configlint, in_process, write


def test_a_missing_path_is_one_error_line_and_no_pass(tmp_path: Path) -> None:
    write(tmp_path / "ok" / "config.json", BERT)
    result = configlint("check", "ok", "nope/config.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["configlint: error: nope/config.json: no such file or folder"]
    assert "All checks passed" not in result.stdout


@pytest.mark.parametrize("kind", ["empty folder", "folder of other JSON", "directory named config.json"])
def test_a_folder_without_a_model_config_fails_closed(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target"
    target.mkdir()
    if kind == "folder of other JSON":
        write(target / "app_config.json", {"port": 8080})
    if kind == "directory named config.json":
        target = target / "config.json"
        target.mkdir()
    result = configlint("check", str(target), cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert result.stderr.count("\n") == 1 and "no model config found" in result.stderr
    assert "All checks passed" not in result.stdout
    if kind == "folder of other JSON":
        assert "app_config.json: a JSON object without model_type" in result.stderr


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv to run as another user")
def test_an_unreadable_folder_fails_closed() -> None:
    import tempfile

    tmp_path = Path(tempfile.mkdtemp(prefix="configlint-unreadable-"))  # pytest's own tmp folders are root-only
    tmp_path.chmod(0o755)
    locked = tmp_path / "locked"
    write(locked / "m" / "config.json", BERT)
    locked.chmod(0o700)  # root's; the check runs as nobody
    result = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", CONFIGLINT, "check", str(locked)],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    shutil.rmtree(tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "cannot read folder" in result.stderr and "All checks passed" not in result.stdout


def test_a_named_non_config_is_reported_skipped_and_hook_mode_is_silent(tmp_path: Path) -> None:
    write(tmp_path / "tsconfig.json", '{\n  // comments\n  "compilerOptions": {},\n}\n')
    write(tmp_path / "data_config.json", [{"name": "nli"}])
    named = configlint("check", "tsconfig.json", "data_config.json", cwd=tmp_path)
    assert named.returncode == 0
    assert "configlint: warning: tsconfig.json: skipped" in named.stderr
    assert "configlint: warning: data_config.json: skipped" in named.stderr
    hook = configlint("check", "--force-exclude", "tsconfig.json", "data_config.json", cwd=tmp_path)
    assert (hook.returncode, hook.stderr) == (0, "")


def test_diff_exits_1_when_a_file_would_change_and_writes_nothing(tmp_path: Path) -> None:
    legacy = {key: value for key, value in BERT.items() if key != "model_type"}
    path = write(tmp_path / "m" / "config.json", legacy)
    before = path.read_text()
    result = in_process("check", "--diff", "m", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout.startswith("--- a/m/config.json")
    assert path.read_text() == before
    write(tmp_path / "clean" / "config.json", BERT)
    assert in_process("check", "--diff", "clean", cwd=tmp_path).returncode == 0


def test_a_pooling_config_named_beside_its_model_gives_each_finding_once(tmp_path: Path) -> None:
    write(tmp_path / "m" / "config.json", BERT)
    write(tmp_path / "m" / "modules.json", [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                                           {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}])  # fmt: skip
    write(tmp_path / "m" / "1_Pooling" / "config.json", {"word_embedding_dimension": 32, "pooling_mode_mean_tokens": True})
    result = in_process("check", "--output-format", "json", "m/config.json", "m/1_Pooling/config.json", cwd=tmp_path)
    findings = json.loads(result.stdout)
    keys = [(f["file"], f["code"], f["pointer"]) for f in findings]
    assert any(code == "T001" for _, code, _ in keys), findings  # 32 is not the model's 64
    assert len(keys) == len(set(keys))


def test_settings_errors_exit_2_naming_the_file(tmp_path: Path) -> None:
    write(tmp_path / "m" / "config.json", BERT)
    bare = write(tmp_path / "other.toml", '[project]\nname = "x"\n')
    result = in_process("check", "--config", str(bare), "m", cwd=tmp_path)
    assert result.returncode == 2 and f"{bare}: --config names a file without a [tool.configlint] table" in result.stderr
    write(tmp_path / "pyproject.toml", "tool = 3\n")
    result = in_process("check", "m", cwd=tmp_path)
    assert result.returncode == 2 and "pyproject.toml: `tool` must be a table" in result.stderr
    write(tmp_path / "pyproject.toml", '[tool.configlint]\nignore = ["Q99"]\n')
    result = in_process("check", "m", cwd=tmp_path)
    assert result.returncode == 2 and "pyproject.toml: unknown rule selector 'Q99'" in result.stderr
    assert result.stderr.count("\n") == 1


def test_select_all_turns_on_opt_in_rules(tmp_path: Path) -> None:
    labelled = {**BERT, "architectures": ["BertForSequenceClassification"], "id2label": {"0": "LABEL_0", "1": "LABEL_1"}}
    write(tmp_path / "m" / "config.json", labelled)
    default = in_process("check", "--output-format", "json", "m", cwd=tmp_path)
    every = in_process("check", "--output-format", "json", "--select", "ALL", "m", cwd=tmp_path)
    assert "L007" not in {f["code"] for f in json.loads(default.stdout)}
    assert "L007" in {f["code"] for f in json.loads(every.stdout)}  # opt-in: placeholder label names


def test_a_checked_folders_own_settings_cannot_silence_it(tmp_path: Path) -> None:
    """A stranger's model folder ships a pyproject.toml that ignores everything: it is not read."""
    model = write(tmp_path / "downloaded" / "config.json", {**BERT, "num_attention_heads": 5}).parent
    write(model / "pyproject.toml", '[tool.configlint]\nignore = ["M", "W"]\nfail-on = "error"\n')
    result = configlint("check", "downloaded", cwd=tmp_path)
    assert result.returncode == 1 and "M001" in result.stdout


def test_per_file_ignores_never_silence_a_security_finding(tmp_path: Path) -> None:
    model = write(tmp_path / "m" / "config.json", BERT).parent
    (model / "pytorch_model.bin").write_bytes(b"version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 1\n")
    write(tmp_path / "pyproject.toml", '[tool.configlint.per-file-ignores]\n"m/*" = ["W"]\n')
    result = in_process("check", "--output-format", "json", "m", cwd=tmp_path)
    codes = {f["code"] for f in json.loads(result.stdout)}
    assert "W001" in codes and result.returncode == 1
    write(tmp_path / "pyproject.toml", '[tool.configlint]\nignore = ["W001"]\n')
    assert "W001" not in {f["code"] for f in json.loads(in_process("check", "--output-format", "json", "m", cwd=tmp_path).stdout)}


def test_a_hostile_per_file_ignore_pattern_costs_linear_time(tmp_path: Path) -> None:
    """``**/`` and ``*`` runs that make a backtracking regex take exponential time (ReDoS)."""
    deep = tmp_path.joinpath(*(["a"] * 40))
    write(deep / "config.json", BERT)
    pattern = "**/" * 30 + "*a" * 30 + "b"
    write(tmp_path / "pyproject.toml", f'[tool.configlint.per-file-ignores]\n"{pattern}" = ["M"]\n')
    result = configlint("check", str(deep.relative_to(tmp_path)), cwd=tmp_path)  # subprocess timeout: 60 s
    assert result.returncode == 0, result.stderr


def test_quiet_silent_and_exit_zero(tmp_path: Path) -> None:
    write(tmp_path / "m" / "config.json", {**BERT, "num_attention_heads": 5})
    quiet = in_process("check", "-q", "m", cwd=tmp_path)
    assert quiet.returncode == 1 and "M001" in quiet.stdout and "Found" not in quiet.stdout
    silent = in_process("check", "--silent", "m", cwd=tmp_path)
    assert (silent.returncode, silent.stdout, silent.stderr) == (1, "", "")
    assert in_process("check", "--exit-zero", "m", cwd=tmp_path).returncode == 0


def test_stdin_with_a_filename_for_editors(tmp_path: Path) -> None:
    text = json.dumps({**BERT, "num_attention_heads": 5}, indent=2)
    result = configlint("check", "--stdin-filename", "models/x/config.json", "-", cwd=tmp_path, stdin=text)
    assert result.returncode == 1 and result.stdout.startswith("models/x/config.json:")
    legacy = json.dumps({key: value for key, value in BERT.items() if key != "model_type"}, indent=2) + "\n"
    fixed = configlint("check", "--fix", "-", cwd=tmp_path, stdin=legacy)
    assert json.loads(fixed.stdout)["model_type"] == "bert"  # --fix on stdin prints the fixed text


def test_safe_and_unsafe_fixes_and_show_fixes(tmp_path: Path) -> None:
    config = {**BERT, "architectures": ["BertForSequenceClassification"], "num_labels": 3, "id2label": {"0": "neg", "1": "pos"},
              "label2id": {"neg": 0, "pos": 1}, "torch_dtype": "float32"}  # fmt: skip
    path = write(tmp_path / "m" / "config.json", config)
    report = in_process("check", "--select", "L001,D001", "m", cwd=tmp_path)
    lines = [line for line in report.stdout.splitlines() if ": L001 " in line or ": D001 " in line]
    assert [line.endswith("[*]") for line in lines] == [False, True]  # only the safe D001 fix counts
    assert "hidden fix" in report.stdout and "--unsafe-fixes" in report.stdout
    fixed = in_process("check", "--select", "L001,D001", "--fix", "--show-fixes", "m", cwd=tmp_path)
    assert "1 × D001" in fixed.stdout and "L001" not in fixed.stdout.split("Fixed", 1)[1]
    assert "num_labels" in json.loads(path.read_text())
    in_process("check", "--select", "L001", "--fix", "--unsafe-fixes", "m", cwd=tmp_path)
    assert "num_labels" not in json.loads(path.read_text())


def test_report_options_mean_the_same_on_every_command(tmp_path: Path) -> None:
    write(tmp_path / "m" / "config.json", BERT)
    for command in (["check", "m"], ["load-report", "m"]):
        out = tmp_path / f"{command[0]}.json"
        result = in_process(*command, "--output-format", "json", "--output-file", str(out), cwd=tmp_path)
        assert result.stdout == "" and json.loads(out.read_text()) is not None, result.stderr
        alias = in_process(*command, "--format", "json", "-o", str(out), cwd=tmp_path)  # hidden alias, one release
        assert alias.returncode == result.returncode
        helptext = in_process(command[0], "--help", cwd=tmp_path).stdout
        assert "--output-format" in helptext and "--output-file" in helptext and "--format " not in helptext


def test_load_report_takes_config_json_and_suggests_a_class(tmp_path: Path) -> None:
    write(tmp_path / "m" / "config.json", BERT)
    by_file = in_process("load-report", "--output-format", "json", "m/config.json", cwd=tmp_path)
    by_folder = in_process("load-report", "--output-format", "json", "m", cwd=tmp_path)
    assert by_file.stdout == by_folder.stdout and json.loads(by_file.stdout)["as"] == "BertForMaskedLM"
    wrong = in_process("load-report", "--as", "BertForMaskedLn", "m", cwd=tmp_path)
    assert wrong.returncode == 2 and "did you mean BertForMaskedLM?" in wrong.stderr


def test_a_refused_config_in_a_folder_is_one_line(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside.json", BERT)
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").symlink_to(outside)
    result = configlint("check", "m", cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "no model config found" not in result.stderr, result.stderr


def test_the_config_size_cap_is_settable_and_named(tmp_path: Path) -> None:
    write(tmp_path / "m" / "config.json", BERT)
    write(tmp_path / "pyproject.toml", "[tool.configlint]\nmax-config-bytes = 64\n")
    result = in_process("check", "m", cwd=tmp_path)
    assert result.returncode == 2 and "64" in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    write(tmp_path / "pyproject.toml", "[tool.configlint]\nmax-config-bytes = 100000\n")
    assert in_process("check", "m", cwd=tmp_path).returncode == 0

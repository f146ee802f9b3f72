"""The README's two commands are the ones that work, CI runs exactly the test command, and the
output the README shows is what configlint prints."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from _support import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)


_CHECKERS = (".venv/bin/ruff check .", ".venv/bin/ruff format --check .", ".venv/bin/mypy")


def test_ci_runs_exactly_the_readme_test_command_then_the_checkers() -> None:
    test_command = _blocks("sh")[1].strip()
    ci_lines = [
        line
        for line in (REPO / ".ci" / "run").read_text().splitlines()
        if line and not line.startswith(("#", "set ", "cd ", ".ci/install-"))
    ]
    assert ci_lines == [test_command, *_CHECKERS]


def _quick_start_check() -> subprocess.CompletedProcess[str]:
    """The quick start's last step (after creating the venv and installing, which CI's own run does)."""
    quick_start = _blocks("sh")[0].strip()
    *install, main_job = (part.strip() for part in quick_start.split("&&"))
    assert any("pip install" in step for step in install), quick_start
    program, *arguments = shlex.split(main_job)
    assert Path(program).name == "configlint", main_job
    return subprocess.run(
        [str(Path(sys.executable).parent / "configlint"), *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_quick_start_checks_the_shipped_examples_as_documented() -> None:
    result = _quick_start_check()
    assert result.returncode == 1, result.stderr  # the examples have findings, on purpose
    assert result.stderr == ""
    assert "examples/bge-large-zh-v1.5/config.json" in result.stdout
    assert "examples/google-bert-legacy/bert_config.json" in result.stdout


def test_the_example_output_in_the_readme_is_real() -> None:
    """Every finding line the README shows for the bge example is printed, word for word."""
    shown = [line for block in _blocks("text") for line in block.splitlines() if line.startswith("examples/")]
    assert shown, "the README shows no example output"
    printed = set(_quick_start_check().stdout.splitlines())
    assert [line for line in shown if line not in printed] == []


def _usage_commands() -> list[str]:
    """The README's Usage block: one command per line, comments stripped."""
    usage = _blocks("sh")[2]
    return [line.split("  #", 1)[0].strip() for line in usage.splitlines() if line.startswith("configlint ")]


def test_every_usage_command_runs_on_a_tree_like_the_one_it_names(tmp_path: Path) -> None:
    """Each command of the Usage block, run by a shell in a tree where its placeholder paths exist
    (copies of the shipped examples): it ends in 0 or 1, prints something, and never a traceback."""
    import shutil

    bge, legacy = REPO / "examples" / "bge-large-zh-v1.5", REPO / "examples" / "google-bert-legacy"
    shutil.copytree(bge, tmp_path / "path" / "to" / "model")
    shutil.copy2(bge / "config.json", tmp_path / "path" / "to" / "config.json")
    shutil.copytree(REPO / "examples", tmp_path / "models")
    shutil.copytree(legacy, tmp_path / "legacy")
    shutil.copytree(bge, tmp_path / "m")
    bin_dir = str(Path(sys.executable).parent)
    commands = _usage_commands()
    assert len(commands) >= 15, commands
    for command in commands:
        result = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
            env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path), "HF_HUB_OFFLINE": "1"},
        )  # fmt: skip
        assert result.returncode in (0, 1), (command, result.returncode, result.stderr)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (command, result.stderr)
        assert result.stdout.strip() or result.stderr.strip() or "--diff" in command, command  # an empty diff: no change


def test_the_settings_block_in_the_readme_is_accepted(tmp_path: Path) -> None:
    """The README's ``[tool.configlint]`` example loads without an error and means what its comments say."""
    from configlint.settings import load_settings_file

    block = next(text for text in _blocks("toml") if "[tool.configlint]" in text)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "our-configs.json").write_text("{}")
    settings_file = tmp_path / "pyproject.toml"
    settings_file.write_text(block)
    settings = load_settings_file(settings_file)
    assert settings is not None
    assert settings.selection.ignore == ("P001",)
    assert (settings.selection.targets.transformers, settings.selection.targets.sentence_transformers) == (5, 6)

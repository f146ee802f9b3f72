"""Both hooks of .pre-commit-hooks.yaml, run by the real pre-commit client in a repository that
holds model folders beside the usual project files.

The hooks' environment is built once per test run: a snapshot of this checkout (what pip
installs, committed to a throwaway git repo) is the hook repository at a fixed rev, and every
test shares one PRE_COMMIT_HOME, so pre-commit reuses the environment it built first. Both are
shared by all pytest-xdist workers (``built_once_per_run``); pre-commit locks its home itself
while it installs, so a second worker waits for the environment instead of building another.

The test extra installs pre-commit-uv, so pre-commit builds that environment with ``uv pip
install`` instead of pip: the same PEP 517 build of this checkout and the same declared
dependencies, resolved in ~1 s where pip took ~10 s (pip's resolver was most of this file's 17 s).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _support import REPO, built_once_per_run
from configlint.discovery import hook_exclude_pattern

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
pytestmark = pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit not installed")

CLEAN_MODEL = {
    "architectures": ["BertForMaskedLM"], "model_type": "bert", "hidden_size": 64, "num_attention_heads": 2,
    "num_hidden_layers": 2, "intermediate_size": 128, "vocab_size": 100, "max_position_embeddings": 64,
    "type_vocab_size": 2, "hidden_act": "gelu", "layer_norm_eps": 1e-12, "pad_token_id": 0,
}  # fmt: skip
NEIGHBOURS = {
    "web/tsconfig.json": '{\n  // comments are fine in JSONC\n  "compilerOptions": {"strict": true,},\n}\n',
    "web/package.json": '{"name": "site", "version": "1.0.0"}\n',
    "renovate-config.json": '{"extends": ["config:recommended"]}\n',
    "tools/renovate-config.json": '{"extends": ["config:base"], "schedule": ["weekly"]}\n',
    ".vscode/settings.json": '{"editor.formatOnSave": true}\n',
    ".vscode/launch-config.json": '{\n  // launch targets\n  "version": "0.2.0"\n}\n',
    "model/tokenizer_config.json": '{"model_max_length": 512, "do_lower_case": true}\n',
    "model/generation_config.json": '{"bos_token_id": 0, "pad_token_id": 0}\n',
    "model/preprocessor_config.json": '{"feature_size": 1}\n',
    "adapter/adapter_config.json": '{"peft_type": "LORA", "r": 8}\n',
    "quant/quantize_config.json": '{"bits": 4, "group_size": 128}\n',
    "model/data_config.json": '[{"name": "nli", "lines": 10}]\n',
    "data/eval_config_cases.json": '[{"text": "a", "label": 0}, {"text": "b", "label": 1}]\n',
    "app/config.json": '{\n  // the service\'s own settings\n  "port": 8080\n}\n',
    "settings/logging_config.json": '{"version": 1, "handlers": {}}\n',
}


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def test_the_hooks_exclude_is_the_discovery_list() -> None:
    """pre-commit filters by the hooks' exclude before configlint runs: it must be the same list."""
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["exclude"] for hook in hooks} == {hook_exclude_pattern()}
    assert all("--force-exclude" in hook["entry"] for hook in hooks)


@pytest.fixture(scope="session")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout's installable files, committed: the hook repo and its rev."""

    def build(snapshot: Path) -> None:
        for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
            shutil.copy2(REPO / name, snapshot / name)
        shutil.copytree(REPO / "src", snapshot / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        _git(snapshot, "init", "-q")
        _git(snapshot, "add", ".")
        _git(snapshot, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "snapshot")

    snapshot = built_once_per_run(tmp_path_factory, "hook-repo", build)
    return snapshot, _git(snapshot, "rev-parse", "HEAD")


@pytest.fixture(scope="session")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = built_once_per_run(tmp_path_factory, "pre-commit-home", lambda home: None)
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home / "cache"),
        # pip byte-compiles every installed package (huggingface_hub, pydantic, ...); the hooks
        # import a fraction of them, compiled on first import. Saves ~1.5 s of the environment build.
        "PIP_NO_COMPILE": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }


def _user_repo(root: Path, hook_repository: tuple[Path, str], model: dict[str, object]) -> Path:
    repo = root / "user"
    files = {**NEIGHBOURS, "model/config.json": json.dumps(model, indent=2) + "\n"}
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    path, rev = hook_repository
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: configlint\n      - id: configlint-fix\n",
        encoding="utf-8",
    )
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    return repo


def _run(repo: Path, environment: dict[str, str], *hook: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PRE_COMMIT, "run", *hook, "--all-files", "--color", "never"],
        cwd=repo, env=environment, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_both_hooks_pass_on_a_repo_of_ordinary_json_files(
    tmp_path: Path, hook_repository: tuple[Path, str], environment: dict[str, str]
) -> None:
    repo = _user_repo(tmp_path, hook_repository, CLEAN_MODEL)
    result = _run(repo, environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Passed") == 2, result.stdout
    assert _git(repo, "diff", "--name-only") == "", "a hook changed a file"


def test_a_real_problem_in_the_same_repo_still_fails_the_hook(
    tmp_path: Path, hook_repository: tuple[Path, str], environment: dict[str, str]
) -> None:
    broken = {**CLEAN_MODEL, "num_attention_heads": 5}  # 64 is not a multiple of 5: M001
    repo = _user_repo(tmp_path, hook_repository, broken)
    result = _run(repo, environment, "configlint")
    assert result.returncode == 1, result.stdout + result.stderr
    reported = {line.split(":", 1)[0] for line in result.stdout.splitlines() if ": M" in line or ": J" in line or ": F" in line}
    assert reported == {"model/config.json"}, result.stdout
    assert "M001" in result.stdout


def test_the_fix_hook_fixes_and_fails_once_then_passes(
    tmp_path: Path, hook_repository: tuple[Path, str], environment: dict[str, str]
) -> None:
    legacy = {key: value for key, value in CLEAN_MODEL.items() if key != "model_type"}  # F002, fixable
    repo = _user_repo(tmp_path, hook_repository, legacy)
    first = _run(repo, environment, "configlint-fix")
    assert first.returncode == 1, first.stdout + first.stderr
    assert json.loads((repo / "model" / "config.json").read_text())["model_type"] == "bert"
    assert _git(repo, "diff", "--name-only") == "model/config.json"
    _git(repo, "add", ".")
    second = _run(repo, environment, "configlint-fix")
    assert second.returncode == 0, second.stdout + second.stderr

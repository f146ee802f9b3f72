"""The hooks in .pre-commit-hooks.yaml, run by the real ``pre-commit try-repo`` in a temporary git repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _support import REPO

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
LEGACY = '{\n  "architectures": ["BertForMaskedLM"],\n  "hidden_size": 768\n}\n'

pytestmark = pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit not installed")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }


@pytest.fixture
def user_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "user"
    (repo / "model").mkdir(parents=True)
    (repo / "model" / "config.json").write_text(LEGACY)
    (repo / "model" / "tokenizer_config.json").write_text("not json, and not ours")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    return repo


def _try_repo(repo: Path, hook: str, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(REPO), hook, "--all-files", "--color", "never"],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_check_hook_reports_and_fails(user_repo: Path, environment: dict[str, str]) -> None:
    result = _try_repo(user_repo, "configlint", environment)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "model/config.json:1:1: F002" in result.stdout
    assert "tokenizer_config" not in result.stdout


def test_fix_hook_fixes_and_fails_once_then_passes(user_repo: Path, environment: dict[str, str]) -> None:
    first = _try_repo(user_repo, "configlint-fix", environment)
    assert first.returncode == 1, first.stdout + first.stderr
    assert '"model_type": "bert"' in (user_repo / "model" / "config.json").read_text()
    _git(user_repo, "add", ".")
    second = _try_repo(user_repo, "configlint-fix", environment)
    assert second.returncode == 0, second.stdout + second.stderr

"""The README's two commands are the ones that work, and CI runs exactly the test command."""

from __future__ import annotations

import re

from _support import REPO


def _shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.DOTALL)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = _shell_blocks()[1].strip()
    ci_lines = [line for line in (REPO / ".ci" / "run").read_text().splitlines() if line and not line.startswith(("#", "set ", "cd "))]
    assert ci_lines == [test_command]


def test_quick_start_checks_a_shipped_example() -> None:
    quick_start = _shell_blocks()[0].strip()
    assert "configlint check examples/" in quick_start
    assert (REPO / "examples" / "bge-large-zh-v1.5" / "config.json").is_file()

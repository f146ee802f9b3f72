"""The CI integrations do what docs/ci.md says: action.yml, examples/ci/ and the documented commands.

* The action and the example workflows validate against the schemas check-jsonschema vendors
  (GitHub's action and workflow schemas, GitLab's CI schema), and the pre-commit config against
  pre-commit's own validator. (actionlint is not used: its Python package downloads a binary
  while it builds, which fails without network.)
* The action's shell steps run for real, with a GitHub-like environment (``GITHUB_OUTPUT``,
  ``RUNNER_TEMP``, expressions substituted from inputs and step outputs), on a copy of
  ``examples/``; so do the GitLab job's script lines. Only the install steps are skipped: they
  need the network, and the console script under test is the one in this virtualenv.
* Every line of a code block in docs/ci.md that starts with ``configlint`` is run, in a copy of
  ``examples/``, through the installed console script; its exit code must be the documented one
  and its report must parse as its format.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]  # PyYAML comes with pre-commit, in the test extra

from _support import REPO

BIN = Path(sys.executable).parent
CONFIGLINT = BIN / "configlint"
EXAMPLES = REPO / "examples"
CI = EXAMPLES / "ci"
ACTION = REPO / "action.yml"
GITLAB_TEMPLATE = CI / "configlint.gitlab-ci.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


def _run(
    command: list[str] | str, cwd: Path, env: Mapping[str, str] | None = None, shell: str | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **(env or {})}
    argv = [shell, "-c", command] if shell is not None and isinstance(command, str) else command
    return subprocess.run(argv, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of examples/ (real configs with warnings) as the repository a CI job checks out."""
    target = tmp_path / "workspace"
    shutil.copytree(EXAMPLES, target)
    return target


# --- schemas -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-actions", ACTION),
        ("vendor.github-workflows", CI / "github-workflow.yml"),
        ("vendor.gitlab-ci", GITLAB_TEMPLATE),
    ],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_validates_against_the_vendored_schema(schema: str, path: Path) -> None:
    """check-jsonschema's own command (the console script's entry point), run in-process through
    click's test runner: the same schema lookup, YAML parsing, format checks and exit code, without
    ~0.3 s of interpreter start and imports per file."""
    from check_jsonschema import main as check_jsonschema  # the console script's target (entry_points.txt)
    from click.testing import CliRunner

    run = CliRunner().invoke(check_jsonschema, ["--builtin-schema", schema, str(path)], catch_exceptions=False)
    assert run.exit_code == 0, run.output


def test_the_schema_check_fails_a_file_the_schema_does_not_describe() -> None:
    """The in-process check can fail: the GitLab template is not a GitHub action."""
    from check_jsonschema import main as check_jsonschema
    from click.testing import CliRunner

    run = CliRunner().invoke(check_jsonschema, ["--builtin-schema", "vendor.github-actions", str(GITLAB_TEMPLATE)])
    assert run.exit_code == 1 and "'name' is a required property" in run.output, run.output


def test_pre_commit_example_is_valid_and_names_hooks_that_exist() -> None:
    example = CI / ".pre-commit-config.yaml"
    run = _run([str(BIN / "pre-commit"), "validate-config", str(example)], cwd=REPO)
    assert run.returncode == 0, run.stdout + run.stderr
    hooks = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    (repo,) = yaml.safe_load(example.read_text(encoding="utf-8"))["repos"]
    assert {hook["id"] for hook in repo["hooks"]} <= hooks


# --- report formats ------------------------------------------------------------------------------


def assert_report(output_format: str, text: str) -> None:
    """The report is non-empty and parses as ``output_format`` says (what a CI consumer needs)."""
    assert text.strip(), f"empty {output_format} report"
    if output_format in {"json", "rdjson"}:
        json.loads(text)
    elif output_format == "sarif":
        assert json.loads(text)["version"] == "2.1.0"
    elif output_format == "gitlab":
        issues = json.loads(text)
        assert isinstance(issues, list) and issues
        for issue in issues:  # what GitLab's Code Quality widget requires of each entry
            assert {"description", "check_name", "fingerprint", "severity", "location"} <= issue.keys(), issue
            assert issue["location"]["path"] and issue["location"]["lines"]["begin"] >= 1, issue
    elif output_format == "json-lines":
        assert all(json.loads(line) for line in text.splitlines() if line.strip())
    elif output_format == "junit":
        ElementTree.fromstring(text)
    elif output_format == "github":
        assert all(line.startswith("::") for line in text.splitlines() if line.strip()), text


# --- the action's steps --------------------------------------------------------------------------


def _action_steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]
    return steps


def _step(step_id: str) -> dict[str, Any]:
    return next(step for step in _action_steps() if step.get("id") == step_id or step.get("name") == step_id)


def _inputs(**given: str) -> dict[str, str]:
    declared = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["inputs"]
    assert set(given) <= set(declared), set(given) - set(declared)
    return {name: given.get(name, spec.get("default", "")) for name, spec in declared.items()}


def _substitute(value: str, context: Mapping[str, str]) -> str:
    """GitHub's ``${{ ... }}`` for the plain lookups the action uses; anything else is a test failure."""
    return EXPRESSION.sub(lambda match: context[match.group(1)], value)


def _run_step(
    step: dict[str, Any], workspace: Path, inputs: Mapping[str, str], temp: Path
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run one ``run:`` step as the runner does (bash -eo pipefail, in the workspace); return its outputs."""
    context = {f"inputs.{name}": value for name, value in inputs.items()}
    context |= {"runner.temp": str(temp), "steps.install.outputs.configlint": str(CONFIGLINT), "github.action_path": str(REPO)}
    outputs_file = temp / f"output-{step.get('id', 'step')}"
    outputs_file.write_text("")
    env = {name: _substitute(str(value), context) for name, value in step.get("env", {}).items()}
    env |= {"GITHUB_OUTPUT": str(outputs_file), "RUNNER_TEMP": str(temp)}
    assert "${{" not in step["run"], "inputs reach scripts through env: only"
    run = _run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=workspace, env=env)
    outputs = dict(line.split("=", 1) for line in outputs_file.read_text().splitlines() if "=" in line)
    return run, outputs


def test_the_check_runs_last_and_after_a_failed_step_too() -> None:
    """Step order is what makes 'upload the report, then fail the job' work."""
    steps = _action_steps()
    names = [step.get("id") or step.get("uses", "").split("@")[0] for step in steps]
    assert names.index("sarif") < names.index("github/codeql-action/upload-sarif") < len(names) - 1
    upload, check = steps[names.index("github/codeql-action/upload-sarif")], steps[-1]
    assert "--output-format github" in check["run"] and "--exit-zero" not in check["run"]
    assert upload["if"].startswith("always()") and check["if"].startswith("always()")
    assert "--exit-zero" in _step("sarif")["run"]


def test_sarif_step_writes_the_report_without_failing_and_the_check_fails(workspace: Path, tmp_path: Path) -> None:
    inputs = _inputs(**{"upload-sarif": "true"})
    sarif_run, outputs = _run_step(_step("sarif"), workspace, inputs, tmp_path)
    assert sarif_run.returncode == 0, sarif_run.stderr
    assert_report("sarif", Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))["runs"][0]["results"]
    check_run, _ = _run_step(_step("Check"), workspace, inputs, tmp_path)
    assert check_run.returncode == 1, check_run.stderr
    assert_report("github", check_run.stdout)
    assert "bge-large-zh-v1.5/config.json" in check_run.stdout


def test_inputs_select_fail_on_and_several_paths_reach_configlint(workspace: Path, tmp_path: Path) -> None:
    both = _inputs(paths="google-bert-legacy\nbge-large-zh-v1.5/")
    run, _ = _run_step(_step("Check"), workspace, both, tmp_path)
    assert run.returncode == 1 and "bert_config.json" in run.stdout and "bge-large-zh-v1.5" in run.stdout, run.stdout
    legacy_only = _inputs(paths="google-bert-legacy", select="F002")
    run, _ = _run_step(_step("Check"), workspace, legacy_only, tmp_path)
    assert run.returncode == 1 and {line.split("title=")[1][:4] for line in run.stdout.splitlines() if "title=" in line} == {
        "F002"
    }, run.stdout
    lenient = _inputs(paths="google-bert-legacy", select="F002", **{"fail-on": "error"})
    run, _ = _run_step(_step("Check"), workspace, lenient, tmp_path)
    assert run.returncode == 0 and "F002" in run.stdout, run.stdout + run.stderr


def test_an_unreadable_path_fails_the_check_in_one_line(workspace: Path, tmp_path: Path) -> None:
    run, _ = _run_step(_step("Check"), workspace, _inputs(paths="no-such-folder"), tmp_path)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1 and "no-such-folder" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_paths_are_not_glob_expanded(workspace: Path, tmp_path: Path) -> None:
    run, _ = _run_step(_step("Check"), workspace, _inputs(paths="*"), tmp_path)
    assert run.returncode == 2 and "*" in run.stderr, run.stdout + run.stderr


# --- the GitLab job ------------------------------------------------------------------------------


def test_gitlab_job_writes_a_code_quality_report_then_fails_on_findings(workspace: Path) -> None:
    template = yaml.safe_load(GITLAB_TEMPLATE.read_text(encoding="utf-8"))
    job = template["configlint"]
    report = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"
    variables = {name: str(value) for name, value in template["variables"].items()}
    first, last = job["script"][0], job["script"][-1]
    run = _run(first, cwd=workspace, env=variables, shell="sh")
    assert run.returncode == 0, run.stderr
    assert_report("gitlab", (workspace / report).read_text(encoding="utf-8"))
    run = _run(last, cwd=workspace, env=variables, shell="sh")
    assert run.returncode == 1 and run.stdout.strip(), run.stdout + run.stderr
    run = _run(last, cwd=workspace, env={**variables, "CONFIGLINT_SELECT": "L", "CONFIGLINT_FAIL_ON": "error"}, shell="sh")
    assert run.returncode == 0, run.stdout + run.stderr


# --- docs/ci.md ----------------------------------------------------------------------------------


def documented_commands() -> list[str]:
    """Every line of a fenced code block in docs/ci.md that starts with ``configlint``."""
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip().startswith("configlint ")]


def test_docs_show_the_commands_of_every_setup() -> None:
    commands = documented_commands()
    for output_format in ("github", "sarif", "gitlab"):
        assert any(f"--output-format {output_format}" in command for command in commands), output_format


def _expected_exit(arguments: list[str]) -> set[int]:
    """The examples have warning findings: a check fails on them unless told not to."""
    if "--exit-zero" in arguments:
        return {0}
    fail_on = arguments[arguments.index("--fail-on") + 1] if "--fail-on" in arguments else "warning"
    if arguments[1] == "check" and fail_on in {"info", "warning"}:
        return {1}
    return {0, 1}  # a migration's --check, a check failing only on errors


@pytest.mark.parametrize("command", documented_commands())
def test_documented_command(command: str, workspace: Path) -> None:
    arguments = shlex.split(command)
    run = _run(command, cwd=workspace, shell="bash")
    assert run.returncode in _expected_exit(arguments), (run.returncode, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    output_format = arguments[arguments.index("--output-format") + 1] if "--output-format" in arguments else "text"
    file_option = next((option for option in ("--output-file", "-o") if option in arguments), None)
    if file_option is not None:
        assert_report(output_format, (workspace / arguments[arguments.index(file_option) + 1]).read_text(encoding="utf-8"))
    else:
        assert_report(output_format, run.stdout)

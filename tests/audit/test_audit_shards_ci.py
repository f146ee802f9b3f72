"""examples/ci/audit-matrix.yml: it validates, and its own steps, run here, give what one audit gives.

The test plays the workflow on this machine: every shard job's ``run:`` steps in a bash of their
own (as GitHub runs them: ``bash -eo pipefail``), each ``configlint audit --shard K/N`` a separate
process against the fake Hub (HF_ENDPOINT points the real huggingface_hub client at it),
upload-artifact and download-artifact played by copying files, then the report job. The merged
database must hold the same records as a single-process audit, and its reports must be the same
apart from timestamps.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from _support import REPO
from audit.audit_support import add_repos, repo_of
from configlint.audit.store import AuditStore
from hub.fake_hub import FakeHub

WORKFLOW = REPO / "examples" / "ci" / "audit-matrix.yml"
BIN = Path(sys.executable).parent
AUTHOR = "org"
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")


def _workflow() -> dict[str, Any]:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def test_the_workflow_validates_against_the_vendored_schema() -> None:
    run = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                         cwd=REPO, capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_matrix_covers_every_shard_and_the_report_downloads_every_upload() -> None:
    workflow = _workflow()
    shards = int(workflow["env"]["SHARDS"])
    audit, report = workflow["jobs"]["audit"], workflow["jobs"]["report"]
    assert audit["strategy"]["matrix"]["shard"] == list(range(1, shards + 1))
    assert report["needs"] == "audit"
    (upload,) = [s for s in audit["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    (download,) = [s for s in report["steps"] if s.get("uses", "").startswith("actions/download-artifact@")]
    names = [upload["with"]["name"].replace("${{ matrix.shard }}", str(k)) for k in range(1, shards + 1)]
    assert fnmatch.filter(names, download["with"]["pattern"]) == names and upload["if"] == "always()"


# -- playing the workflow ------------------------------------------------------------------------


class Player:
    """Runs a job's steps like a runner would, in ``workspace``, with artifacts kept in ``store``."""

    def __init__(self, workflow: dict[str, Any], root: Path) -> None:
        self.workflow = workflow
        self.artifacts = root / "artifacts"
        self.root = root
        self.env = {k: v for k, v in workflow["env"].items() if "${{" not in str(v)}

    def _expand(self, text: str, matrix: dict[str, object]) -> str:
        for name, value in matrix.items():
            text = text.replace(f"${{{{ matrix.{name} }}}}", str(value))
        for name, value in self.env.items():
            text = text.replace(f"${{{{ env.{name} }}}}", str(value))
        assert "${{" not in text, f"an expression this test does not play: {text}"
        return text

    def run_job(self, name: str, matrix: dict[str, object]) -> tuple[Path, Path, list[int]]:
        """The job's workspace, its job summary and the exit code of each ``run`` step."""
        label = "-".join([name, *map(str, matrix.values())])
        workspace, summary = self.root / label, self.root / f"{label}-summary.md"
        workspace.mkdir()
        codes: list[int] = []
        for step in self.workflow["jobs"][name]["steps"]:
            if codes and codes[-1] and "always()" not in str(step.get("if", "")):
                continue
            uses = step.get("uses", "").split("@")[0]
            if uses == "actions/upload-artifact":
                self._upload(step["with"], workspace, matrix)
            elif uses == "actions/download-artifact":
                self._download(step["with"], workspace)
            elif "run" in step and step.get("id") != "install":  # configlint is this venv's
                codes.append(self._run(step, workspace, summary, matrix))
        return workspace, summary, codes

    def _run(self, step: dict[str, Any], workspace: Path, summary: Path, matrix: dict[str, object]) -> int:
        step_env = {k: self._expand(str(v), matrix) for k, v in step.get("env", {}).items() if "secrets." not in str(v)}
        env = {**os.environ, **self.env, **step_env, "AUTHOR": AUTHOR, "GITHUB_STEP_SUMMARY": str(summary),
               "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
        script = self._expand(step["run"], matrix)
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                                cwd=workspace, env=env, capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        assert "Traceback" not in result.stderr, result.stderr
        return result.returncode

    def _upload(self, options: dict[str, Any], workspace: Path, matrix: dict[str, object]) -> None:
        target = self.artifacts / self._expand(options["name"], matrix)
        target.mkdir(parents=True)
        for pattern in self._expand(options["path"], matrix).split():
            found = list(workspace.glob(pattern))
            assert found or options.get("if-no-files-found") != "error", f"no {pattern} to upload"
            for path in found:
                shutil.copy2(path, target / path.name)

    def _download(self, options: dict[str, Any], workspace: Path) -> None:
        assert options.get("merge-multiple") is True
        target = workspace / options["path"]
        target.mkdir(parents=True)
        for artifact in sorted(self.artifacts.iterdir()):
            if fnmatch.fnmatch(artifact.name, options["pattern"]):
                for path in artifact.iterdir():
                    shutil.copy2(path, target / path.name)


def _records(path: Path) -> list[dict[str, Any]]:
    """Everything stored per model but when it was fetched."""
    with AuditStore(path, create=False) as store:
        return [{k: v for k, v in asdict(r).items() if k not in ("started_at", "finished_at")} for r in store.records()]


def _untimed(model: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in model.items() if k not in ("started_at", "finished_at")}


def _report(db: Path, fmt: str) -> str:
    result = subprocess.run([str(BIN / "configlint"), "audit", "report", "--db", str(db), "--output-format", fmt],
                            capture_output=True, text=True, timeout=120, check=False,
                            env={k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"})  # fmt: skip
    assert result.returncode in (1, 2), result.stderr
    return _TIMESTAMP.sub("<time>", result.stdout)


@pytest.fixture
def hub_models(audit_hub: FakeHub, variants: list[Path], tmp_path: Path) -> list[str]:
    """24 models of ``org`` (findings of many rules, load reports), one gated (unreadable), and another author's."""
    ids = add_repos(audit_hub, variants, 24, prefix=AUTHOR)
    audit_hub.add_repo(f"{AUTHOR}/gated", variants[0], gated=True)
    add_repos(audit_hub, variants, 3, prefix="someone-else")
    return [*ids, f"{AUTHOR}/gated"]


def test_sharded_jobs_then_merge_equal_one_audit(audit_hub: FakeHub, hub_models: list[str], tmp_path: Path) -> None:
    workflow = _workflow()
    player = Player(workflow, tmp_path)
    shards = workflow["jobs"]["audit"]["strategy"]["matrix"]["shard"]
    audit_hub.clear_log()
    shard_summaries = []
    for shard in shards:
        _, summary, codes = player.run_job("audit", {"shard": shard})
        assert codes == [0], f"shard {shard}: the audit step failed"  # findings and unreadable models do not fail a shard
        shard_summaries.append(summary.read_text())
    fetched = [str(repo_of(r.path)) for r in audit_hub.requests() if "/resolve/" in r.path and r.path.endswith("/config.json")]
    assert sorted(fetched) == sorted(hub_models)  # each config.json asked for once, by one shard (the gated one refused)

    workspace, summary, codes = player.run_job("report", {})
    assert codes == [0, 2]  # merged; the report fails the job: a model was unreadable (exit 2 beats 1, failing models)
    assert sorted(p.name for p in (player.artifacts / "audit-report").iterdir()) == ["audit-report.html", "audit.sqlite"]
    merged = workspace / "audit.sqlite"

    whole = tmp_path / "whole.sqlite"
    single = subprocess.run([str(BIN / "configlint"), "audit", "--author", AUTHOR, "--db", str(whole), "--output-format", "csv"],
                            capture_output=True, text=True, timeout=300, check=False,
                            env={k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"})  # fmt: skip
    assert single.returncode == 2, single.stderr  # the gated model is unreadable

    assert _records(merged) == _records(whole) and len(_records(whole)) == len(hub_models)
    for fmt in ("markdown", "html", "csv"):
        assert _report(merged, fmt) == _report(whole, fmt), fmt
    shards_json, whole_json = json.loads(_report(merged, "json")), json.loads(_report(whole, "json"))
    assert shards_json["summary"] == whole_json["summary"]
    assert [_untimed(m) for m in shards_json["models"]] == [_untimed(m) for m in whole_json["models"]]
    assert (shards_json["context"]["runs"], whole_json["context"]["runs"]) == (len(shards), 1)  # what JSON adds: the raw runs
    assert [p["counts"] for p in shards_json["context"]["timeline"]] == [p["counts"] for p in whole_json["context"]["timeline"]]
    published = _TIMESTAMP.sub("<time>", summary.read_text())
    assert published == _report(whole, "markdown") and "(1 run)" in published
    audited_per_shard = [int(found.group(1)) for text in shard_summaries if (found := re.search(r"\*\*(\d+)\*\* audited", text))]
    assert len(audited_per_shard) == len(shards) and sum(audited_per_shard) == len(hub_models)  # each job's summary: its part

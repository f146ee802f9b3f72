"""RunResults for the formatter tests: real rules on the shared corpus and on awkward file names,
and hand-made diagnostics whose text and names try to break every output format.

The corpus lives beside the checkout (``../shared/realworld/configs``); tests that need it skip
when it is absent. Corpus files are linted by *relative* path from the corpus directory, as the
CLI does from a repository root, so SARIF URIs and GitHub ``file=`` values are relative too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from configlint import lint_mapping
from configlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from configlint.engine import lint_file
from configlint.reporters import RunResult
from configlint.selection import Selection

REALWORLD = Path(__file__).resolve().parents[2].parent / "shared" / "realworld" / "configs"
FAMILY_FOLDERS = ("albert", "bert", "distilbert", "roberta", "st_pooling")

COLON_FILE = "dir,with:colons/con%fig.json"
UNICODE_FILE = "ünïcødé/配置 <&>.json"
STRAY_FILE = "beside/1_Pooling/config.json"
"""A file a finding names that is not among ``RunResult.files`` (a module config beside the model)."""

NASTY_DIAGNOSTICS = (
    Diagnostic(
        code="S001",
        severity=Severity.ERROR,
        message="100% wrong\r\nsecond line: a, b::c",
        file=COLON_FILE,
        pointer="/a~1b/c~0d",
        line=3,
        column=7,
        rule_name="invalid-field-type",
    ),
    Diagnostic(
        code="J002",
        severity=Severity.WARNING,
        message="duplicate <key> & \"quotes\" 'too' — ünïcødé ✓ 🙂",
        file=COLON_FILE,
        pointer="/hidden_size",
        line=9,
        column=1,
        rule_name="duplicate-key",
    ),
    Diagnostic(
        code="F002",
        severity=Severity.WARNING,
        message="no model_type\tbut architectures says bert",
        file=UNICODE_FILE,
        pointer="",
        line=1,
        column=1,
        fix=Fix('Add "model_type": "bert"', (Edit("add", "/model_type", "bert"),), Applicability.SAFE),
        rule_name="missing-model-type",
    ),
    Diagnostic(
        code="X999",
        severity=Severity.INFO,
        message="bell\x07 nul\x00 esc\x1b vt\x0b ff\x0c nonchar\ufffe end",
        file=STRAY_FILE,
        pointer="",
        line=0,
        column=0,
        rule_name="made-up",
    ),
)


@pytest.fixture
def nasty() -> RunResult:
    """Hand-made findings: ``%``, CR/LF, ``:``/``,`` in names, XML specials, C0 controls, an unknown rule."""
    return RunResult(NASTY_DIAGNOSTICS, files=("clean.json", COLON_FILE, UNICODE_FILE, COLON_FILE))


@pytest.fixture(scope="session")
def realworld_dir() -> Path:
    """The corpus directory the ``realworld`` file names are relative to."""
    return REALWORLD


@pytest.fixture(scope="session")
def realworld() -> RunResult:
    """Every BERT-family config of the shared corpus, linted with the default rules."""
    if not REALWORLD.is_dir():
        pytest.skip("the shared real-world corpus is not beside the checkout")
    previous = Path.cwd()
    os.chdir(REALWORLD)
    try:
        files = sorted(str(path) for folder in FAMILY_FOLDERS for path in Path(folder).glob("*.json"))
        diagnostics = sorted((d for file in files for d in lint_file(file)), key=Diagnostic.sort_key)
    finally:
        os.chdir(previous)
    assert files and diagnostics, "the corpus should have files and findings"
    return RunResult(diagnostics, files=files)


@pytest.fixture
def awkward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunResult:
    """Real rules (J002, S001, F001, F002 with a fix) on files whose names need escaping everywhere."""
    texts = {
        "a,b:c%25/config.json": '{"model_type": "bert", "hidden_size": 768, "hidden_size": "x"}',
        "ünï <&> 'q'/config.json": '{"foo": 1}',
        "plain/config.json": '{"architectures": ["BertModel"], "hidden_size": 768}',
        "clean/config.json": '{"model_type": "bert"}',
    }
    for name, text in texts.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    every = Selection(select=("ALL",))  # F001 is opt-in; these tests want every kind of finding
    diagnostics = [d for name in texts for d in lint_file(name, selection=every)]
    return RunResult(sorted(diagnostics, key=Diagnostic.sort_key), files=tuple(texts))


@pytest.fixture
def mapping_result() -> RunResult:
    """``lint_mapping`` findings: an error and a fixable warning on the pseudo-file ``<mapping>``."""
    diagnostics = lint_mapping({"architectures": ["BertModel"], "hidden_size": "768"})
    return RunResult(diagnostics, files=("<mapping>",))

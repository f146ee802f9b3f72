"""Shared fixtures (the real-world corpus beside the checkout, small helpers) and the hypothesis
profiles of the whole suite.

Every property test runs under one profile, ``HYPOTHESIS_PROFILE`` or else "ci": a bounded example
budget with a fixed seed (derandomize), so a CI failure reproduces on any machine and no run
writes a ``.hypothesis/`` database; timing health checks are off because the machine is shared.
A test that sets ``max_examples`` itself keeps its own budget. "long" is the fuzzing run of
docs/security.md: a hundred times the budget, random seeds, failures kept in ``.hypothesis/``.
The fuzz tests scale the active profile's budget per test (``tests/fuzz/_fuzzing.py``).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from _limited_runs import LimitedRunner
from _support import corpus_files

_SLOW_INPUTS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_INPUTS,
)
settings.register_profile(
    "long",
    max_examples=6000,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=_SLOW_INPUTS,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The fake Hub: sets HF_ENDPOINT & co. before any test imports huggingface_hub (see tests/hub/plugin.py).
pytest_plugins = ["hub.plugin"]


START_FIRST = (
    "tests/test_pre_commit.py",  # the first test builds the hooks' environment: ~16 s
    "tests/audit/test_audit_hub.py",  # three 120-model audits: ~8 s
    "tests/audit/test_audit_shards_ci.py",
    "tests/audit/test_audit_report_browser.py",
    "tests/schema/test_field_table.py",
    "tests/test_readme.py",
)
"""Files whose tests take seconds each, run first. The default order is the files' (alphabetical),
which put the 16 s pre-commit test late: a worker that finished its share waited for it. Started
first, the long tests overlap everything else and the run ends on short tests that worksteal
spreads over the idle workers. Within a file the order stays, so module fixtures are built once."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Move :data:`START_FIRST` files to the front (a stable sort: every other test keeps its place)."""

    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return next((index for index, first in enumerate(START_FIRST) if path == first), len(START_FIRST))

    items.sort(key=rank)


@pytest.fixture
def tmp_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pytest's ``tmp_path`` (a fresh directory per test, under the run's base temp, named after
    the test), made in constant time. pytest numbers each directory by listing every directory
    already in the base temp and repoints a ``<name>current`` symlink: with ~3,000 tests per
    worker that scan grows with each test and cost seconds of the run."""
    root = tmp_path_factory.getbasetemp() / "tests"
    root.mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=re.sub(r"\W", "_", request.node.name)[:30] + "-", dir=root))


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    files = corpus_files()
    if not files:
        pytest.skip("shared/realworld/configs is not beside the checkout")
    return files


@pytest.fixture(scope="session")
def limited_runner() -> Iterator[LimitedRunner]:
    """One prepared interpreter per worker that forks a resource-limited child per call (tests/_limited_runs.py)."""
    runner = LimitedRunner(preload=["_limited_runs:warm_up"])
    yield runner
    runner.close()


@pytest.fixture
def write_json(tmp_path: Path):
    """Write text to ``tmp_path/<name>`` and return the path."""

    def write(text: str, name: str = "config.json") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    return write

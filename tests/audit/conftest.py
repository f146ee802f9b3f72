"""Fixtures of the audit tests: a fake clock, the fake Hub without Nagle stalls, generated model folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.audit_support import FakeClock, no_delay, variant_folders
from hub.fake_hub import FakeHub


@pytest.fixture(autouse=True)
def no_job_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """An audit test run inside GitHub Actions must not append its reports to the real job summary."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def audit_hub(fake_hub: FakeHub) -> FakeHub:
    """The per-test fake Hub, answering without the ~40 ms delayed-ACK stall on small answers."""
    no_delay(fake_hub)
    return fake_hub


@pytest.fixture(scope="session")
def variants(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return variant_folders(tmp_path_factory.mktemp("audit-variants"))

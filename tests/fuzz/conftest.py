"""Hypothesis profiles for the fuzz suite: "ci" (default: bounded, reproducible) and "long".

The profiles are registered here but not loaded globally, so the other property tests of the
suite keep their own defaults; the fuzz tests take their settings from :func:`_fuzzing.fuzz`.
Select one with ``HYPOTHESIS_PROFILE=long python -m pytest tests/fuzz``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

_SLOW_INPUTS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile(
    "ci",
    # A fixed seed (derandomize) makes a CI failure reproducible on any machine, and the example
    # budget keeps the whole fuzz suite within ~20 s on two shared cores.
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_INPUTS,
)
settings.register_profile(
    "long",
    # Random seeds and a hundred times the budget: run for minutes, keep failures in .hypothesis/.
    max_examples=6000,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=_SLOW_INPUTS,
)

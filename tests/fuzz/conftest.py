"""The fuzz tests' hypothesis profiles, "ci" (the default) and "long", are the whole suite's:
they are registered and loaded in ``tests/conftest.py``; each fuzz test scales the active
profile's example budget with :func:`_fuzzing.fuzz`. The long run is
``HYPOTHESIS_PROFILE=long python -m pytest tests/fuzz`` (docs/security.md).
"""

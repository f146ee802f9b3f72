"""Diagnostics are named tuples (cheap to create at import) that keep the semantics they had as dataclasses."""

from __future__ import annotations

import pickle

from configlint.diagnostics import Diagnostic, Edit, Fix, Severity
from configlint.selection import Selection
from configlint.settings import Settings


def _diagnostic(**changes: object) -> Diagnostic:
    return Diagnostic("P001", Severity.INFO, "pooler_type is ignored", "m/config.json", "/pooler_type", 3, 5)._replace(**changes)


def test_extra_takes_no_part_in_equality_or_hashing() -> None:
    plain, carrying = _diagnostic(), _diagnostic(extra={"source": "audit"})
    assert plain == carrying and not plain != carrying and hash(plain) == hash(carrying)
    assert plain != _diagnostic(line=4) and _diagnostic(line=4) != plain
    assert len({plain, carrying, _diagnostic(code="P002")}) == 2


def test_a_diagnostic_never_equals_a_plain_tuple() -> None:
    diagnostic = _diagnostic()
    assert diagnostic != tuple(diagnostic) and tuple(diagnostic) != diagnostic
    assert not diagnostic == tuple(diagnostic)
    assert diagnostic.to_dict()["line"] == 3  # serialised as an object, not as a tuple's list


def test_records_survive_the_audit_workers_pickling() -> None:
    """The audit's --workers processes are spawned: what crosses must pickle, default values included."""
    fixed = _diagnostic(fix=Fix("remove it", (Edit("remove", "/pooler_type"),)))
    records = [_diagnostic(), fixed, Selection(extend_select=("L",)), Settings()]
    for record in records:
        assert pickle.loads(pickle.dumps(record)) == record

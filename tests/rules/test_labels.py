"""L002 stays one bounded finding per file, however many labels disagree."""

from __future__ import annotations

from typing import Any

from configlint import lint_mapping


def _l002(config: dict[str, Any]) -> list[str]:
    return [d.message for d in lint_mapping({"model_type": "bert", **config}) if d.code == "L002"]


def test_twenty_thousand_disagreeing_labels_are_one_finding_that_counts_them() -> None:
    count = 20_000
    id2label = {str(i): f"L{i}" for i in range(count)}
    label2id = {f"L{i}": (i + 1) % count for i in range(count)}  # every id shifted by one
    [message] = _l002({"id2label": id2label, "label2id": label2id})
    assert message.startswith("20,000 label entries disagree between id2label and label2id: ")
    assert "label2id maps 'L0' to 1 but id2label gives it id 0" in message
    assert "'L2'" in message and "'L3'" not in message
    assert message.endswith("; and 19,997 more")
    assert len(message) < 400


def test_one_disagreement_is_said_as_itself() -> None:
    [message] = _l002({"id2label": {"0": "a", "1": "b"}, "label2id": {"a": 0}})
    assert message == "label 'b' (id 1) is missing from label2id"


def test_every_kind_of_disagreement_is_counted() -> None:
    [message] = _l002({"id2label": {"0": "a", "1": "b"}, "label2id": {"a": 1, "c": 0}})
    assert message.startswith("3 label entries disagree")
    assert "label2id maps 'a' to 1 but id2label gives it id 0" in message
    assert "label 'b' (id 1) is missing from label2id" in message
    assert "label2id has 'c', which id2label does not name" in message


def test_a_megabyte_label_name_is_cut() -> None:
    name = "x" * 1_000_000
    [message] = _l002({"id2label": {"0": name}, "label2id": {}})
    assert len(message) < 120 and message.startswith("label 'xxx") and "…" in message

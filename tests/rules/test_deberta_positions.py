"""Y006 and Y007 held to what DeBERTa and DeBERTa-v2 were recorded doing with their position settings.

The recordings (scripts/record_electra_deberta_cases.py, transformers 5.23 and 4.57) say, per
setting, whether permuting the input tokens only permutes the base model's outputs, and per
pos_att_type value what the config class makes of it, which relative parameters are built and
which canonical value's outputs it gives on the same weights. The rules must fire exactly where
those facts say the config loses position information or asks for a term nothing builds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import configlint
from configlint.diagnostics import Severity

TRANSFORMERS = Path(__file__).resolve().parents[1] / "fixtures" / "transformers"
FAMILIES = ("deberta-v2", "deberta")
VERSIONS = ("5.23.0", "4.57.6")
TINY: dict[str, dict[str, Any]] = {
    family: json.loads((TRANSFORMERS / "families.json").read_text())["families"][family]["tiny_config"] for family in FAMILIES
}
# The read entries of each canonical value of the pos_att_type recording.
CANONICAL = {"empty": set(), "c2p": {"c2p"}, "p2c": {"p2c"}, "c2p+p2c": {"c2p", "p2c"}}


def _recording(family: str, kind: str, version: str) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((TRANSFORMERS / f"{family}-{kind}-{version}.json").read_text())
    assert record["transformers"] == version
    return record


def _findings(family: str, config: dict[str, Any], code: str) -> list[configlint.Diagnostic]:
    return [d for d in configlint.lint_mapping({"model_type": family, **TINY[family], **config}) if d.code == code]


def _settings() -> list[Any]:
    return [
        pytest.param(family, setting, id=f"{family}-{version}-{name}")
        for family in FAMILIES
        for version in VERSIONS
        for name, setting in _recording(family, "positions", version)["settings"].items()
    ]


def _values() -> list[Any]:
    return [
        pytest.param(family, entry, id=f"{family}-{version}-{name}")
        for family in FAMILIES
        for version in VERSIONS
        for name, entry in _recording(family, "pos-att-type", version)["pos_att_type"].items()
    ]


@pytest.mark.parametrize(("family", "setting"), _settings())
def test_y006_fires_exactly_where_the_recorded_outputs_ignore_token_order(family: str, setting: dict[str, Any]) -> None:
    findings = _findings(family, setting["overrides"], "Y006")
    assert bool(findings) == setting["permutation_equivariant"], setting
    for finding in findings:
        assert finding.severity == Severity.WARNING and finding.pointer == "/position_biased_input"
        assert "permuting the input tokens only permutes the outputs" in finding.message


@pytest.mark.parametrize(("family", "entry"), _values())
def test_y006_fires_exactly_where_the_recorded_pos_att_type_builds_no_position_projection(
    family: str, entry: dict[str, Any]
) -> None:
    """The tiny configs have position_biased_input false, so only the relative term can carry position."""
    assert TINY[family]["position_biased_input"] is False and TINY[family]["relative_attention"] is True
    projections = [name for name in entry["relative_parameters"] if "rel_embeddings" not in name]
    overrides = {"pos_att_type": entry["value"], **({"share_att_key": False} if family == "deberta-v2" else {})}
    assert bool(_findings(family, overrides, "Y006")) == (not projections), entry


@pytest.mark.parametrize(("family", "entry"), _values())
def test_y007_fires_exactly_where_the_recorded_value_is_not_a_canonical_one(family: str, entry: dict[str, Any]) -> None:
    """A value is fine when, as the config class leaves it, its entries are a canonical set and it computes that set's outputs."""
    entries = set(entry["config"] or [])
    computes_its_entries = any(CANONICAL[name] == entries for name in entry["outputs_as"])
    findings = _findings(family, {"pos_att_type": entry["value"]}, "Y007")
    assert bool(findings) == (not computes_its_entries), entry
    for finding in findings:
        assert finding.severity == Severity.WARNING and finding.pointer == "/pos_att_type"
        # DeBERTa-v2's unread entries leave the outputs of the read ones; DeBERTa's change them (recorded).
        if entry["outputs_as"]:
            assert "the outputs are those without" in finding.message
        else:
            assert "yet the outputs differ from those without" in finding.message


@pytest.mark.parametrize("family", FAMILIES)
def test_the_messages_version_free_claims_hold_in_both_recorded_versions(family: str) -> None:
    """Y006 and Y007 say "recorded in transformers 5.23 and 4.57": the facts they use must agree between the two."""
    for kind, table, fields in (
        ("positions", "settings", ("permutation_equivariant", "config", "relative_parameters")),
        ("pos-att-type", "pos_att_type", ("config", "relative_parameters", "outputs_as")),
    ):
        new, old = (_recording(family, kind, version)[table] for version in VERSIONS)
        assert {name: [case.get(f) for f in fields] for name, case in new.items()} == {
            name: [case.get(f) for f in fields] for name, case in old.items()
        }


def test_y007_says_list_entries_are_compared_as_written() -> None:
    """Recorded: ["C2P"] builds no relative term, "P2C|C2P" builds both."""
    recorded = _recording("deberta-v2", "pos-att-type", "5.23.0")["pos_att_type"]
    assert recorded["list C2P"]["outputs_as"] == ["empty"] and recorded["string P2C|C2P"]["outputs_as"] == ["c2p+p2c"]
    [finding] = _findings("deberta-v2", {"pos_att_type": ["C2P", "p2c"]}, "Y007")
    assert '"C2P"' in finding.message and '"p2c"' not in finding.message
    assert "only the string form is lowercased" in finding.message
    assert not _findings("deberta-v2", {"pos_att_type": "P2C|C2P"}, "Y007")


def test_y007_is_silent_without_relative_attention_and_bounded_on_long_lists() -> None:
    assert not _findings("deberta", {"relative_attention": False, "pos_att_type": ["foo"]}, "Y007")
    [finding] = _findings("deberta-v2", {"pos_att_type": [f"x{i}" for i in range(10_000)]}, "Y007")
    assert "and 9995 more" in finding.message and len(finding.message) < 600


def test_y006_names_what_is_missing() -> None:
    [v2] = _findings("deberta-v2", {"relative_attention": False}, "Y006")
    assert "relative_attention is false, without a convolution layer (conv_kernel_size)" in v2.message
    [v1] = _findings("deberta", {"pos_att_type": []}, "Y006")
    assert "pos_att_type has neither c2p nor p2c" in v1.message and "convolution" not in v1.message

"""``configlint rule CODE``'s Versions section and the docs' claims table say only what the recordings say."""

from __future__ import annotations

import json
from pathlib import Path

from _cli_support import run_cli
from configlint.rule_facts import claims_table, holds_in, recorded_cases, versions_section
from configlint.rules import ALL_RULES, RULES_BY_CODE
from configlint.rules.recorded_facts import CASE_OUTCOMES
from configlint.rules.version_claims import VERSION_CLAIMS

CLAIMS = Path(__file__).resolve().parent / "fixtures" / "claims"


def test_rule_shows_each_versions_recorded_outcome() -> None:
    run = run_cli(["rule", "D006"])
    assert run.code == 0
    section = run.out[run.out.index("Versions:") :]
    recorded = {
        v: json.loads((CLAIMS / f"transformers-{v}.json").read_text())["cases"]["pruned-heads"]["probes"]["layer0_query_out"]
        for v in ("5.23.0", "4.57.6")
    }
    assert recorded == {"5.23.0": 32, "4.57.6": 24}
    assert "layer0_query_out 24 (baseline 32)" in section and "identical to baseline-bert-BertModel" in section
    assert "target transformers 4 (info)" in section and "target transformers 5 (warning)" in section


def test_a_version_claim_is_listed_per_target_and_outcomes_per_case() -> None:
    for rule in ALL_RULES:
        lines = versions_section(rule)
        assert bool(lines) == bool(recorded_cases(rule) or rule.code in VERSION_CLAIMS), rule.code
        for case in recorded_cases(rule):
            assert any(line.startswith(f"| {case} |") for line in lines), (rule.code, case)


def test_same_outcome_is_said_only_where_the_versions_agree() -> None:
    assert holds_in(RULES_BY_CODE["D006"]).startswith("per target: 5.23 ignores pruned_heads")
    for rule in ALL_RULES:
        if "(same outcome)" in holds_in(rule):
            cases = recorded_cases(rule)
            assert cases and all(len(set(CASE_OUTCOMES[c].values())) == 1 for c in cases), rule.code


def test_the_claims_table_has_a_row_per_rule() -> None:
    rows = [line for line in claims_table(ALL_RULES) if line.startswith("| ") and not line.startswith("| code")]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == [rule.code for rule in ALL_RULES]


def test_rule_json_carries_the_versions() -> None:
    data = json.loads(run_cli(["rule", "L005", "--format", "json"]).out)["versions"]
    assert data["by_target"]["transformers 5"] == {
        "claim": "transformers 5.23 refuses to load this config (ValueError)",
        "severity": "error",
    }
    assert data["by_target"]["transformers 4"]["severity"] == "warning"
    assert data["recorded"]["single-label-one-label"]["5.23.0"].startswith("AutoConfig raises ValueError")

"""SARIF: validity against the official OASIS schema, rule indices, URIs, and lossless fix data.

The schema is shipped under ``tests/fixtures/sarif`` (see its NOTICE.md). jsonschema checks
``format`` only with a checker that knows the format, and it has no ``uri``/``uri-reference``
checker without optional packages, so the RFC 3986 checks are defined here: without them a
path with a space or a colon would "validate".
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

import configlint
from configlint.diagnostics import Diagnostic, Severity
from configlint.engine import lint_file
from configlint.reporters import RunResult, get_formatter, locations
from configlint.reporters.sarif import SCHEMA_URI, artifact_location, build_sarif, format_sarif, rule_descriptor
from configlint.rules import RULES_BY_CODE

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

_URI_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("uri-reference")
def is_uri_reference(value: object) -> bool:
    """RFC 3986: only URI characters, ``%`` only as ``%HH``, no ``:`` in a relative first segment."""
    if not isinstance(value, str):
        return True
    first_segment = re.split(r"[/?#]", value, maxsplit=1)[0]
    return bool(_URI_CHARS.fullmatch(value)) and (_SCHEME.match(value) is not None or ":" not in first_segment)


@FORMATS.checks("uri")
def is_absolute_uri(value: object) -> bool:
    return not isinstance(value, str) or (_SCHEME.match(value) is not None and is_uri_reference(value))


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=FORMATS)


def assert_valid(validator: jsonschema.protocols.Validator, log: dict[str, Any]) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def test_registered() -> None:
    assert get_formatter("sarif") is format_sarif


def test_shipped_schema_is_the_official_one() -> None:
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == SCHEMA_SHA256
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["id"] == SCHEMA_URI
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"


def test_validation_is_not_vacuous(validator: jsonschema.protocols.Validator, nasty: RunResult, tmp_path: Path) -> None:
    log = build_sarif(nasty, base=tmp_path)
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "info"
    assert not validator.is_valid(broken)
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b:c"
    assert not validator.is_valid(broken)
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["fixes"] = [{"description": {"text": "describe only"}}]
    assert not validator.is_valid(broken), "a description-only fix is invalid SARIF, hence the property bag"


@pytest.mark.parametrize("name", ["nasty", "awkward", "mapping_result"])
def test_valid_against_official_schema(
    validator: jsonschema.protocols.Validator, name: str, request: pytest.FixtureRequest
) -> None:
    result: RunResult = request.getfixturevalue(name)
    log = json.loads(format_sarif(result))
    assert_valid(validator, log)
    assert len(log["runs"][0]["results"]) == len(result.diagnostics)


def test_realworld_corpus_valid(
    validator: jsonschema.protocols.Validator, realworld: RunResult, realworld_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(realworld_dir)  # the corpus was linted by paths relative to it
    log = build_sarif(realworld, base=realworld_dir)
    assert_valid(validator, log)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]
    assert [unquote(uri) for uri in uris] == [d.file for d in realworld.diagnostics]


def test_empty_run_is_valid(validator: jsonschema.protocols.Validator) -> None:
    log = build_sarif(RunResult([], files=["a.json"]))
    assert_valid(validator, log)
    run = log["runs"][0]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []
    assert "originalUriBaseIds" not in run


def test_rule_index_points_at_the_rule(nasty: RunResult, awkward: RunResult) -> None:
    for result in (nasty, awkward):
        run = build_sarif(result)["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        assert [rule["id"] for rule in rules] == list(dict.fromkeys(d.code for d in result.diagnostics))
        for item in run["results"]:
            assert rules[item["ruleIndex"]]["id"] == item["ruleId"]


def test_rule_metadata_comes_from_the_registry(awkward: RunResult) -> None:
    rules = {rule["id"]: rule for rule in build_sarif(awkward)["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == {"J002", "S001", "F001", "F002"}
    for code, descriptor in rules.items():
        rule = RULES_BY_CODE[code]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"] == {"text": rule.summary}
        assert descriptor["fullDescription"] == {"text": rule.explanation}
        assert descriptor["defaultConfiguration"] == {"level": LEVELS[rule.severity]}
        assert f"```json\n{rule.bad}\n```" in descriptor["help"]["markdown"]
        assert f"```json\n{rule.good}\n```" in descriptor["help"]["markdown"]
        assert rule.explanation in descriptor["help"]["text"] and rule.good.splitlines()[0] in descriptor["help"]["text"]
    assert "Fix: " + RULES_BY_CODE["F002"].fix in rules["F002"]["help"]["markdown"]


def test_unknown_rule_gets_a_minimal_descriptor(nasty: RunResult) -> None:
    rules = build_sarif(nasty)["runs"][0]["tool"]["driver"]["rules"]
    assert rules[-1] == {"id": "X999", "name": "made-up"}


def test_results_levels_messages_regions(nasty: RunResult) -> None:
    results = build_sarif(nasty)["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "warning", "warning", "note"]
    assert [r["message"]["text"] for r in results] == [d.message for d in nasty.diagnostics]
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 7}
    assert "region" not in results[3]["locations"][0]["physicalLocation"], "line 0 means no position"


def test_logical_location_is_the_json_pointer(nasty: RunResult) -> None:
    results = build_sarif(nasty)["runs"][0]["results"]
    assert results[0]["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "/a~1b/c~0d", "name": "c~d"}]
    assert "logicalLocations" not in results[2]["locations"][0], "the whole document has no member to name"


def test_fix_is_described_losslessly_without_a_schema_fix(mapping_result: RunResult) -> None:
    results = build_sarif(mapping_result)["runs"][0]["results"]
    fixed = [(r, d) for r, d in zip(results, mapping_result.diagnostics) if d.fix is not None]
    assert len(fixed) == 1
    item, diagnostic = fixed[0]
    assert item["properties"]["fix"] == {
        "message": diagnostic.fix.message,
        "applicability": "safe",
        "edits": [{"op": "add", "pointer": "/model_type", "value": "bert"}],
    }
    assert all("fixes" not in r for r in results)
    assert all("properties" not in r for r, d in zip(results, mapping_result.diagnostics) if d.fix is None)


def test_relative_paths_use_srcroot(awkward: RunResult, tmp_path: Path) -> None:
    run = build_sarif(awkward, base=tmp_path)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    for item, diagnostic in zip(run["results"], awkward.diagnostics):
        location = item["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
        assert unquote(location["uri"]) == diagnostic.file
    assert unquote("a%2Cb%3Ac%2525/config.json") == "a,b:c%25/config.json"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%2Cb%3Ac%2525/config.json"


def test_absolute_paths(tmp_path: Path) -> None:
    inside = tmp_path / "models" / "a b" / "config.json"
    assert artifact_location(str(inside), tmp_path) == {"uri": "models/a%20b/config.json", "uriBaseId": "%SRCROOT%"}
    outside = Path("/elsewhere/ünï/config.json")
    assert artifact_location(str(outside), tmp_path) == {"uri": "file:///elsewhere/%C3%BCn%C3%AF/config.json"}
    diagnostic = Diagnostic(code="S001", severity=Severity.ERROR, message="m", file=str(outside))
    run = build_sarif(RunResult([diagnostic]), base=tmp_path)["runs"][0]
    assert "originalUriBaseIds" not in run, "no result is relative, so no base is declared"


def test_driver_and_default_base(nasty: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    log = json.loads(format_sarif(nasty))
    assert log["$schema"] == SCHEMA_URI and log["version"] == "2.1.0" and len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("configlint", configlint.__version__)
    assert is_absolute_uri(driver["informationUri"])
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    assert "ünïcødé ✓ 🙂" in format_sarif(nasty), "non-ASCII stays readable, as in the json format"


def test_information_uri_prefers_the_project_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    from email.message import Message

    fake = Message()
    fake["Project-URL"] = "Issues, https://example.org/issues"
    fake["Project-URL"] = "Homepage, https://example.org/configlint"
    monkeypatch.setattr(locations.metadata, "metadata", lambda name: fake)
    locations.project_urls.cache_clear()
    try:
        assert locations.information_uri() == "https://example.org/configlint"
        assert (
            locations.rule_uri("P001", "dead-pooler-keys")
            == "https://example.org/configlint/blob/main/docs/rules.md#p001-dead-pooler-keys"
        )
        monkeypatch.setattr(locations.metadata, "metadata", lambda name: Message())
        locations.project_urls.cache_clear()
        assert locations.information_uri() == locations.FALLBACK_INFORMATION_URI
        assert locations.rule_uri("P001", "dead-pooler-keys") is None
        assert "helpUri" not in rule_descriptor(RULES_BY_CODE["P001"]), "no home page, no link"
    finally:
        locations.project_urls.cache_clear()


def _github_anchor(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation other than ``-``/``_`` dropped, spaces to ``-``."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_help_uri_is_the_rule_section_on_the_homepage(awkward: RunResult) -> None:
    homepage = locations.project_urls()["homepage"]
    docs = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    anchors = {_github_anchor(line[3:]) for line in docs.splitlines() if line.startswith("## ")}
    for rule in RULES_BY_CODE.values():
        uri = rule_descriptor(rule)["helpUri"]
        page, _, anchor = uri.partition("#")
        assert page == f"{homepage}/blob/main/docs/rules.md" and is_absolute_uri(uri)
        assert anchor in anchors, f"{rule.code}: {uri} names no heading of docs/rules.md"


def test_invocation_has_exit_code_and_times(validator: jsonschema.protocols.Validator, nasty: RunResult) -> None:
    started = datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=timezone(timedelta(hours=-5)))
    result = nasty._replace(exit_code=1, started=started, ended=started + timedelta(seconds=2))
    log = build_sarif(result)
    assert_valid(validator, log)
    assert log["runs"][0]["invocations"] == [
        {
            "executionSuccessful": True,
            "exitCode": 1,
            "startTimeUtc": "2025-01-02T08:04:05.678Z",
            "endTimeUtc": "2025-01-02T08:04:07.678Z",
        }
    ]
    failed = build_sarif(nasty._replace(exit_code=2))["runs"][0]["invocations"]
    assert failed == [{"executionSuccessful": False, "exitCode": 2}], "exit code 2: an input could not be read"
    assert build_sarif(nasty)["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def _fingerprints(text: str, tmp_path: Path) -> dict[tuple[str, str], str]:
    (tmp_path / "config.json").write_text(text, encoding="utf-8")
    result = RunResult(sorted(lint_file(tmp_path / "config.json"), key=Diagnostic.sort_key))
    results = build_sarif(result, base=tmp_path)["runs"][0]["results"]
    return {(d.code, d.pointer): item["partialFingerprints"]["configlint/v1"] for d, item in zip(result.diagnostics, results)}


def test_fingerprints_survive_line_moves_and_tell_findings_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = _fingerprints('{"model_type": "bert", "hidden_size": "768", "pooler_type": "mean"}', tmp_path)
    after = _fingerprints(
        '{\n  "model_type": "bert",\n  "vocab_size": 30522,\n\n  "pooler_type": "mean",\n  "hidden_size": "768"\n}', tmp_path
    )
    assert len(before) >= 2 and before == after
    assert len(set(before.values())) == len(before)


def test_repeated_findings_get_distinct_fingerprints(tmp_path: Path) -> None:
    same = [
        Diagnostic(code="J002", severity=Severity.WARNING, message="duplicate", file="c.json", pointer="/a", line=n)
        for n in (1, 2, 3)
    ]
    results = build_sarif(RunResult(same), base=tmp_path)["runs"][0]["results"]
    assert len({r["partialFingerprints"]["configlint/v1"] for r in results}) == 3


def test_paths_are_relative_to_the_git_toplevel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "models" / "m").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "models")
    diagnostic = Diagnostic(code="S001", severity=Severity.ERROR, message="m", file="m/config.json")
    run = build_sarif(RunResult([diagnostic]))["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "models/m/config.json",
        "uriBaseId": "%SRCROOT%",
    }
    explicit = build_sarif(RunResult([diagnostic], root=str(tmp_path / "models")))["runs"][0]
    assert explicit["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (tmp_path / "models").as_uri() + "/"
    assert explicit["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "m/config.json"
    (tmp_path / ".git").rmdir()
    assert build_sarif(RunResult([diagnostic]))["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/models/"), (
        "no git: the cwd"
    )

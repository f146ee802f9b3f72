"""``configlint rule CODE``, ``configlint rules`` and ``configlint env``: explain, list, report versions."""

from __future__ import annotations

import json
import platform
import sys

import click

from configlint.rules import ALL_RULES, RULES_BY_CODE, Rule


def explain(rule: Rule) -> str:
    """The Markdown text of one rule, shared by ``configlint rule`` and ``docs/rules.md``."""
    lines = [
        f"## {rule.code} `{rule.name}`",
        "",
        f"**{rule.summary}.** Severity: {rule.severity.value}."
        + ("" if rule.default else " Opt-in: enable it with `--extend-select " + rule.code + "`.")
        + (f" Families: {', '.join(sorted(rule.families))}." if rule.families else ""),
        "",
        rule.explanation,
        "",
        "Bad:",
        "",
        "```json",
        rule.bad,
        "```",
        "",
        "Good:",
        "",
        "```json",
        rule.good,
        "```",
        "",
    ]
    if rule.fix:
        lines += [f"Fix: {rule.fix}.", ""]
    if rule.evidence:
        lines += [f"Evidence: {rule.evidence}", ""]
    return "\n".join(lines)


@click.command()
@click.argument("code")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rule(code: str, output_format: str) -> None:
    """Explain a rule: what it finds, why it matters, a bad and a good example, the fix."""
    found = RULES_BY_CODE.get(code.upper())
    if found is None:
        raise click.UsageError(f"no rule {code!r} (see `configlint rules`)")
    if output_format == "json":
        click.echo(json.dumps(_rule_dict(found), indent=2, ensure_ascii=False))
    else:
        click.echo(explain(found), nl=False)


def _rule_dict(rule: Rule) -> dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "explanation": rule.explanation,
        "bad": rule.bad,
        "good": rule.good,
        "fix": rule.fix,
        "default": rule.default,
        "families": sorted(rule.families) if rule.families else None,
        "evidence": rule.evidence,
    }


@click.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(output_format: str) -> None:
    """List every rule with its code, name and severity."""
    if output_format == "json":
        click.echo(json.dumps([_rule_dict(r) for r in ALL_RULES], indent=2, ensure_ascii=False))
        return
    for item in ALL_RULES:
        flags = ("fix" if item.fix else "   ") + ("" if item.default else " opt-in")
        click.echo(f"{item.code}  {item.severity.value:<7}  {flags}  {item.name}: {item.summary}")


def versions() -> dict[str, str]:
    """Versions that matter for a bug report, read from package metadata without importing torch."""
    from importlib import metadata

    from configlint import __version__

    report = {
        "configlint": __version__,
        "Python": sys.version.split()[0],
        "Platform": platform.platform(),
    }
    for package in ("pydantic", "pydantic-core", "jsonschema", "click", "huggingface-hub", "transformers", "torch", "safetensors", "sentence-transformers"):
        try:
            report[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            report[package] = "not installed"
    return report


@click.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def env(output_format: str) -> None:
    """Print versions to paste into a bug report (like `transformers env`)."""
    report = versions()
    if output_format == "json":
        click.echo(json.dumps(report, indent=2))
        return
    click.echo("Copy-and-paste the text below in your GitHub issue.\n")
    for name, version in report.items():
        click.echo(f"- {name}: {version}")

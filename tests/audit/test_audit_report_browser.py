"""The HTML audit report in a real browser: the charts render, and sorting and filtering work.

Debian's chromium, driven by the playwright package (no browser download): ``.ci/run`` installs
both. Where chromium cannot be installed the test is skipped and says why. The browser is offline:
every request other than the report's own file:// URL is aborted, and the test fails if the page
asked for one. The screenshot is saved under the test's tmp_path (its path is printed).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from audit.audit_support import diagnostic
from configlint.audit.record import AuditRecord
from configlint.audit.report import render_report
from configlint.audit.runs import begin_run, finish_run, report_context
from configlint.audit.store import AuditStore
from configlint.audit.summary import summarize
from configlint.diagnostics import Severity

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
RULES = [
    ("P001", "info", "dead-pooler-keys", "pooler_fc_size, pooler_type: no BERT-family class reads them"),
    ("P002", "warning", "pooling-intent-ignored", 'pooler_type "mean" asks for mean pooling'),
    ("F002", "warning", "missing-model-type", "no model_type"),
    ("L001", "error", "num-labels-mismatch", "num_labels is 3 but id2label has 2 labels"),
    ("D007", "warning", "unread-setting", "use_cache_v2 reads like a setting"),
]
FAMILIES = ["bert", "bert", "roberta", "distilbert", "albert"]
MODELS = 60


def _record(index: int, night: int) -> AuditRecord:
    repo_id = f"org-{index % 3}/model-{index:03d}"
    if index % 17 == 5:
        kind = "not-found" if index % 2 else "gated"
        return AuditRecord(repo_id, "", "error", error_kind=kind, error_message=f"{kind}: {repo_id}", finished_at=night)
    chosen = [rule for position, rule in enumerate(RULES) if (index + night * (position == 1)) % (position + 2) == 0]
    diagnostics = tuple(
        {**diagnostic(code, severity, name), "message": message}
        for code, severity, name, message in chosen
        for _ in range(1 + (index // 2) % 3)
    )
    load = {
        "as": "BertModel",
        "missing": ["pooler.dense.weight"] if index % 7 == 0 else [],
        "unexpected": [],
        "mismatched": [],
        "error": None,
    }
    return AuditRecord(repo_id, "", "ok", commit=f"{index:040x}", family=FAMILIES[index % len(FAMILIES)],
                       diagnostics=diagnostics, load_report=load, finished_at=night)  # fmt: skip


@pytest.fixture
def report(tmp_path: Path) -> tuple[Path, list[AuditRecord]]:
    """A report of 60 models audited on three nights, so every chart (history included) has data."""
    db = tmp_path / "audit.sqlite"
    with AuditStore(db) as store:
        store.claim_selection(json.dumps({"select": None, "extend_select": ["D007"], "ignore": ["P004"]}))
        for night in range(3):
            at = 1_700_000_000.0 + night * 86_400
            run = begin_run(store, "Hub query author=org model_type=bert", shard=None, fail_on=Severity.WARNING, now=at)
            for index in range(MODELS):
                store.put(_record(index, night))
            finish_run(store, run, now=at + 900)
        records = list(store.records())
        context = report_context(store)
    page = tmp_path / "audit.html"
    page.write_text(render_report("html", records, summarize(records), context), encoding="utf-8")
    return page, records


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[Any]:
    if not (CHROMIUM.is_file() or shutil.which("chromium")):
        reason = f"{CHROMIUM} is not installed (.ci/run installs Debian's chromium where apt-get is available)"
        print(f"SKIPPED: {reason}")
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("SKIPPED: the playwright package is not installed (it is in the test extra)")
        pytest.skip("the playwright package is not installed (it is in the test extra)")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 900}, offline=True,
        )  # fmt: skip
        asked: list[str] = []

        def only_the_file(route: Any) -> None:
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                asked.append(route.request.url)
                route.abort()

        context.route("**/*", only_the_file)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        try:
            yield page
        finally:
            context.close()
        assert asked == [], f"the report asked the network for {asked}"
        assert errors == [], f"the page reported errors: {errors}"


def _visible_rows(page: Any) -> int:
    return int(
        page.evaluate("Array.from(document.querySelectorAll('table.models tbody tr')).filter(r => r.checkVisibility()).length")
    )


def _column(page: Any, group: str, column: int) -> list[str]:
    return list(page.evaluate(
        "([key, column]) => Array.from(document.querySelector(`details.group[data-key='${key}'] tbody`).rows)"
        ".map(r => r.cells[column].textContent)", [group, column],
    ))  # fmt: skip


def test_charts_render_and_the_table_sorts_and_filters(
    report: tuple[Path, list[AuditRecord]], browser_page: Any, tmp_path: Path
) -> None:
    path, records = report
    page = browser_page
    page.goto(path.as_uri())
    page.screenshot(path=str(tmp_path / "audit-report-top.png"))

    charts = page.locator("svg.chart")
    assert charts.count() == 4  # by rule, by severity, by family, over time
    for index in range(4):
        box = charts.nth(index).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 40
    bars = page.locator("svg.chart rect")
    assert bars.count() > 20
    assert all((bars.nth(i).bounding_box() or {}).get("width", 0) > 0 for i in range(bars.count()))

    summary = summarize(records)
    groups = {group.key: group for group in summary.groups}
    assert page.locator("details.group").count() == len(summary.groups)
    open_at_first = page.evaluate("Array.from(document.querySelectorAll('details.group')).map(d => d.open)")
    assert open_at_first == [len(g.rows) <= 10 for g in summary.groups]  # long groups start collapsed
    shown_at_first = _visible_rows(page)
    assert shown_at_first == sum(len(g.rows) for g in summary.groups if len(g.rows) <= 10)

    title = f"P001 {groups['P001'].name}"
    header = page.locator(f"details.group[data-key='{title}'] th", has_text="findings")
    page.locator(f"details.group[data-key='{title}'] > summary").click()  # open the long group
    header.click()
    ascending = [int(n) for n in _column(page, title, 2)]
    assert ascending == sorted(ascending) and ascending[0] < ascending[-1]
    header.click()
    assert [int(n) for n in _column(page, title, 2)] == sorted(ascending, reverse=True)
    page.locator(f"details.group[data-key='{title}'] th", has_text="model").click()
    models = _column(page, title, 0)
    assert models == sorted(models)
    page.locator(f"details.group[data-key='{title}'] > summary").click()  # closed again

    page.fill("#filter", "model-01")
    expected = sum(1 for g in summary.groups for row in g.rows if "model-01" in row.record.repo_id)
    assert expected > 0 and _visible_rows(page) == expected
    assert page.locator("#matches").text_content() == f"{expected} matching rows"
    page.fill("#filter", "num-labels")  # a rule's name shows its whole group
    assert _visible_rows(page) == len(groups["L001"].rows)
    page.fill("#filter", "")
    assert _visible_rows(page) == shown_at_first

    shot = tmp_path / "audit-report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")

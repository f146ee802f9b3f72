"""Regenerate everything derived from the pydantic family models.

    python scripts/generate_schema_artifacts.py

writes ``schemas/*.schema.json`` (for editors and check-jsonschema) and
``src/configlint/schema/_field_table.py`` (the plain-data table ``configlint check`` validates
with, so that it never imports pydantic). Tests fail when either is stale.
"""

from __future__ import annotations

from pathlib import Path

from configlint.fixing import atomic_write
from configlint.schema.export import write_schemas
from configlint.schema.field_table import build_field_table, render_module

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "src" / "configlint" / "schema" / "_field_table.py"


def main() -> None:
    for path in write_schemas(ROOT / "schemas"):
        print(f"wrote {path.relative_to(ROOT)}")
    content = render_module(build_field_table())
    if not TABLE.is_file() or TABLE.read_text(encoding="utf-8") != content:
        atomic_write(TABLE, content)
        print(f"wrote {TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""``configlint schema``: write (or check) the JSON Schemas generated from the pydantic models."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--output-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("schemas"), show_default=True)
@click.option("--check", "check_only", is_flag=True, help="Exit 1 when a schema file is missing or out of date; write nothing.")
def schema(output_dir: Path, check_only: bool) -> None:
    """Write one JSON Schema (draft 2020-12) per family, e.g. schemas/bert.schema.json."""
    from configlint.schema.export import stale_schemas, write_schemas

    if check_only:
        stale = stale_schemas(output_dir)
        for path in stale:
            click.echo(f"{path}: out of date (run `configlint schema --output-dir {output_dir}`)")
        raise click.exceptions.Exit(1 if stale else 0)
    for path in write_schemas(output_dir):
        click.echo(f"wrote {path}")

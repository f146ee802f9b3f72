"""``configlint migrate NAME PATH...``: rewrite configs with a named migration."""

from __future__ import annotations

from pathlib import Path

import click

from configlint.migrations import MIGRATIONS


@click.command()
@click.argument("name", type=click.Choice(sorted(MIGRATIONS)))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--diff", is_flag=True, help="Print what would change; write nothing.")
@click.option("--check", "check_only", is_flag=True, help="Exit 1 when a file would change; write nothing.")
def migrate(name: str, paths: tuple[Path, ...], diff: bool, check_only: bool) -> None:
    """Apply a named migration: google-to-hf, pooling-to-sentence-transformers, transformers-v5."""
    from configlint.discovery import discover
    from configlint.migrations import migrate_file

    migration = MIGRATIONS[name]
    changed = 0
    for path in discover(paths):
        result = migrate_file(path, migration, write=not (diff or check_only))
        if not result.changed:
            continue
        changed += 1
        if diff:
            click.echo(result.diff(), nl=False)
        elif check_only:
            click.echo(f"{path}: would be migrated ({name})")
        else:
            written = ", ".join(str(p) for p in result.new_files)
            click.echo(f"{path}: migrated ({name})" + (f"; wrote {written}" if written else ""))
        for note in result.notes:
            click.echo(f"  note: {note}", err=diff)
    if not diff:
        verb = "would change" if check_only else "changed"
        click.echo(f"{changed} file{'s' if changed != 1 else ''} {verb}.")
    raise click.exceptions.Exit(1 if check_only and changed else 0)

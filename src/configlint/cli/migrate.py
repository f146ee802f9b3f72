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
@click.option("--force", is_flag=True, help="Replace files the migration writes (1_Pooling/config.json) when they already exist.")
@click.option(
    "--rename-original",
    is_flag=True,
    help="google-to-hf: move bert_config.json (or the like) to <name>.orig once config.json is written [default: keep it].",
)
def migrate(name: str, paths: tuple[Path, ...], diff: bool, check_only: bool, force: bool, rename_original: bool) -> None:
    """Apply a named migration: google-to-hf, pooling-to-sentence-transformers, transformers-v5."""
    from configlint.discovery import discover
    from configlint.errors import InputError
    from configlint.escaping import visible
    from configlint.migrations import migrate_file
    from configlint.migrations.google_to_hf import rename_original as move_aside
    from configlint.migrations.google_to_hf import replaced_original

    migration = MIGRATIONS[name]
    changed = 0
    found = discover(paths)
    for problem in found.problems:
        click.echo(f"configlint: error: {visible(problem.source)}: {problem.message}", err=True)
    failed = bool(found.problems)
    for path in (item.path for item in found.files):
        try:
            result = migrate_file(path, migration, write=not (diff or check_only), force=force)
            writes = not (diff or check_only) and replaced_original(result)
            moved = move_aside(path) if writes and rename_original else None
        except InputError as error:  # unreadable, refused, or a file it would replace without --force
            click.echo(f"configlint: error: {error.one_line()}", err=True)
            failed = True
            continue
        if not result.changed:
            continue
        changed += 1
        if diff:
            click.echo(result.diff(), nl=False)
        elif check_only:
            click.echo(f"{visible(str(path))}: would be migrated ({name})")
        else:
            written = ", ".join(str(p) for p in result.new_files)
            click.echo(f"{visible(str(path))}: migrated ({name})" + (f"; wrote {visible(written)}" if written else ""))
            if moved is not None:
                click.echo(f"  renamed {visible(str(path))} to {visible(moved.name)}")
            elif writes:
                click.echo(f"  kept {visible(str(path))} unchanged (--rename-original moves it to {visible(path.name)}.orig)")
        for note in result.notes:
            click.echo(f"  note: {visible(note)}", err=diff)
    if not diff:
        verb = "would change" if check_only else "changed"
        click.echo(f"{changed} file{'s' if changed != 1 else ''} {verb}.")
    if failed:
        raise click.exceptions.Exit(2)
    raise click.exceptions.Exit(1 if check_only and changed else 0)

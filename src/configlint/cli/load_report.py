"""``configlint load-report PATH [--as CLASS]``: what transformers will say when it loads these weights.

PATH is a model folder with config.json and its weights (safetensors, sharded safetensors or a
torch ``.bin``), or a Hub repo ``org/name[@rev]`` whose tensor headers are read by range requests. The answer is :func:`configlint.load_report.predict_load_report`, the same
``missing``/``unexpected``/``mismatched`` lists (or error) transformers 5.x returns from
``from_pretrained(..., ignore_mismatched_sizes=True, output_loading_info=True)``, read from the
tensor headers alone. Exit code: 0 when everything loads as is, 1 when the report has anything to
say (including an error transformers would raise), 2 when the folder cannot be read.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from configlint.cli.options import output_options, write_report
from configlint.errors import ConfiglintError, InputError
from configlint.escaping import visible
from configlint.load_report import LoadReport, report_folder, report_remote


def format_text(report: LoadReport, folder: str) -> str:
    """A human summary: one section per list, ``key: checkpoint SHAPE, model expects SHAPE`` for mismatches.

    Folder, tensor names and error texts come from the model's files: each line is escaped
    (:func:`configlint.escaping.visible`) so none of them can drive the terminal or add a line.
    """
    lines = [f"{folder}: loading as {report.as_class or '?'}"]
    if report.error:
        cause = f" (caused by {report.cause})" if report.cause else ""
        raises = "from_pretrained raises " if report.error.split(":", 1)[0].isidentifier() else ""
        lines.append(f"  error: {raises}{report.error}{cause}")
        return "\n".join(map(visible, lines))
    if report.clean:
        lines.append("  every weight loads as is")
        return "\n".join(map(visible, lines))
    sections = (
        ("missing (newly initialised)", list(report.missing)),
        ("unexpected (not used)", list(report.unexpected)),
        (
            "mismatched (re-initialised with ignore_mismatched_sizes=True, an error without it)",
            [f"{m.key}: checkpoint {list(m.checkpoint)}, model expects {list(m.expected)}" for m in report.mismatched],
        ),
    )
    for title, items in sections:
        if items:
            lines.append(f"  {title}: {len(items)}")
            lines.extend(f"    {item}" for item in items)
    if report.strict_error and report.strict_error != report.error:
        lines.append(f"  without ignore_mismatched_sizes=True: {report.strict_error}")
    return "\n".join(map(visible, lines))


@click.command("load-report")
@click.argument("path")
@click.option("--as", "as_class", metavar="CLASS", help="Model class to load as [default: config's architectures[0]].")
@output_options(["text", "json"], "text")
@click.option("--token", help="Hub token for an org/name[@rev] source [default: HF_TOKEN, then the stored login].")
@click.option("--verbose", "-v", is_flag=True, help="Report Hub requests and bytes transferred on stderr.")
def load_report(
    path: str, as_class: str | None, output_format: str, output_file: Path | None, token: str | None, verbose: bool
) -> None:
    """Predict transformers' load report (missing/unexpected/mismatched keys) for a model folder or Hub repo."""
    from configlint.cli.check import remote_error_line
    from configlint.hub.source import parse_remote

    if as_class is not None:
        _check_class_name(as_class)
    remote = parse_remote(path)
    try:
        if remote is not None:
            report = report_remote(
                remote,
                as_class,
                token=token,
                cost=(lambda line: click.echo(f"configlint: {line}", err=True)) if verbose else None,
            )
        else:
            folder = Path(path)
            if folder.name == "config.json" and folder.is_file():
                folder = folder.parent  # the config itself names its model folder
            elif not folder.is_dir():
                raise InputError(
                    "no such model folder" if not folder.exists() else "not a model folder (give the folder, or its config.json)",
                    source=path,
                )
            report = report_folder(folder, as_class)
    except ConfiglintError as error:
        click.echo(f"configlint: error: {remote_error_line(error)}", err=True)
        if output_format == "json":  # still one parseable object on stdout
            write_report(json.dumps({"as": as_class, "error": remote_error_line(error)}, indent=2) + "\n", output_file)
        raise click.exceptions.Exit(2) from None
    shown = str(remote) if remote is not None else str(folder)
    if output_format == "json":
        write_report(
            json.dumps({**report.to_dict(), **({"cause": report.cause} if report.cause else {})}, indent=2) + "\n", output_file
        )
    else:
        write_report(format_text(report, shown) + "\n", output_file)
    raise click.exceptions.Exit(0 if report.clean else 1)


def _check_class_name(name: str) -> None:
    """``--as`` names a class configlint models, or it is a usage error that suggests the nearest one."""
    import difflib

    from configlint.architectures import CLASSES

    if name in CLASSES:
        return
    nearest = difflib.get_close_matches(name, list(CLASSES), n=1, cutoff=0.6)
    hint = f"; did you mean {nearest[0]}?" if nearest else ""
    raise click.BadParameter(f"unknown model class {name!r}{hint} (known: {', '.join(sorted(CLASSES))})", param_hint="'--as'")

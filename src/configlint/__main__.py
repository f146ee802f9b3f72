"""``python -m configlint`` runs the CLI."""

from configlint.cli import entry_point

entry_point()

"""Named migrations (``configlint migrate NAME``): an explicit table."""

from __future__ import annotations

from configlint.migrations import google_to_hf, pooling_to_st, transformers_v5
from configlint.migrations.base import Migration, MigrationPlan
from configlint.migrations.runner import MigrationResult, migrate_file

MIGRATIONS: dict[str, Migration] = {
    migration.name: migration for migration in (google_to_hf.MIGRATION, pooling_to_st.MIGRATION, transformers_v5.MIGRATION)
}

__all__ = ["MIGRATIONS", "Migration", "MigrationPlan", "MigrationResult", "migrate_file"]

"""The body of every service's alembic env.py: its own version table, its own tables only."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel


def run_migrations() -> None:
    config = context.config
    version_table = config.attributes.get("version_table", "alembic_version")
    prefix = config.attributes.get("table_prefix", "")

    def own_tables(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
        return type_ != "table" or (name or "").startswith(prefix)

    options = {
        "target_metadata": SQLModel.metadata,
        "version_table": version_table,
        "include_object": own_tables,
        "render_as_batch": True,
    }
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()

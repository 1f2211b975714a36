"""Alembic env shared by every service; each service passes its own versions and version table."""

from shared.alembic.environment import run_migrations

run_migrations()

"""router: assignments, deliveries, the public timeline, department keys

Revision ID: router_0002
Revises: router_0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "router_0002"
down_revision = "router_0001"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "router_assignment",
        sa.Column("report_id", sa.String(), primary_key=True),
        sa.Column("body_id", sa.String(), primary_key=True, index=True),
        sa.Column("reference", sa.String(), nullable=False, index=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("assigned_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
    )
    op.create_table(
        "router_delivery",
        sa.Column("delivery_id", sa.String(), primary_key=True),
        sa.Column("report_id", sa.String(), nullable=False, index=True),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("body_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(), nullable=False, index=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("next_attempt_at", _TS, nullable=False, index=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("external_id", sa.String(), nullable=True),
        sa.Column("finished_at", _TS, nullable=True),
    )
    op.create_table(
        "router_timeline",
        sa.Column("entry_id", sa.String(), primary_key=True),
        sa.Column("report_id", sa.String(), nullable=False, index=True),
        sa.Column("at", _TS, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("body_id", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_table(
        "router_department_key",
        sa.Column("key_hash", sa.String(), primary_key=True),
        sa.Column("body_id", sa.String(), nullable=False, index=True),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("revoked_at", _TS, nullable=True),
    )


def downgrade() -> None:
    for table in (
        "router_department_key",
        "router_timeline",
        "router_delivery",
        "router_assignment",
    ):
        op.drop_table(table)

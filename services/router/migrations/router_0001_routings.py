"""router: one routing and reference per report

Revision ID: router_0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "router_0001"
down_revision = None
branch_labels = ("router",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "router_routing",
        sa.Column("report_id", sa.String(), primary_key=True),
        sa.Column("reference", sa.String(), nullable=False, unique=True),
        sa.Column("routing", sa.JSON(), nullable=False),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("router_routing")

"""ingest: feed cursors and the published-post ledger

Revision ID: ingest_0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "ingest_0001"
down_revision = None
branch_labels = ("ingest",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_feed_cursor",
        sa.Column("feed", sa.String(), primary_key=True),
        sa.Column("cursor", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "ingest_published_post",
        sa.Column("platform", sa.String(), primary_key=True),
        sa.Column("platform_id", sa.String(), primary_key=True),
        sa.Column("report_id", sa.String(), nullable=False, index=True),
        sa.Column("feed", sa.String(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ingest_published_post")
    op.drop_table("ingest_feed_cursor")

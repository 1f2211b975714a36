"""notifier: one acknowledgement per report

Revision ID: notifier_0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "notifier_0001"
down_revision = None
branch_labels = ("notifier",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notifier_reply",
        sa.Column("report_id", sa.String(), primary_key=True),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("in_reply_to", sa.String(), nullable=False),
        sa.Column("reply_id", sa.String(), nullable=False),
        sa.Column("from_account", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("notifier_reply")

"""classifier: one stored decision per report

Revision ID: classifier_0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "classifier_0001"
down_revision = None
branch_labels = ("classifier",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "classifier_classification",
        sa.Column("report_id", sa.String(), primary_key=True),
        sa.Column("mention_event_id", sa.String(), nullable=False),
        sa.Column("classification", sa.JSON(), nullable=False),
        sa.Column("classified_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("classifier_classification")

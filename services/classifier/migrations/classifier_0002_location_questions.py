"""classifier: posts whose replies may say where a report is

Revision ID: classifier_0002
Revises: classifier_0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "classifier_0002"
down_revision = "classifier_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "classifier_location_question",
        sa.Column("platform", sa.String(), primary_key=True),
        sa.Column("post_id", sa.String(), primary_key=True),
        sa.Column("report_id", sa.String(), nullable=False, index=True),
        sa.Column("answered_by", sa.String(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("classifier_location_question")

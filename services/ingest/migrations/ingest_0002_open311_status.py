"""ingest: Open311 request status, kept from the routing and department updates

Revision ID: ingest_0002
Revises: ingest_0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "ingest_0002"
down_revision = "ingest_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_open311_status",
        sa.Column("service_request_id", sa.String(), primary_key=True),
        sa.Column("report_id", sa.String(), nullable=False, index=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("status_notes", sa.Text(), nullable=True),
        sa.Column("agency_responsible", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ingest_open311_status")

"""notifier: threads, every message once, deadline timers

Revision ID: notifier_0002
Revises: notifier_0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "notifier_0002"
down_revision = "notifier_0001"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "notifier_thread",
        sa.Column("report_id", sa.String(), primary_key=True),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("post_id", sa.String(), nullable=False),
        sa.Column("from_account", sa.String(), nullable=False),
        sa.Column("visibility", sa.String(), nullable=True),
        sa.Column("greeting", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("urgency", sa.String(), nullable=False),
    )
    op.create_table(
        "notifier_message",
        sa.Column("message_key", sa.String(), primary_key=True),
        sa.Column("report_id", sa.String(), nullable=False, index=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("in_reply_to", sa.String(), nullable=False),
        sa.Column("reply_id", sa.String(), nullable=False),
        sa.Column("from_account", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", _TS, nullable=False),
    )
    # First acknowledgements sent before this revision keep their once-only key.
    op.execute(
        "INSERT INTO notifier_message (message_key, report_id, kind, reference, platform, "
        "in_reply_to, reply_id, from_account, text, sent_at) SELECT 'ack:' || report_id, "
        "report_id, 'first_reply', reference, platform, in_reply_to, reply_id, from_account, "
        "text, sent_at FROM notifier_reply"
    )
    op.drop_table("notifier_reply")
    op.create_table(
        "notifier_timer",
        sa.Column("timer_id", sa.String(), primary_key=True),
        sa.Column("report_id", sa.String(), nullable=False, index=True),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("body_id", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("deadline", _TS, nullable=False),
        sa.Column("due_at", _TS, nullable=False, index=True),
        sa.Column("fired_at", _TS, nullable=True),
        sa.Column("cancelled_at", _TS, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("notifier_timer")
    op.drop_table("notifier_message")
    op.drop_table("notifier_thread")

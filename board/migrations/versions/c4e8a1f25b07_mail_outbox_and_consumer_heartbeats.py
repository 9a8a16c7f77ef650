"""mail outbox and queue consumer heartbeats

Revision ID: c4e8a1f25b07
Revises: c4d7e2a9b1f0
Create Date: 2026-12-03 12:35:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "c4e8a1f25b07"
down_revision = "c4d7e2a9b1f0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("pending", "sending", "sent", "failed", name="outbox_status", native_enum=False,
                    create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    op.create_index("ix_outbox_messages_status_next", "outbox_messages", ["status", "next_attempt_at"])
    op.create_index(op.f("ix_outbox_messages_created_at"), "outbox_messages", ["created_at"])
    op.create_table(
        "consumer_heartbeats",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_consumer_heartbeats")),
    )


def downgrade():
    op.drop_table("consumer_heartbeats")
    op.drop_index(op.f("ix_outbox_messages_created_at"), table_name="outbox_messages")
    op.drop_index("ix_outbox_messages_status_next", table_name="outbox_messages")
    op.drop_table("outbox_messages")

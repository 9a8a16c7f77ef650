"""when a lunch day's sign-up was announced and its reminder sent; when a survey round's deadline reminder went

Revision ID: d5f2b8c3e614
Revises: d2f16a0c7e31
Create Date: 2026-12-03 14:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "d5f2b8c3e614"
down_revision = "d2f16a0c7e31"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("lunch_days") as batch:
        batch.add_column(sa.Column("signup_announced_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("survey_rounds") as batch:
        batch.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("survey_rounds") as batch:
        batch.drop_column("reminded_at")
    with op.batch_alter_table("lunch_days") as batch:
        batch.drop_column("reminded_at")
        batch.drop_column("signup_announced_at")

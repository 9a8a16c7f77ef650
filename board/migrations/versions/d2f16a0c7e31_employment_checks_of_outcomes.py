"""employment checks of hires recorded as outcomes (off the board)

Revision ID: d2f16a0c7e31
Revises: c4e8a1f25b07
Create Date: 2026-12-03 14:05:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "d2f16a0c7e31"
down_revision = "c4e8a1f25b07"
branch_labels = None
depends_on = None


def upgrade():
    # A check belongs to an accepted offer (a hire through the board) or to an employed outcome the
    # committee recorded (hires before the board, or elsewhere): funders ask about both.
    with op.batch_alter_table("employment_checks") as batch:
        batch.add_column(sa.Column("outcome_id", sa.Integer(), nullable=True))
        batch.alter_column("offer_id", existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key("fk_employment_checks_outcome_id_outcomes", "outcomes", ["outcome_id"], ["id"],
                                 ondelete="CASCADE")
        batch.create_index("ix_employment_checks_outcome_id", ["outcome_id"], unique=False)
        batch.create_unique_constraint("uq_employment_checks_outcome_id", ["outcome_id", "months"])


def downgrade():
    op.execute("DELETE FROM employment_checks WHERE offer_id IS NULL")
    with op.batch_alter_table("employment_checks") as batch:
        batch.drop_constraint("uq_employment_checks_outcome_id", type_="unique")
        batch.drop_index("ix_employment_checks_outcome_id")
        batch.drop_constraint("fk_employment_checks_outcome_id_outcomes", type_="foreignkey")
        batch.alter_column("offer_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("outcome_id")

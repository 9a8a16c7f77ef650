"""offers with their terms and employment checks

Revision ID: 90cc4c06ef89
Revises: 0f1c79bbed62
Create Date: 2026-12-03 12:30:29

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '90cc4c06ef89'
down_revision = '0f1c79bbed62'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade():
    op.create_table('offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=120), nullable=False),
    sa.Column('employment_type', _enum('offer_employment_type', 'full_time', 'contract', 'intern'), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('salary', sa.Integer(), nullable=True),
    sa.Column('salary_by_policy', sa.Boolean(), nullable=False),
    sa.Column('probation_months', sa.Integer(), nullable=False),
    sa.Column('workplace', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('answer_by', sa.Date(), nullable=False),
    sa.Column('interview_confirmed', sa.Boolean(), nullable=False),
    sa.Column('state', _enum('offer_state', 'offered', 'accepted', 'declined', 'withdrawn'), nullable=False),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('made_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['made_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_offers_application_id'), 'offers', ['application_id'], unique=False)
    op.create_index(op.f('ix_offers_state'), 'offers', ['state'], unique=False)
    op.create_table('employment_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('status', _enum('retention_status', 'verified', 'left', 'unknown'), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('by_company', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('offer_id', 'months')
    )
    op.create_index(op.f('ix_employment_checks_offer_id'), 'employment_checks', ['offer_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_employment_checks_offer_id'), table_name='employment_checks')
    op.drop_table('employment_checks')
    op.drop_index(op.f('ix_offers_state'), table_name='offers')
    op.drop_index(op.f('ix_offers_application_id'), table_name='offers')
    op.drop_table('offers')

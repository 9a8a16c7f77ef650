"""index for the pipeline's columns: applications by stage and waiting time

Revision ID: 0f1c79bbed62
Revises: 8b1f3c6d2e90
Create Date: 2026-11-26 03:50:54.092864

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0f1c79bbed62'
down_revision = '8b1f3c6d2e90'
branch_labels = None
depends_on = None


def upgrade():
    # A plain CREATE INDEX: batch mode could rebuild the table on SQLite.
    op.create_index('ix_applications_stage_changed', 'applications', ['stage', 'stage_changed_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_applications_stage_changed', table_name='applications')

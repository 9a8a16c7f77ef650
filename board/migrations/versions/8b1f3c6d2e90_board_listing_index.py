"""board listing index: openings (status, published_at, id)

The board shows open openings newest first, 20 a page. With this index the database walks
the published openings in that order and stops after a page; without it, it sorted every
match of a common search word (데이터 is in most postings) before returning 20.
A plain CREATE INDEX: no batch mode, so the search-index triggers of 5d2e8a41c7f3 stay.

Revision ID: 8b1f3c6d2e90
Revises: 5d2e8a41c7f3
Create Date: 2026-11-26 03:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8b1f3c6d2e90'
down_revision = '5d2e8a41c7f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_openings_board", "openings", ["status", "published_at", "id"])


def downgrade():
    op.drop_index("ix_openings_board", table_name="openings")

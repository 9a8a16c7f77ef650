"""project versions: projects keep every submitted and edited state, as openings do

Revision ID: c4d7e2a9b1f0
Revises: c41e5d7a9b20
Create Date: 2026-12-03 12:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4d7e2a9b1f0"
down_revision = "c41e5d7a9b20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "project_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_project_versions_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_versions_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_versions")),
        sa.UniqueConstraint("project_id", "number", name=op.f("uq_project_versions_project_id")),
    )
    op.create_index(op.f("ix_project_versions_project_id"), "project_versions", ["project_id"], unique=False)

    # Every existing project starts with one version of what it holds now, approved if it is on
    # the board, so the committee's next review has something to compare with.
    bind = op.get_bind()
    skills = {}
    for project_id, name in bind.execute(
        sa.text(
            "SELECT ps.project_id, s.name FROM project_skills ps JOIN skills s ON s.id = ps.skill_id ORDER BY s.name"
        )
    ):
        skills.setdefault(project_id, []).append(name)
    rows = []
    for p in bind.execute(
        sa.text(
            "SELECT id, title, team_size, description, status, created_by_id, updated_at, published_at FROM projects"
        )
    ).mappings():
        content = {
            "title": p["title"],
            "team_size": p["team_size"],
            "skills": ", ".join(skills.get(p["id"], [])),
            "description": p["description"],
        }
        rows.append({
            "project_id": p["id"], "number": 1, "content": content, "created_at": p["updated_at"],
            "created_by_id": p["created_by_id"],
            "approved_at": p["published_at"] if p["status"] == "published" else None,
        })
    # Timestamps go back as they came (text on SQLite, datetimes on PostgreSQL); only the content is typed.
    insert = sa.text(
        "INSERT INTO project_versions (project_id, number, content, created_at, created_by_id, approved_at) "
        "VALUES (:project_id, :number, :content, :created_at, :created_by_id, :approved_at)"
    ).bindparams(sa.bindparam("content", type_=sa.JSON()))
    for row in rows:
        bind.execute(insert, row)


def downgrade():
    op.drop_index(op.f("ix_project_versions_project_id"), table_name="project_versions")
    op.drop_table("project_versions")

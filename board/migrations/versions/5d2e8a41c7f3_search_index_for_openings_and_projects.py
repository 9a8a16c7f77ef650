"""search index for openings and projects: FTS5 trigram tables on SQLite, pg_trgm on PostgreSQL

The board's Korean substring search (board/domain/search.py) asks the index for candidates and
checks them with the plain LIKE it always used. The index holds the title, the description
and the company's name; skills are matched in their own small vocabulary table instead, so
that the many skill links a bulk load writes never rewrite an index row. The index lives
outside the models, kept in sync by triggers so that every write path (ORM, bulk UPDATE,
a shell) updates it: openings and projects written or deleted, companies renamed.

SQLite: `opening_search` and `project_search` are FTS5 tables with the trigram tokenizer,
rowid = the opening's / project's id. PostgreSQL: plain tables of one lower-cased document
per row with a GIN gin_trgm_ops index (the database needs a UTF-8 ctype for Korean trigrams).

Beware in later migrations: SQLite batch mode ("move and copy") recreates a table and so
drops its triggers; a batch migration of openings, projects or companies must create that
table's triggers again (copy them from here).

Revision ID: 5d2e8a41c7f3
Revises: 367a9c6049b2
Create Date: 2026-11-26 02:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5d2e8a41c7f3'
down_revision = '367a9c6049b2'
branch_labels = None
depends_on = None

SQLITE_COMPANY = "(SELECT name FROM companies WHERE id = {id})"

SQLITE = [
    "CREATE VIRTUAL TABLE opening_search USING fts5(title, description, company, tokenize = 'trigram')",
    "CREATE VIRTUAL TABLE project_search USING fts5(title, description, company, tokenize = 'trigram')",
    f"""CREATE TRIGGER openings_search_insert AFTER INSERT ON openings BEGIN
        INSERT INTO opening_search (rowid, title, description, company)
        VALUES (new.id, new.title, new.description, {SQLITE_COMPANY.format(id='new.company_id')});
    END""",
    f"""CREATE TRIGGER openings_search_update AFTER UPDATE OF title, description, company_id ON openings BEGIN
        UPDATE opening_search SET title = new.title, description = new.description,
               company = {SQLITE_COMPANY.format(id='new.company_id')} WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER openings_search_delete AFTER DELETE ON openings BEGIN
        DELETE FROM opening_search WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER companies_search_rename AFTER UPDATE OF name ON companies BEGIN
        UPDATE opening_search SET company = new.name WHERE rowid IN (SELECT id FROM openings WHERE company_id = new.id);
        UPDATE project_search SET company = new.name WHERE rowid IN (SELECT id FROM projects WHERE company_id = new.id);
    END""",
    f"""CREATE TRIGGER projects_search_insert AFTER INSERT ON projects BEGIN
        INSERT INTO project_search (rowid, title, description, company)
        VALUES (new.id, new.title, new.description, {SQLITE_COMPANY.format(id='new.company_id')});
    END""",
    f"""CREATE TRIGGER projects_search_update AFTER UPDATE OF title, description, company_id ON projects BEGIN
        UPDATE project_search SET title = new.title, description = new.description,
               company = {SQLITE_COMPANY.format(id='new.company_id')} WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER projects_search_delete AFTER DELETE ON projects BEGIN
        DELETE FROM project_search WHERE rowid = old.id;
    END""",
    # What is already there.
    f"""INSERT INTO opening_search (rowid, title, description, company)
        SELECT o.id, o.title, o.description, {SQLITE_COMPANY.format(id='o.company_id')} FROM openings o""",
    f"""INSERT INTO project_search (rowid, title, description, company)
        SELECT p.id, p.title, p.description, {SQLITE_COMPANY.format(id='p.company_id')} FROM projects p""",
]
SQLITE_TRIGGERS = [
    "openings_search_insert", "openings_search_update", "openings_search_delete", "companies_search_rename",
    "projects_search_insert", "projects_search_update", "projects_search_delete",
]

# One lower-cased document per opening / project; the separator keeps words of two fields apart.
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE opening_search (
        opening_id integer PRIMARY KEY REFERENCES openings (id) ON DELETE CASCADE,
        document text NOT NULL)""",
    "CREATE INDEX ix_opening_search_document ON opening_search USING gin (document gin_trgm_ops)",
    """CREATE TABLE project_search (
        project_id integer PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
        document text NOT NULL)""",
    "CREATE INDEX ix_project_search_document ON project_search USING gin (document gin_trgm_ops)",
    """CREATE FUNCTION opening_search_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO opening_search (opening_id, document)
        SELECT o.id, concat_ws(chr(10), lower(o.title), lower(o.description), lower(c.name))
        FROM openings o JOIN companies c ON c.id = o.company_id WHERE o.id = ANY (ids)
        ON CONFLICT (opening_id) DO UPDATE SET document = excluded.document
    $$""",
    """CREATE FUNCTION project_search_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO project_search (project_id, document)
        SELECT p.id, concat_ws(chr(10), lower(p.title), lower(p.description), lower(c.name))
        FROM projects p JOIN companies c ON c.id = p.company_id WHERE p.id = ANY (ids)
        ON CONFLICT (project_id) DO UPDATE SET document = excluded.document
    $$""",
    """CREATE FUNCTION search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'openings' THEN
            PERFORM opening_search_refresh(ARRAY[NEW.id]);
        ELSIF TG_TABLE_NAME = 'projects' THEN
            PERFORM project_search_refresh(ARRAY[NEW.id]);
        ELSIF TG_TABLE_NAME = 'companies' THEN
            PERFORM opening_search_refresh(ARRAY(SELECT id FROM openings WHERE company_id = NEW.id));
            PERFORM project_search_refresh(ARRAY(SELECT id FROM projects WHERE company_id = NEW.id));
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER openings_search_sync AFTER INSERT OR UPDATE OF title, description, company_id ON openings
        FOR EACH ROW EXECUTE FUNCTION search_sync()""",
    """CREATE TRIGGER projects_search_sync AFTER INSERT OR UPDATE OF title, description, company_id ON projects
        FOR EACH ROW EXECUTE FUNCTION search_sync()""",
    """CREATE TRIGGER companies_search_sync AFTER UPDATE OF name ON companies
        FOR EACH ROW EXECUTE FUNCTION search_sync()""",
    # What is already there.
    "SELECT opening_search_refresh(ARRAY(SELECT id FROM openings))",
    "SELECT project_search_refresh(ARRAY(SELECT id FROM projects))",
]


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        statements = POSTGRESQL
    else:
        statements = SQLITE
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in ("openings", "projects", "companies"):
            op.execute(f"DROP TRIGGER {table}_search_sync ON {table}")
        op.execute("DROP FUNCTION search_sync()")
        op.execute("DROP FUNCTION opening_search_refresh(integer[])")
        op.execute("DROP FUNCTION project_search_refresh(integer[])")
        op.execute("DROP TABLE project_search")
        op.execute("DROP TABLE opening_search")
        # pg_trgm stays: other indexes may use it, and it holds no data of the board's.
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE project_search")
        op.execute("DROP TABLE opening_search")

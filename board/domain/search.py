"""Finding openings on the board: the query its filters build, and the search index.

Korean has no spaces to split words on reliably (컴퓨터비전 must answer 비전), so search is
by substring. A LIKE over several columns reads every row; the index finds candidates
instead: an FTS5 trigram table on SQLite, a pg_trgm GIN index on PostgreSQL, both kept in
sync by triggers (migration 5d2e8a41c7f3). The candidates are then checked with the same
LIKE as before, so the index changes how fast results come, never which ones.
"""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import column, exists, func, or_, select, table
from sqlalchemy.orm import contains_eager, lazyload, selectinload

from board.platform.extensions import db
from board.models.types import board_today
from board.models import Agreement, Application, CareerLevel, Company, EmploymentType, JobRole, Opening, OpeningSkill, Skill
from board.models.trainees import trainee_skills

MAX_QUERY = 100


@dataclass(frozen=True)
class OpeningFilters:
    """What the board is narrowed to, as plain values: the web form, a job or a test builds it.

    Empty values filter nothing; skill_ids are vocabulary Skill ids, every one of them required.
    """

    q: str = ""
    role: JobRole | None = None
    type: EmploymentType | None = None
    career: CareerLevel | None = None
    region: str = ""
    skill_ids: tuple[int, ...] = ()
    partner: bool = False
    closing: bool = False


def _like(text):
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# The index tables (created by the migration, not the models) and, on SQLite, FTS5's own shadow tables.
SEARCH_TABLES = ("opening_search", "project_search")
# SQLite 3.40's trigram tokenizer finds nothing for fewer than three characters, and LIKE on
# the FTS table finds nothing at all (FIELD-NOTES), so 자바 or 인턴 use the plain LIKE;
# pg_trgm too can only scan its whole index for them.
MIN_INDEXED = 3


def is_search_table(name):
    """Whether a table belongs to the search index, which the models do not describe."""
    return any(name == t or name.startswith(t + "_") for t in SEARCH_TABLES)


def include_object(obj, name, type_, reflected, compare_to):
    """Alembic's autogenerate filter: leave the search index (and FTS5's shadow tables) alone."""
    return not (type_ == "table" and reflected and compare_to is None and is_search_table(name))


def _fts_phrase(text):
    """The text as one FTS5 phrase: quoted, with its double quotes doubled, so no word is an operator."""
    return '"' + text.replace('"', '""') + '"'


def indexed_matches(kind, text):
    """SELECT of the ids of openings (kind "opening") or projects ("project") that may hold text.

    Only for text of MIN_INDEXED characters or more. The candidates are a superset of what the
    LIKE finds: the index folds case at least as widely as lower() and joins the fields into one.
    An opening's skills are not in the index: the skill vocabulary is small, so the skills
    matching the text are looked up there and their openings added.
    """
    text = text.lower()
    name = f"{kind}_search"
    if db.session.get_bind().dialect.name == "postgresql":
        index = table(name, column(f"{kind}_id"), column("document"))
        found = select(index.c[f"{kind}_id"]).where(index.c.document.like(_like(text), escape="\\"))
    else:
        index = table(name, column("rowid"), column(name))
        found = select(index.c.rowid).where(index.c[name].match(_fts_phrase(text)))
    if kind != "opening":
        return found
    # Skills first (a few hundred names), then their links by the skill_id index.
    by_skill = select(OpeningSkill.opening_id).where(OpeningSkill.skill_id.in_(
        select(Skill.id).where(func.lower(Skill.name).like(_like(text), escape="\\"))))
    return found.union(by_skill)


def narrow_by_index(query, id_column, kind, text):
    """The query, limited to the index's candidates when the text is long enough to use it."""
    if len(text.lower()) < MIN_INDEXED:
        return query
    return query.where(id_column.in_(indexed_matches(kind, text)))


def board_query(filters, today=None, index=True):
    """Open openings matching the OpeningFilters, newest first, with what the cards show loaded.

    index=False leaves a search to the LIKE alone (see board_page): same rows, another plan.
    """
    today = today or board_today()
    query = (select(Opening).join(Company).where(Opening.open_clause(today))
             .options(contains_eager(Opening.company).selectinload(Company.agreements),
                      selectinload(Opening.skill_links))
             .order_by(Opening.published_at.desc(), Opening.id.desc()))
    if filters.q:
        pattern = _like(filters.q.lower())
        skill_match = exists().where(OpeningSkill.opening_id == Opening.id, OpeningSkill.skill_id == Skill.id,
                                     func.lower(Skill.name).like(pattern, escape="\\"))
        query = query.where(or_(func.lower(Opening.title).like(pattern, escape="\\"),
                                func.lower(Opening.description).like(pattern, escape="\\"),
                                func.lower(Company.name).like(pattern, escape="\\"), skill_match))
        if index:
            query = narrow_by_index(query, Opening.id, "opening", filters.q)
    if filters.role is not None:
        query = query.where(Opening.job_role == filters.role)
    if filters.type is not None:
        query = query.where(Opening.employment_type == filters.type)
    if filters.career is not None:
        query = query.where(Opening.career_level == filters.career)
    if filters.region:
        query = query.where(Opening.workplace.like(_like(filters.region)[1:], escape="\\"))
    for skill_id in filters.skill_ids:
        query = query.where(exists().where(OpeningSkill.opening_id == Opening.id, OpeningSkill.skill_id == skill_id))
    if filters.partner:
        query = query.where(exists().where(Agreement.company_id == Company.id))
    if filters.closing:
        query = query.where(Opening.deadline.is_not(None), Opening.deadline <= today + timedelta(days=7))
    return query


# The board counts matches up to here and then says "more than 1,000": counting every match of
# a common word costs as much as reading them all, and nobody pages through 50 pages.
COUNT_CAP = 1000


def board_page(make_query, per_page):
    """One page of make_query(index=...), its total counted at most to COUNT_CAP + 1 ("more than").

    The count goes first, through the search index. Past COUNT_CAP matches the word is common
    (데이터 is in most postings): the page then skips the index and the database walks open
    openings newest first (ix_openings_board), stopping after a page, instead of collecting
    every candidate and sorting them all.
    """
    capped = make_query(index=True).options(lazyload("*")).order_by(None).limit(COUNT_CAP + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(capped))
    page = db.paginate(make_query(index=total <= COUNT_CAP), per_page=per_page, error_out=False, count=False)
    page.total = total
    page.more_than = COUNT_CAP if total > COUNT_CAP else None
    return page


# Recommendations rank the newest open openings only: at national scale a trainee's common
# skills link to thousands of them, and ranking them all cost 35 ms on every board visit.
RECOMMEND_FROM = 500


def recommended_for(trainee, limit=5, today=None):
    """Open openings ranked by how many of the trainee's skills they ask for; none applied to yet.

    Among the RECOMMEND_FROM newest open openings (walked in ix_openings_board's order).
    """
    recent = (select(Opening.id).join(Company)
              .where(Opening.open_clause(today),
                     ~exists().where(Application.opening_id == Opening.id, Application.trainee_id == trainee.id))
              .order_by(Opening.published_at.desc(), Opening.id.desc()).limit(RECOMMEND_FROM)).subquery()
    overlap = func.count(OpeningSkill.skill_id).label("overlap")
    ranked = (select(OpeningSkill.opening_id.label("id"), overlap)
              .join(recent, recent.c.id == OpeningSkill.opening_id)
              .join(trainee_skills, (trainee_skills.c.skill_id == OpeningSkill.skill_id)
                    & (trainee_skills.c.trainee_id == trainee.id))
              .group_by(OpeningSkill.opening_id)
              .order_by(overlap.desc(), OpeningSkill.opening_id.desc()).limit(limit)).subquery()
    return db.session.scalars(
        select(Opening).join(ranked, ranked.c.id == Opening.id).join(Company)
        .options(contains_eager(Opening.company).selectinload(Company.agreements), selectinload(Opening.skill_links))
        .order_by(ranked.c.overlap.desc(), Opening.id.desc())).all()

"""The shared vocabulary of skills and job roles that openings, profiles and surveys use."""
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from board.platform.extensions import db


class JobRole(str, enum.Enum):
    """직무: one list for openings, survey answers and filters, so totals add up."""

    ML_ENGINEER = "ml_engineer"
    AI_RESEARCHER = "ai_researcher"
    VISION = "vision"
    NLP = "nlp"
    SPEECH = "speech"
    DATA_ENGINEER = "data_engineer"
    DATA_ANALYST = "data_analyst"
    MLOPS = "mlops"
    BACKEND = "backend"
    FRONTEND = "frontend"
    PLANNER = "planner"
    OTHER = "other"

    @property
    def label(self):
        return JOB_ROLE_LABELS[self]


JOB_ROLE_LABELS = {
    JobRole.ML_ENGINEER: _l("Machine learning engineer"),
    JobRole.AI_RESEARCHER: _l("AI researcher"),
    JobRole.VISION: _l("Computer vision engineer"),
    JobRole.NLP: _l("Natural language processing engineer"),
    JobRole.SPEECH: _l("Speech AI engineer"),
    JobRole.DATA_ENGINEER: _l("Data engineer"),
    JobRole.DATA_ANALYST: _l("Data analyst"),
    JobRole.MLOPS: _l("MLOps and cloud engineer"),
    JobRole.BACKEND: _l("Backend developer"),
    JobRole.FRONTEND: _l("Frontend developer"),
    JobRole.PLANNER: _l("AI service planner"),
    JobRole.OTHER: _l("Other"),
}


class Skill(db.Model):
    """One skill in the shared vocabulary; names are unique without regard to case."""

    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    # Lower-cased name, for matching what people type.
    key: Mapped[str] = mapped_column(String(40), unique=True)

    def __init__(self, name):
        super().__init__(name=name, key=name.strip().lower())

    @staticmethod
    def parse(text):
        """Split 'Python, PyTorch' into names, dropping empties and repeats (case-insensitive)."""
        seen, names = set(), []
        for part in (text or "").replace("\n", ",").split(","):
            name = part.strip()
            if name and name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
        return names

    @classmethod
    def lookup(cls, names):
        """The Skill rows for names, in the given order, and the names that are not in the vocabulary."""
        keys = [n.lower() for n in names]
        found = {s.key: s for s in db.session.scalars(select(cls).where(cls.key.in_(keys)))} if keys else {}
        return [found[k] for k in keys if k in found], [n for n in names if n.lower() not in found]

    @classmethod
    def all_names(cls):
        return db.session.scalars(select(cls.name).order_by(func.lower(cls.name))).all()


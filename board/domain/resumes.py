"""Resumes: checking an uploaded PDF, keeping it, and deciding who may read it.

Who may read a resume (everyone else gets 404, so its existence is not revealed):
- the trainee who uploaded it;
- committee members and administrators;
- members of an approved company, for a resume sent with an application to one of the
  company's openings once the committee has passed that application on to the company
  (its stage is, or once was, document review or later). A company never sees a resume
  the trainee did not send it, nor one still waiting for the committee; a trainee's
  consent to be shown to companies covers the profile, not the resume.
"""
import hashlib
import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from board.platform import uploads
from board.platform.extensions import db
from board.domain.pipeline import passed_to_company
from board.models import Application, Opening, Resume, Role

MAX_BYTES = 5 * 1024 * 1024
MAX_FILENAME = 120
FALLBACK_NAME = "resume.pdf"
PDF_MAGIC = b"%PDF-"

# Why board/platform/filecheck.py refused a PDF, for the person who sent it; anything else is uploads.UNCHECKED.
REFUSALS = {
    "unreadable": _l("The PDF could not be read. It may be damaged; save it again and upload the new file."),
    "encrypted": _l("The PDF is protected by a password. Upload it without a password."),
    "no_pages": _l("The PDF has no pages."),
}


class ResumeRefused(ValueError):
    """An upload that is not an acceptable resume; message says why, for the person who sent it."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class CheckedResume:
    """An upload that passed every check, ready to be stored."""

    filename: str
    content: bytes


def clean_filename(name):
    """The name to store and offer on download: the base name only, without control or format characters.

    Path parts from any operating system are dropped, Korean names are kept (in NFC, as
    macOS sends NFD), and the name always ends in .pdf and fits 120 characters.
    """
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C")).strip().lstrip(".").strip()
    if not name:
        return FALLBACK_NAME
    stem, ext = (name[:-4], name[-4:]) if name.lower().endswith(".pdf") else (name, ".pdf")
    stem = stem.rstrip()[:MAX_FILENAME - len(ext)].rstrip()
    return (stem + ext) if stem else FALLBACK_NAME


def check_upload(storage):
    """Check an uploaded file (a werkzeug FileStorage) and return it as a CheckedResume, or raise ResumeRefused.

    The content decides, never the name: it must start with %PDF-, be read by pypdf
    without error, not need a password and have at least one page. pypdf reads it in a
    process with limits (board/platform/uploads.py), so a hostile PDF costs seconds at most.
    """
    content = storage.stream.read(MAX_BYTES + 1)  # one byte over the limit is enough to refuse
    if not content:
        raise ResumeRefused(_l("The file is empty. Choose your resume PDF again."))
    if len(content) > MAX_BYTES:
        raise ResumeRefused(_l("The file is larger than 5 MB. Upload a smaller PDF."))
    if not content.startswith(PDF_MAGIC):
        raise ResumeRefused(_l("This file is not a PDF. Save your resume as PDF and upload that file."))
    try:
        uploads.check("pdf", content)
    except uploads.UploadRefused as refused:
        raise ResumeRefused(REFUSALS.get(refused.reason, uploads.UNCHECKED)) from None
    return CheckedResume(filename=clean_filename(storage.filename), content=content)


def store(trainee, checked):
    """Add a new resume row for trainee; earlier ones stay for the applications that sent them."""
    resume = Resume(trainee_id=trainee.id, filename=checked.filename, size=len(checked.content),
                    sha256=hashlib.sha256(checked.content).hexdigest(), content=checked.content)
    db.session.add(resume)
    db.session.flush()
    return resume


def can_read_resume(user, resume):
    """True if user may download resume (see the module docstring); callers answer 404 otherwise."""
    if resume is None or user is None or not user.is_authenticated:
        return False
    if user.role in (Role.COMMITTEE, Role.ADMIN):
        return True
    if user.role == Role.TRAINEE:
        return user.trainee is not None and user.trainee.id == resume.trainee_id
    if user.role == Role.COMPANY and user.company_approved:
        sent = (select(Application.id).join(Opening, Opening.id == Application.opening_id)
                .where(Application.resume_id == resume.id, Opening.company_id == user.company_id, passed_to_company())
                .limit(1))
        return db.session.scalar(sent) is not None
    return False

"""Resume downloads, for everyone allowed to read one (the rule is board.domain.resumes.can_read_resume)."""
import io

from flask import abort, send_file
from flask_login import current_user, login_required

from board.platform.extensions import db
from board.models import Resume
from board.web.public import bp
from board.domain.resumes import can_read_resume


@bp.route("/resumes/<int:resume_id>")
@login_required
def download_resume(resume_id):
    """The resume PDF as a download; 404 to anyone who may not read it, so its existence is not revealed."""
    resume = db.session.get(Resume, resume_id)
    if not can_read_resume(current_user, resume):
        abort(404)
    # The content column is deferred: it is loaded here, after the check, and never for a refusal.
    response = send_file(io.BytesIO(resume.content), mimetype="application/pdf", as_attachment=True,
                         download_name=resume.filename, etag=False, conditional=False, max_age=None)
    # A personal document: no cache of any kind may keep it (set_headers keeps a value set here and adds nosniff).
    response.headers["Cache-Control"] = "no-store"
    return response

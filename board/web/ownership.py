"""Is this object the signed-in person's? One helper per kind of object, for the views.

Each answers the object or a 404, never a 403: someone else's object is, for this person, one that
does not exist. The rules themselves (who owns a posting, who may see it) are the domain's
(board/domain/postings.py); this module only applies them to the person of the request.
"""

from flask import abort
from flask_login import current_user

from board.domain import postings
from board.platform.extensions import db
from board.models import Application, MatchProposal, MeetRequest


def _found_or_404(model, object_id, mine, options=()):
    found = db.session.get(model, object_id, options=list(options))
    if found is None or not mine(found):
        abort(404)
    return found


def own_posting(model, posting_id, options=()):
    """An opening or a project of the signed-in member's company; 404 for anyone else's."""
    return _found_or_404(model, posting_id, lambda posting: postings.is_owner(posting, current_user), options)


def visible_posting(model, posting_id):
    """An opening or a project this person may see: a visible one, or their company's, or any for the committee."""
    return _found_or_404(model, posting_id, lambda posting: postings.may_see(posting, current_user))


def own_meet_request(request_id):
    """One of the signed-in member's company's requests to meet a trainee; 404 for anyone else's."""
    return _found_or_404(MeetRequest, request_id, lambda meet: meet.company_id == current_user.company_id)


def current_trainee():
    """The signed-in person's academy record; an account not yet on the roster has none (403)."""
    trainee = current_user.trainee
    if trainee is None:
        abort(403)
    return trainee


def own_application(application_id):
    """The application if it is the signed-in trainee's; 404 for anyone else's."""
    return _found_or_404(Application, application_id, lambda a: a.trainee_id == current_trainee().id)


def own_proposal(proposal_id):
    """The match proposal if it was made to the signed-in trainee; 404 for anyone else's."""
    return _found_or_404(MatchProposal, proposal_id, lambda p: p.trainee_id == current_trainee().id)

"""The committee's moderation of openings: the queue, the diff, publish or return (board/web/committee/postings.py)."""

from board.web.committee import bp
from board.web.committee.postings import moderation_routes
from board.models import Opening

moderation_routes(bp, Opening)

"""The committee's moderation of company projects: the queue, the diff, publish or return (board/committee/postings.py)."""

from board.committee import bp
from board.committee.postings import moderation_routes
from board.models import Project

moderation_routes(bp, Project)

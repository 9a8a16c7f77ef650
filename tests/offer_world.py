"""Helpers for tests that need an offer or a hire: terms that pass, and a walk through the one use case per step."""
from datetime import timedelta

from board.domain import offers
from board.models import Stage
from board.models.openings import EmploymentType
from board.models.types import board_today
from board.domain.pipeline import move


def terms(**changes):
    """Terms that pass every rule; a test changes the one it is about."""
    today = board_today()
    found = {"position": "데이터 엔지니어", "employment_type": EmploymentType.FULL_TIME,
             "starts_on": today + timedelta(days=60), "salary": 3600, "salary_by_policy": False,
             "probation_months": 3, "workplace": "광주 광산구", "note": "", "answer_by": today + timedelta(days=7)}
    found.update(changes)
    return found


def advance(application, stage, actor):
    """One step of the pipeline by actor: an offer for 합격, the committee's recorded acceptance for 채용 확정."""
    if stage == Stage.OFFER:
        return offers.make_offer(application, actor, terms(), interview_took_place=True)
    if stage == Stage.HIRED:
        return offers.record_hire(offers.current_offer(application), actor, "전화로 수락을 확인했습니다.")
    return move(application, stage, actor)

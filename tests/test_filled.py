"""pipeline.is_filled: an opening is filled when its hires reach its headcount, and only while published."""

import pytest
from sqlalchemy import select

from board.domain import pipeline
from board.platform.extensions import db
from board.models import Application, Opening, OpeningStatus, Role, Stage, Trainee


@pytest.mark.parametrize("headcount,hired,status,filled", [
    (1, 0, OpeningStatus.PUBLISHED, False),
    (1, 1, OpeningStatus.PUBLISHED, True),
    (2, 1, OpeningStatus.PUBLISHED, False),
    (2, 2, OpeningStatus.PUBLISHED, True),
    (1, 1, OpeningStatus.CLOSED, False),
])
def test_filled_counts_hires_against_the_headcount(app, make, headcount, hired, status, filled):
    opening_id = make.opening(status=status)
    trainees = [make.user(Role.TRAINEE) for _ in range(2)]
    with app.app_context():
        opening = db.session.get(Opening, opening_id)
        opening.headcount = headcount
        for n, user_id in enumerate(trainees):
            trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == user_id))
            db.session.add(Application(opening_id=opening_id, trainee_id=trainee.id, cover_letter="",
                                       stage=Stage.HIRED if n < hired else Stage.INTERVIEW))
        db.session.commit()
        assert pipeline.hires(opening) == hired
        assert pipeline.is_filled(opening) is filled

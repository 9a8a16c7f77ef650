"""The demo's histories are the pipeline's own: an accepted proposal shows 지원 → 매칭 검토 → 서류 검토 (pipeline.history_steps)."""

from sqlalchemy import select

from board.platform.extensions import db
from board.models import Decision, MatchProposal, Stage, StageChange


def test_accepted_proposals_show_the_committees_review_step(app, runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        accepted = db.session.scalars(select(MatchProposal).where(MatchProposal.status == Decision.ACCEPTED)).all()
        assert accepted
        for proposal in accepted:
            steps = [(e.from_stage, e.to_stage) for e in db.session.scalars(
                select(StageChange).where(StageChange.application_id == proposal.application_id)
                .order_by(StageChange.id))]
            assert steps[:3] == [(None, Stage.SUBMITTED), (Stage.SUBMITTED, Stage.COMMITTEE_REVIEW),
                                 (Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW)]
        # No application anywhere skips from 지원 straight to 서류 검토 in its history.
        assert db.session.scalar(select(StageChange.id).where(StageChange.from_stage == Stage.SUBMITTED,
                                                              StageChange.to_stage == Stage.COMPANY_REVIEW)) is None

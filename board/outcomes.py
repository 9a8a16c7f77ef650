"""Recording what became of graduates: hires through the board and outcomes found elsewhere."""
from board.extensions import db
from board.models import Outcome, OutcomeKind
from board.models.types import board_today


def record_hire(application, actor):
    """채용 확정: the trainee's current outcome becomes employed at the opening's company, through the board."""
    outcome = Outcome(trainee_id=application.trainee_id, kind=OutcomeKind.EMPLOYED,
                      company_id=application.opening.company_id, organisation=application.opening.company.name,
                      started_on=board_today(), through_board=True, application_id=application.id,
                      recorded_by_id=actor.id)
    db.session.add(outcome)
    return outcome

"""Demo proposed matches (pending, accepted, declined) and companies' requests to meet trainees."""
from datetime import timedelta

from sqlalchemy import select

from board.platform.extensions import db
from board.domain.matching import PROPOSED_REASON
from board.models import Application, Decision, MatchProposal, MeetRequest, Stage, StageChange, TraineeStatus
from board.models.types import utcnow
from board.domain.pipeline import history_steps

NOTES = ["프로젝트에서 다룬 기술이 공고와 잘 맞습니다. 지원해 보시길 권합니다.",
         "회사가 찾는 신입 역량과 교육생의 포트폴리오가 잘 어울립니다.",
         "데이터 파이프라인 경험이 있어 추천합니다.",
         "기업과제 수행 경험이 이 직무에 도움이 될 것입니다.",
         "면담 때 관심을 보인 분야의 공고입니다.",
         "자기소개서에 팀 프로젝트 역할을 강조해 보세요."]
MESSAGES = ["포트폴리오의 비전 프로젝트가 인상적입니다. 직무 면담을 하고 싶습니다.",
            "데이터 엔지니어 채용을 준비하고 있어 먼저 이야기를 나누고 싶습니다.",
            "수료 전에 런치데이에서 먼저 만나 보고 싶습니다.",
            "MLOps 팀에서 함께할 분을 찾고 있습니다.",
            "음성 AI 과제 경험에 대해 듣고 싶습니다."]
# (status of the proposal, whether it is for the demo trainee)
# The demo trainee's four applications are the seed's own (tests count them), so the accepted one is another's.
PROPOSALS = [(Decision.PENDING, True), (Decision.PENDING, True), (Decision.DECLINED, True),
             (Decision.ACCEPTED, False), (Decision.PENDING, False), (Decision.DECLINED, False)]
MEETS = [Decision.PENDING, Decision.PENDING, Decision.ACCEPTED, Decision.ACCEPTED, Decision.DECLINED]


def demo_matching(rng, trainees, openings, committee, company_members):
    """Six proposals (three for trainee@board.example) and five requests to meet consenting trainees."""
    db.session.flush()
    applied = {tuple(row) for row in db.session.execute(select(Application.trainee_id, Application.opening_id))}
    open_openings = [o for o in openings if o.is_open()]
    demo = next(t for t in trainees if t.user.email == "trainee@board.example")
    others = [t for t in trainees if t is not demo and t.status == TraineeStatus.TRAINING and t.resume is not None]
    now = utcnow()
    rows = []
    candidates = iter(o for o in open_openings)
    other_trainees = iter(others)
    for n, (status, for_demo) in enumerate(PROPOSALS):
        trainee = demo if for_demo else next(other_trainees)
        opening = next(o for o in candidates if (trainee.id, o.id) not in applied)
        when = now - timedelta(days=rng.randint(1, 9), hours=n)
        proposal = MatchProposal(trainee=trainee, opening=opening, proposed_by=committee, note=NOTES[n % len(NOTES)],
                                 status=status, created_at=when)
        if status != Decision.PENDING:
            proposal.decided_at = when + timedelta(days=1)
        if status == Decision.ACCEPTED:
            # As board.domain.matching.accept makes it: submitted by the trainee, passed on by the proposer.
            application = Application(opening=opening, trainee=trainee, resume=trainee.resume, cover_letter=proposal.note,
                                      answers={}, stage=Stage.COMPANY_REVIEW, stage_changed_at=proposal.decided_at,
                                      created_at=proposal.decided_at, version=2)
            # MatchProposal has no relationship to its application, so the application needs its id now.
            db.session.add(application)
            db.session.flush()
            proposal.application_id = application.id
            rows += [application,
                     StageChange(application=application, at=proposal.decided_at, actor=trainee.user,
                                 from_stage=None, to_stage=Stage.SUBMITTED),
                     *(StageChange(application=application, at=proposal.decided_at, actor=committee, from_stage=frm,
                                   to_stage=to, reason=PROPOSED_REASON if to == Stage.COMPANY_REVIEW else "")
                       # 지원 → 매칭 검토 → 서류 검토, the steps every application passed on shows.
                       for frm, to in history_steps(Stage.SUBMITTED, Stage.COMPANY_REVIEW))]
        applied.add((trainee.id, opening.id))
        rows.append(proposal)

    consenting = [t for t in others if t.visible_to_companies]
    for n, status in enumerate(MEETS):
        member = company_members[n % len(company_members)]
        trainee = consenting[(n * 5 + 3) % len(consenting)]
        when = now - timedelta(days=rng.randint(1, 7), hours=n)
        meet = MeetRequest(company=member.company, trainee=trainee, requested_by_id=member.id,
                           message=MESSAGES[n % len(MESSAGES)], status=status, created_at=when)
        if status != Decision.PENDING:
            meet.decided_by_id = committee.id
            meet.decided_at = when + timedelta(days=1)
            meet.reason = "" if status == Decision.ACCEPTED else "교육생이 프로젝트 기간이라 수료 후에 다시 요청해 주세요."
        rows.append(meet)
    return rows

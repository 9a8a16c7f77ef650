"""The pipeline's graph of moves, checked against a table written here by hand.

The table is NOT derived from board/domain/pipeline.py's MOVES: it is what the board's rules say
(the committee passes applications on, the company decides, only the trainee withdraws).
A move added to MOVES, or a role added to one, fails these tests until the table agrees.
"""
from itertools import product

from board.models import Role, Stage
from board.domain.pipeline import MOVES, may_move

S = Stage
COMMITTEE = "committee admin"
COMPANY_OR_COMMITTEE = "company committee admin"
TRAINEE = "trainee"

# (from, to): who may make the move, as role values separated by spaces.
ALLOWED = {
    # The committee's queue: pass on (straight from 지원 or after 매칭 검토), return with advice, reject.
    (S.SUBMITTED, S.COMMITTEE_REVIEW): COMMITTEE,
    (S.SUBMITTED, S.COMPANY_REVIEW): COMMITTEE,
    (S.COMMITTEE_REVIEW, S.COMPANY_REVIEW): COMMITTEE,
    (S.SUBMITTED, S.NEEDS_CHANGES): COMMITTEE,
    (S.COMMITTEE_REVIEW, S.NEEDS_CHANGES): COMMITTEE,
    (S.SUBMITTED, S.REJECTED): COMMITTEE,
    (S.COMMITTEE_REVIEW, S.REJECTED): COMMITTEE,
    # The trainee resubmits what the committee sent back.
    (S.NEEDS_CHANGES, S.SUBMITTED): TRAINEE,
    # The company's steps, one at a time: 서류 검토 → (런치데이 만남) → 면접 → 합격 → 채용.
    (S.COMPANY_REVIEW, S.LUNCH_MEETING): COMPANY_OR_COMMITTEE,
    (S.COMPANY_REVIEW, S.INTERVIEW): COMPANY_OR_COMMITTEE,
    (S.LUNCH_MEETING, S.INTERVIEW): COMPANY_OR_COMMITTEE,
    # 합격 is an offer with its terms (board/domain/offers.py); only an accepted offer is 채용 확정: the trainee
    # accepts, or the committee records an acceptance made off the board. Never the company.
    (S.INTERVIEW, S.OFFER): COMPANY_OR_COMMITTEE,
    (S.OFFER, S.HIRED): "trainee committee admin",
    # The company withdraws an unanswered offer (back to 면접); the trainee declines it.
    (S.OFFER, S.INTERVIEW): COMPANY_OR_COMMITTEE,
    (S.OFFER, S.WITHDRAWN): TRAINEE,
    # The committee reverts a mistaken hire, back to the offer.
    (S.HIRED, S.OFFER): COMMITTEE,
    (S.COMPANY_REVIEW, S.REJECTED): COMPANY_OR_COMMITTEE,
    (S.LUNCH_MEETING, S.REJECTED): COMPANY_OR_COMMITTEE,
    (S.INTERVIEW, S.REJECTED): COMPANY_OR_COMMITTEE,
    # Only the trainee withdraws, and only until the company has decided.
    (S.SUBMITTED, S.WITHDRAWN): TRAINEE,
    (S.NEEDS_CHANGES, S.WITHDRAWN): TRAINEE,
    (S.COMMITTEE_REVIEW, S.WITHDRAWN): TRAINEE,
    (S.COMPANY_REVIEW, S.WITHDRAWN): TRAINEE,
    (S.LUNCH_MEETING, S.WITHDRAWN): TRAINEE,
    (S.INTERVIEW, S.WITHDRAWN): TRAINEE,
}
EXPECTED = {(frm, to, Role(role)) for (frm, to), roles in ALLOWED.items() for role in roles.split()}


def test_every_move_of_the_table_is_allowed_to_exactly_its_roles():
    for frm, to, role in product(Stage, Stage, Role):
        expected = (frm, to, role) in EXPECTED
        assert may_move(role, frm, to) == expected, (
            f"{frm.value} → {to.value} by {role.value}: {'refused' if expected else 'allowed'}, table says otherwise")


def test_moves_holds_nothing_beyond_the_table():
    actual = {(frm, to, role) for (frm, to), roles in MOVES.items() for role in roles}
    assert actual - EXPECTED == set(), "moves allowed that the table refuses"
    assert EXPECTED - actual == set(), "moves in the table that MOVES refuses"


def test_no_one_skips_the_interview_and_no_one_but_the_trainee_withdraws():
    # The two rules named on their own, so a failure reads plainly.
    for role in Role:
        assert not may_move(role, S.COMPANY_REVIEW, S.OFFER)
        assert not may_move(role, S.COMPANY_REVIEW, S.HIRED)
        for frm in Stage:
            if role != Role.TRAINEE:
                assert not may_move(role, frm, S.WITHDRAWN), f"{role.value} withdraws from {frm.value}"


def test_final_stages_lead_nowhere_but_a_committee_revert_of_a_hire():
    for frm, to, role in product((S.HIRED, S.REJECTED, S.WITHDRAWN), Stage, Role):
        assert may_move(role, frm, to) == ((frm, to) == (S.HIRED, S.OFFER) and role in (Role.COMMITTEE, Role.ADMIN))


def test_a_company_never_hires_nor_reverts_a_hire():
    assert not may_move(Role.COMPANY, S.OFFER, S.HIRED)
    assert not may_move(Role.COMPANY, S.HIRED, S.OFFER)

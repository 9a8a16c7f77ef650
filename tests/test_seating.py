"""The lunch day's seating plan: the rules hold on any event (property tests), the figures match a hand count,
and the committee's steps (generate, check, move a trainee, publish) on the database."""
import threading
import time
from collections import Counter, deque

import pytest
from hypothesis import given, settings, strategies as st
from sqlalchemy import event, func, select

from board.domain import lunchdays, seating
from board.platform.extensions import db
from board.domain.lunchdays import LunchRefused
from board.models import (
    AuditEntry, CompanyStatus, LunchCompany, LunchDay, LunchRound, LunchSeat, LunchSignup, Role,
    SignupStatus, Trainee, User,
)
from board.domain.seating import measure, plan

# -- plain data --------------------------------------------------------------------------------------------


@st.composite
def events(draw):
    """rounds 1-3, tables 1-12 of 1-6 seats, 0-80 trainees with random rankings, random company interests."""
    rounds = draw(st.integers(1, 3))
    # Small tight events too: that is where a greedy choice can cost someone a table.
    small = draw(st.booleans())
    tables = [(100 + i, seats) for i, seats in enumerate(draw(st.lists(st.integers(1, 6), min_size=1,
                                                                         max_size=4 if small else 12)))]
    ids = [table for table, _ in tables]
    trainees = []
    for key in range(draw(st.integers(0, 10 if small else 80))):
        ranking = draw(st.permutations(ids))
        trainees.append((1000 + key, ranking[:draw(st.integers(0, min(10, len(ids))))]))
    keys = [key for key, _ in trainees]
    wanted = draw(st.sets(st.tuples(st.sampled_from(keys), st.sampled_from(ids)), max_size=120)) if keys else set()
    # Companies mostly mark trainees who ranked them (that makes mutual pairs); how often varies per event.
    rng, rate = draw(st.randoms(use_true_random=False)), draw(st.sampled_from([0, 0.1, 0.3, 0.6]))
    wanted |= {(key, table) for key, ranking in trainees for table in ranking if rng.random() < rate}
    return rounds, tables, trainees, wanted


def best_possible(rounds, tables, n):
    """Most trainee-rounds any plan seats: min over k of R·(n-k) + Σ min(s·R, k) (max-flow min-cut on the complete graph)."""
    return min(rounds * (n - k) + sum(min(seats * rounds, k) for _, seats in tables) for k in range(n + 1))


def max_flow_with(rounds, tables, trainees, forced):
    """Reference (Edmonds-Karp): most pairs of a plan that contains every forced pair; None if the forced pairs alone break a cap."""
    cap = {table: seats * rounds - sum(1 for _, t in forced if t == table) for table, seats in tables}
    need = {key: rounds - sum(1 for k, _ in forced if k == key) for key, _ in trainees}
    if min(list(cap.values()) + list(need.values()) + [0]) < 0:
        return None
    residual = {}

    def edge(a, b, c):
        residual.setdefault(a, {})[b] = c
        residual.setdefault(b, {}).setdefault(a, 0)
    for key, _ in trainees:
        edge("S", ("t", key), need[key])
        for table, _ in tables:
            if (key, table) not in forced:
                edge(("t", key), ("c", table), 1)
    for table, _ in tables:
        edge(("c", table), "T", cap[table])
    flow = 0
    while True:
        parent, queue = {"S": None}, deque(["S"])
        while queue and "T" not in parent:
            node = queue.popleft()
            for nxt, c in residual.get(node, {}).items():
                if c > 0 and nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        if "T" not in parent:
            return flow + len(forced)
        node = "T"
        while parent[node] is not None:
            residual[parent[node]][node] -= 1
            residual[node][parent[node]] += 1
            node = parent[node]
        flow += 1


def check_rules(rounds, tables, trainees, result):
    """The three hard rules, straight from the plan's output."""
    seats = dict(tables)
    assert set(result) == {key for key, _ in trainees}
    per_round_table = Counter()
    for key, by_round in result.items():
        assert len(by_round) == rounds                                  # one table (or none) per round
        taken = [table for table in by_round if table is not None]
        assert set(taken) <= set(seats)
        assert len(taken) == len(set(taken)), f"{key} meets a company twice"
        per_round_table.update((r, table) for r, table in enumerate(by_round) if table is not None)
    for (r, table), count in per_round_table.items():
        assert count <= seats[table], f"table {table} over capacity in round {r}"


def as_rows(result):
    return {key: {r: t for r, t in enumerate(by_round) if t is not None} for key, by_round in result.items()}


@settings(max_examples=150, deadline=None, database=None)
@given(events())
def test_plan_keeps_the_rules_and_seats_as_many_as_possible(event_data):
    rounds, tables, trainees, wanted = event_data
    result = plan(rounds, tables, trainees, wanted)
    check_rules(rounds, tables, trainees, result)
    unassigned = sum(by_round.count(None) for by_round in result.values())
    # No plan at all could seat more trainee-rounds than this one does.
    assert len(trainees) * rounds - unassigned == best_possible(rounds, tables, len(trainees))
    # In particular: every trainee-round has a table whenever Σ min(seats·R, N) >= N·R.
    if sum(min(seats * rounds, len(trainees)) for _, seats in tables) >= len(trainees) * rounds:
        assert unassigned == 0
    # Short of seats, the tables are shared out evenly: everyone gets the same number give or take one.
    counts = [rounds - by_round.count(None) for by_round in result.values()]
    assert not counts or max(counts) - min(counts) <= 1
    quality = measure(list(range(rounds)), tables, trainees, wanted, as_rows(result))
    assert quality.unassigned == unassigned
    assert {v.code for v in quality.violations} <= {"no_table"} and len(quality.violations) == unassigned


@settings(max_examples=150, deadline=None, database=None)
@given(events())
def test_plan_honours_every_mutual_interest_when_seats_allow(event_data):
    """Sufficient condition tested: every trainee-round can have a table (Σ min(seats·R, N) >= N·R) and some such
    plan holds every mutual pair: the reference max-flow with the mutual pairs forced (which needs each company's
    mutual pairs <= seats·R and each trainee's mutual companies <= R) still seats all N·R trainee-rounds."""
    rounds, tables, trainees, wanted = event_data
    mutual = {(key, table) for key, ranking in trainees for table in ranking if (key, table) in wanted}
    result = plan(rounds, tables, trainees, wanted)
    met = {(key, table) for key, by_round in result.items() for table in by_round if table is not None}
    everyone = len(trainees) * rounds
    if best_possible(rounds, tables, len(trainees)) == everyone and max_flow_with(rounds, tables, trainees, mutual) == everyone:
        assert mutual <= met
    # Mutual pairs never cost another trainee a table either way.
    assert len(met) == best_possible(rounds, tables, len(trainees))


@settings(max_examples=40, deadline=None, database=None)
@given(events())
def test_plan_is_deterministic(event_data):
    rounds, tables, trainees, wanted = event_data
    first = plan(rounds, tables, trainees, wanted)
    assert plan(rounds, list(tables), [(k, list(r)) for k, r in trainees], set(sorted(wanted, reverse=True))) == first


def test_plan_honours_mutual_interest_when_each_side_is_within_its_seats():
    """Plenty of seats: every company's mutual pairs fit its seats·R and every trainee has at most R of them."""
    tables = [(1, 2), (2, 2), (3, 2), (4, 2)]
    trainees = [(10 + k, [1, 2, 3, 4]) for k in range(6)]
    wanted = {(10, 4), (11, 4), (12, 4), (13, 4), (14, 3), (15, 3), (10, 3)}
    result = plan(2, tables, trainees, wanted)
    check_rules(2, tables, trainees, result)
    for key, table in wanted:
        assert table in result[key]


def test_mutual_interest_comes_before_an_earlier_arrivals_first_choice():
    """One round, A seats one: the first to arrive ranked A first, but A and the second want each other."""
    result = plan(1, [(1, 1), (2, 1)], [(11, [1, 2]), (12, [2, 1])], {(12, 1)})
    assert result == {11: (2,), 12: (1,)}


def test_a_plan_for_two_hundred_trainees_takes_well_under_a_second():
    import random
    rng = random.Random(7)
    tables = [(i, rng.randint(5, 9)) for i in range(30)]
    popular = [1 / (i + 1) for i in range(30)]
    trainees = []
    for key in range(1000, 1200):
        ranking = []
        while len(ranking) < 10:
            table = rng.choices(range(30), popular)[0]
            if table not in ranking:
                ranking.append(table)
        trainees.append((key, ranking))
    wanted = {(key, table) for key, ranking in trainees for table in ranking[:4] if rng.random() < 0.4}
    started = time.process_time()              # CPU time: other processes on the machine do not count
    result = plan(3, tables, trainees, wanted)
    assert time.process_time() - started < 1.0
    check_rules(3, tables, trainees, result)
    assert all(None not in by_round for by_round in result.values())


def test_seats_per_round_above_trainees_is_not_enough_for_a_table_each_round():
    """Five trainees, two rounds, a 10-seat and a 1-seat table: nobody may sit at the big table twice, so only
    5 + 2 of the 10 trainee-rounds can be seated; the plan seats those and reports 3 without a table."""
    result = plan(2, [(1, 10), (2, 1)], [(k, []) for k in range(5)], set())
    check_rules(2, [(1, 10), (2, 1)], [(k, []) for k in range(5)], result)
    assert sum(by_round.count(None) for by_round in result.values()) == 3


def test_snake_draft_shares_the_popular_tables():
    """Three trainees rank A then B; A and B each seat one per round. Pick 1: A, A, B; pick 2 in reverse: the
    third has B already and A is full, the second takes B; the first fills in at C. Everyone meets a first choice."""
    result = plan(2, [(1, 1), (2, 1), (3, 1)], [(11, [1, 2]), (12, [1, 2]), (13, [1, 2])], set())
    assert {key: set(by_round) for key, by_round in result.items()} == {11: {1, 3}, 12: {1, 2}, 13: {2, 3}}


HAND_TABLES = [(1, 1), (2, 1), (3, 2)]               # A: 1 seat, B: 1 seat, C: 2 seats per round
HAND_TRAINEES = [(11, [1, 2]), (12, [1, 3]), (13, [2, 1, 3]), (14, [])]
HAND_WANTED = {(13, 1), (14, 2)}                     # A wants 13 (mutual: 13 ranked A); B wants 14 (not ranked)


def test_hand_built_event_plan_and_figures():
    """Worked by hand. 4 trainees x 2 rounds = 8 = the seats, so every seat is taken and every trainee must meet
    two companies; A (cap 2) and B (cap 2) can take only four of the eight meetings, C the other four.
    A. the mutual pair 13-A. B. pick 1: 11 takes A (A now full); 12 wants A (full) and takes C; 13 wants B, but
    then 14 (who ranked nothing) could not meet two companies (A full, B and C both needed by 12 and 14), so 13
    takes C; pick 2 in reverse: 11 wants B, refused for the same reason. C. fill: 11 at C, 12 at B, 14 at B and C.
    first choice: 11 only (A) = 1/3 of those who ranked; top 3: all three; mutual 1/1; no empty seat."""
    result = plan(2, HAND_TABLES, HAND_TRAINEES, HAND_WANTED)
    check_rules(2, HAND_TABLES, HAND_TRAINEES, result)
    assert {key: set(by_round) for key, by_round in result.items()} == {11: {1, 3}, 12: {3, 2}, 13: {1, 3}, 14: {2, 3}}
    quality = measure([7, 8], HAND_TABLES, HAND_TRAINEES, HAND_WANTED,
                      {key: dict(zip([7, 8], by_round)) for key, by_round in result.items()})
    assert (quality.trainees, quality.ranked, quality.first_choice, quality.top3) == (4, 3, 1, 3)
    assert quality.first_choice_share == pytest.approx(1 / 3) and quality.top3_share == 1.0
    assert (quality.mutual_pairs, quality.mutual_honoured, quality.empty_seats, quality.unassigned) == (1, 1, 0, 0)
    assert quality.violations == []


def test_measure_finds_every_broken_rule_in_a_hand_edited_plan():
    tables = [(1, 1), (2, 2)]
    trainees = [(11, [1]), (12, [2]), (13, [])]
    rows = {11: {7: 1, 8: 1}, 12: {7: 1}, 13: {7: 2, 8: 9}, 99: {7: 2}}
    quality = measure([7, 8], tables, trainees, set(), rows)
    found = sorted((v.code, v.signup_id, v.round_id, v.lunch_company_id) for v in quality.violations)
    assert found == [("no_table", 12, 8, None), ("not_attending", 13, 8, 9), ("not_seated", 99, None, None),
                     ("over_capacity", None, 7, 1), ("repeat", 11, None, 1)]
    assert quality.unassigned == 1
    # Round 7: A has 2 of 1 (no empty seat), B 2 of 2; round 8: A 1 of 1, B 0 of 2.
    assert quality.empty_seats == 2
    assert quality.first_choice == 1 and quality.first_choice_share == 0.5 and quality.top3_share == 0.5
    assert "over_capacity" in quality.violations and quality.violations[0].label


def test_measure_shares_are_none_without_a_denominator():
    quality = measure([7], [(1, 3)], [(11, [])], set(), {11: {7: 1}})
    assert quality.first_choice_share is None and quality.top3_share is None and quality.mutual_share is None
    assert quality.empty_seats == 2 and quality.violations == []


# -- on the database ---------------------------------------------------------------------------------------

def committee_member(app, make):
    user_id = make.user(Role.COMMITTEE)
    return db.session.get(User, user_id)


def trainee_of(user_id):
    return db.session.scalar(select(Trainee).where(Trainee.user_id == user_id))


@pytest.fixture
def hand_event(app, make):
    """The hand-built event on the database: tables A (1 seat), B (1), C (2), two rounds, trainees 1-4 in order."""
    company_ids = [make.company(name=f"기업{name}") for name in "ABC"]
    day_id = make.lunch_day(rounds=2, companies=company_ids, seats=1, capacity=4)
    user_ids = [make.user(Role.TRAINEE) for _ in range(5)]
    with app.app_context():
        day = db.session.get(LunchDay, day_id)
        tables = sorted(day.companies, key=lambda table: company_ids.index(table.company_id))
        for table, seats in zip(tables, (1, 1, 2)):
            table.seats = seats
        signups = [lunchdays.sign_up(day, trainee_of(user_id)) for user_id in user_ids]
        rank = {11: [0, 1], 12: [0, 2], 13: [1, 0, 2], 14: []}
        for signup, key in zip(signups, sorted(rank)):
            lunchdays.set_preferences(signup, [tables[i].id for i in rank[key]])
        lunchdays.mark_interest(tables[0], signups[2].trainee)          # mutual: the third ranked A
        lunchdays.mark_interest(tables[1], signups[3].trainee)          # the fourth ranked nothing
        db.session.commit()
        assert signups[4].status == SignupStatus.WAITLISTED
        return {"day": day_id, "tables": [t.id for t in tables], "signups": [s.id for s in signups],
                "rounds": [r.id for r in day.rounds]}


def load(ids):
    """The hand event's rows in the current session: day, tables A B C, sign-ups 1-5, rounds."""
    return (db.session.get(LunchDay, ids["day"]), [db.session.get(LunchCompany, i) for i in ids["tables"]],
            [db.session.get(LunchSignup, i) for i in ids["signups"]], [db.session.get(LunchRound, i) for i in ids["rounds"]])


def tables_met(signup_id):
    return set(db.session.scalars(select(LunchSeat.lunch_company_id).where(LunchSeat.signup_id == signup_id)))


def test_generate_plan_seats_the_hand_built_event_and_reports_its_figures(app, make, hand_event):
    with app.app_context():
        actor = committee_member(app, make)
        day, (a, b, c), signups, rounds = load(hand_event)
        result = seating.generate_plan(day, actor)
        db.session.commit()
        assert [tables_met(s.id) for s in signups] == [{a.id, c.id}, {c.id, b.id}, {a.id, c.id}, {b.id, c.id}, set()]
        assert (result.trainees, result.first_choice, result.top3, result.mutual_honoured) == (4, 1, 3, 1)
        assert result.first_choice_share == pytest.approx(1 / 3) and result.top3_share == 1.0
        assert (result.empty_seats, result.unassigned, result.violations) == (0, 0, [])
        assert seating.quality(day) == result
        assert day.plan_generated_at is not None
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "lunch.plan_generate"))
        assert (entry.subject_id, entry.actor_id, entry.detail["trainees"]) == (day.id, actor.id, 4)
        # Generating again replaces the seats rather than adding to them (with the old ones loaded in the session).
        assert all(len(s.seats) == 2 for s in signups[:4])
        seating.generate_plan(day, actor)
        assert all(len(s.seats) == 2 for s in signups[:4])
        db.session.commit()
        assert db.session.scalar(select(func.count(LunchSeat.id))) == 8


def test_generate_plan_leaves_out_waitlisted_and_cancelled_sign_ups(app, make, hand_event):
    with app.app_context():
        actor = committee_member(app, make)
        day, _, signups, _ = load(hand_event)
        lunchdays.cancel(signups[0])                       # the waitlisted fifth takes the freed place
        db.session.commit()
        assert signups[4].status == SignupStatus.SEATED
        seating.generate_plan(day, actor)
        db.session.commit()
        assert tables_met(signups[0].id) == set() and len(tables_met(signups[4].id)) == 2
        assert seating.quality(day).violations == []


def test_quality_rechecks_the_stored_plan_after_changes(app, make, hand_event):
    with app.app_context():
        actor = committee_member(app, make)
        day, (a, b, c), signups, rounds = load(hand_event)
        seating.generate_plan(day, actor)
        db.session.commit()
        # C answers again with one seat per round: two trainees now sit at a one-seat table.
        lunchdays.respond(c, attending=True, seats=1)
        db.session.commit()
        codes = Counter(seating.quality(day).violations)
        assert codes == {"over_capacity": 2}
        # A company suspended: its table is gone, the trainees seated there are flagged.
        a.company.status = CompanyStatus.SUSPENDED
        db.session.commit()
        quality = seating.quality(day)
        assert Counter(quality.violations) == {"over_capacity": 2, "not_attending": 2}
        # A seated trainee who arrived after the plan has no table in either round.
        lunchdays.cancel(signups[3])
        db.session.commit()
        quality = seating.quality(day)
        assert quality.unassigned == 2 and {(v.signup_id, v.round_id) for v in quality.violations if v == "no_table"} == {
            (signups[4].id, rounds[0].id), (signups[4].id, rounds[1].id)}


def seat_at(signup, lunch_round):
    return db.session.scalar(select(LunchSeat.lunch_company_id).where(
        LunchSeat.signup_id == signup.id, LunchSeat.round_id == lunch_round.id))


def test_move_seat_moves_a_trainee_and_refuses_what_breaks_a_rule(app, make, hand_event):
    other_day_id = make.lunch_day(rounds=1, companies=[make.company()])
    with app.app_context():
        actor = committee_member(app, make)
        day, (a, b, c), signups, rounds = load(hand_event)
        seating.generate_plan(day, actor)
        db.session.commit()
        fourth = signups[3]                                # at B and C
        at_b = next(r for r in rounds if seat_at(fourth, r) == b.id)
        at_c = next(r for r in rounds if seat_at(fourth, r) == c.id)
        refusals = [
            ((fourth, at_b, a), "full"),                   # A seats one, and someone sits there in every round
            ((fourth, at_b, c), "repeat"),                 # the fourth meets C in the other round
            ((signups[4], at_b, b), "not_seated"),         # still waiting for a place
        ]
        other_day = db.session.get(LunchDay, other_day_id)
        newcomer = lunchdays.invite(day, db.session.get(LunchCompany, other_day.companies[0].id).company, actor)
        refusals += [((fourth, at_b, newcomer), "not_attending"),           # invited, not confirmed
                     ((fourth, at_b, other_day.companies[0]), "not_attending"),
                     ((fourth, other_day.rounds[0], None), "round")]
        for args, reason in refusals:
            with pytest.raises(LunchRefused) as refused:
                seating.move_seat(*args, actor)
            assert refused.value.reason == reason
        with pytest.raises(LunchRefused) as refused:
            seating.move_seat(fourth, at_b, b, actor, lunch_day=other_day)
        assert refused.value.reason == "not_seated"
        db.session.rollback()
        day, (a, b, c), signups, rounds = load(hand_event)
        fourth = signups[3]
        # No table for the fourth in B's round: the seat is free, the plan now reports the gap.
        assert seating.move_seat(fourth, at_b, None, actor) is None
        db.session.commit()
        assert seat_at(fourth, at_b) is None
        quality = seating.quality(day)
        assert quality.unassigned == 1 and quality.empty_seats == 1 and quality.violations == ["no_table"]
        # Back into the freed seat; moving to where one already sits changes nothing.
        seating.move_seat(fourth, at_b, b, actor)
        seating.move_seat(fourth, at_c, c, actor)
        db.session.commit()
        assert (seat_at(fourth, at_b), seat_at(fourth, at_c)) == (b.id, c.id)
        assert seating.quality(day).violations == []
        moves = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "lunch.seat_move")
                                   .order_by(AuditEntry.id)).all()
        assert [(m.detail["from_company"], m.detail["to_company"], m.actor_id) for m in moves] == [
            (b.id, None, actor.id), (None, b.id, actor.id)]


def test_two_committee_members_cannot_both_take_the_last_seat(app, make, hand_event):
    """Each move runs in its own transaction (as two requests would); the second waits for the first's lock,
    then finds the table full, instead of both reading "one seat free" and overfilling it."""
    with app.app_context():
        actor_id = committee_member(app, make).id
        day, (a, b, c), signups, rounds = load(hand_event)
        seating.generate_plan(day, db.session.get(User, actor_id))
        free_round = next(r for r in rounds if seat_at(signups[3], r) == b.id)
        seating.move_seat(signups[3], free_round, None, db.session.get(User, actor_id))   # B has one free seat now
        db.session.commit()
        ids = (free_round.id, b.id, signups[0].id, signups[2].id)
    first_holds_lock, outcomes = threading.Event(), {}

    def move(signup_id, hold):
        # A POST request context: on SQLite the transaction then starts with BEGIN IMMEDIATE, as a view's would.
        with app.test_request_context("/", method="POST"):
            try:
                signup = db.session.get(LunchSignup, signup_id)
                seating.move_seat(signup, db.session.get(LunchRound, ids[0]), db.session.get(LunchCompany, ids[1]),
                                  db.session.get(User, actor_id))
                if hold:
                    first_holds_lock.set()
                    time.sleep(0.5)
                db.session.commit()
                outcomes[signup_id] = "moved"
            except LunchRefused as refused:
                db.session.rollback()
                outcomes[signup_id] = refused.reason
            finally:
                first_holds_lock.set()
                db.session.remove()

    first = threading.Thread(target=move, args=(ids[2], True))
    first.start()
    first_holds_lock.wait(10)
    second = threading.Thread(target=move, args=(ids[3], False))
    second.start()
    first.join(20)
    second.join(20)
    assert outcomes == {ids[2]: "moved", ids[3]: "full"}
    with app.app_context():
        assert db.session.scalar(select(func.count(LunchSeat.id)).where(
            LunchSeat.round_id == ids[0], LunchSeat.lunch_company_id == ids[1])) == 1


def test_publish_needs_a_plan_without_broken_rules(app, make, hand_event):
    with app.app_context():
        actor = committee_member(app, make)
        day, (a, b, c), signups, rounds = load(hand_event)
        with pytest.raises(LunchRefused) as refused:
            seating.publish(day, actor)
        assert refused.value.reason == "no_plan"
        seating.generate_plan(day, actor)
        seating.move_seat(signups[0], rounds[0], None, actor)
        with pytest.raises(LunchRefused) as refused:
            seating.publish(day, actor)
        assert refused.value.reason == "violations"
        assert day.plan_published_at is None
        seating.generate_plan(day, actor)
        seating.publish(day, actor)
        db.session.commit()
        assert db.session.get(LunchDay, day.id).plan_published_at is not None
        assert db.session.scalar(select(AuditEntry.actor_id).where(AuditEntry.action == "lunch.plan_publish")) == actor.id


def count_queries():
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)
    event.listen(db.engine, "before_cursor_execute", record)
    return statements, lambda: event.remove(db.engine, "before_cursor_execute", record)


def test_plan_grid_lists_every_round_and_table_in_a_few_queries(app, make, hand_event):
    with app.app_context():
        actor = committee_member(app, make)
        day, (a, b, c), signups, rounds = load(hand_event)
        seating.generate_plan(day, actor)
        db.session.commit()
        db.session.expire_all()
        statements, stop = count_queries()
        grid = seating.plan_grid(day)
        names = {round_id: {table: [s.trainee.user.name for s in people] for table, people in tables.items()}
                 for round_id, tables in grid.items()}
        stop()
        assert len(statements) <= 8, statements
        assert list(grid) == [r.id for r in rounds]
        assert all(set(tables) == {a.id, b.id, c.id} for tables in grid.values())
        assert all([len(grid[r][t]) for t in (a.id, b.id, c.id)] == [1, 1, 2] for r in grid)
        fourth_name = signups[3].trainee.user.name
        assert sorted(t for r in names for t in names[r] if fourth_name in names[r][t]) == sorted([b.id, c.id])
        assert seating.seat_rows(day)[signups[3].id] == {r.id: seat_at(signups[3], r) for r in rounds}
        # The figures: tables, sign-ups with rankings and interests, seats; however many trainees there are.
        statements, stop = count_queries()
        seating.quality(day)
        stop()
        assert [s.split()[0] for s in statements] == ["SELECT"] * 3, statements


def test_generate_plan_on_a_bigger_day_keeps_every_rule(app, make):
    """Forty trainees, eleven tables of 3-4 seats (42 a round), three rounds, rankings and interests through the rules."""
    company_ids = [make.company() for _ in range(11)]
    day_id = make.lunch_day(rounds=3, companies=company_ids, seats=4, capacity=40)
    user_ids = [make.user(Role.TRAINEE) for _ in range(40)]
    with app.app_context():
        actor = committee_member(app, make)
        day = db.session.get(LunchDay, day_id)
        tables = list(db.session.scalars(lunchdays.confirmed_companies(day)))
        for table in tables[:2]:
            table.seats = 3
        for n, user_id in enumerate(user_ids):
            signup = lunchdays.sign_up(day, trainee_of(user_id))
            lunchdays.set_preferences(signup, [tables[(n + k) % 11].id for k in range(n % 5)])
            if n % 3 == 0:
                lunchdays.mark_interest(tables[n % 11], signup.trainee)
        db.session.commit()
        result = seating.generate_plan(day, actor)
        db.session.commit()
        assert result.violations == [] and result.unassigned == 0
        assert result.mutual_pairs > 0 and result.mutual_honoured == result.mutual_pairs
        per_table = Counter(tuple(row) for row in db.session.execute(select(LunchSeat.round_id, LunchSeat.lunch_company_id)))
        assert all(per_table[r.id, t.id] <= t.seats for r in day.rounds for t in tables)
        assert result.empty_seats == 3 * 42 - 120

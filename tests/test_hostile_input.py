"""Hostile input: every form and query string of the board against a table of payloads.

The table below names each form (the endpoint, who sends it, its URL and a valid base
submission); the fields to attack are read from the Flask-WTF class, so a field added to a
form is attacked without a new line here. Every (form, field, payload) must answer a 4xx
or a re-rendered form, never a 500 (the test app propagates exceptions), and no page may
carry the payload live: a stored value is shown escaped. Legitimate text (Korean, emoji,
quotes) is stored and shown, not refused.

One world (tests/hostile_world.py) is built for the module and shared by the cases: a
state change that a case makes (approving a company, deciding an application) gets a
fresh object per case.
"""
import logging
import re
from dataclasses import dataclass, field as dc_field
from datetime import timedelta

import pytest
from markupsafe import escape
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField, DateField, EmailField, FieldList, FileField, FormField, HiddenField, IntegerField, PasswordField,
    RadioField, SearchField, SelectField, StringField, TextAreaField, TimeField, URLField,
)
from wtforms.fields.core import UnboundField

from board.web.accounts.forms import (
    AcceptInvitationForm, CompanySignupForm, CompleteSignupForm, LoginForm, PasswordChangeForm, ResetForm, ResetRequestForm,
)
from board.web.accounts.welcome import WelcomeForm
from board.web.admin.forms import StaffAccountForm
from board.web.committee.forms import AgreementForm, ApproveCompanyForm, ReasonForm
from board.web.committee.hire_forms import RecordHireForm, RevertHireForm
from board.web.committee.outcome_forms import OutcomeForm
from board.web.committee.proposal_forms import MeetDecisionForm, ProposalForm, TraineeSearchForm
from board.web.committee.review_forms import AdviceForm, PassForm, RejectForm
from board.web.committee.roster_forms import CohortForm, RosterUploadForm, TraineeStatusForm
from board.web.committee.survey_forms import SurveyRoundForm
from board.web.company.forms import InviteForm, ProfileForm as CompanyProfileForm, RegistrationForm
from board.web.committee.lunchday_forms import CheckInForm, InviteForm as LunchInviteForm, LunchDayForm, MoveSeatForm
from board.web.company.offer_forms import OfferForm, WithdrawOfferForm
from board.web.company.interview_forms import CompanyRejectForm, FeedbackForm, OtherTimesForm, SlotsForm
from board.web.company.lunchday_forms import FollowUpForm, InterestForm, RespondForm
from board.web.company.opening_forms import OpeningForm
from board.web.company.project_forms import ProjectForm
from board.web.company.survey_forms import SurveyAnswerForm
from board.web.company.talent_forms import MeetRequestForm, TalentFilters
from board.platform.extensions import limiter
from board.web.me.application_forms import ApplyForm, WithdrawForm
from board.web.me.lunchday_forms import ConfirmForm, PreferencesForm
from board.web.me.offers import DeclineForm
from board.web.me.profile_forms import ProfileForm as TraineeProfileForm, ResumeForm
from board.models.types import board_today
from board.web.pipeline_forms import MoveForm, PipelineFilters
from board.web.public.forms import BoardFilters, ProjectSearch
from tests.conftest import PASSWORD, assert_csrf_refused
from tests.hostile_world import make_world

# ---- payloads, by the kind of field they are thrown at -------------------------------------------
BIG = "x" * 100_000
TEXT = {
    "script": "<script>alert(1)</script>", "img": "<img src=x onerror=alert(1)>",
    "attr": '" autofocus onfocus="alert(1)', "attr1": "' onmouseover='alert(1)",
    "sql": "' OR 1=1 --", "drop": "1; DROP TABLE users", "100kb": BIG, "nul": "a\x00b",
    "zwsp": "a\u200bb", "rlo": "abc\u202etxt.exe", "emoji": "면접 준비 🎉👩‍💻", "korean": "광주 인공지능 사관학교",
}
URL = {**TEXT, "js": "javascript:alert(1)", "js-case": "JaVaScRiPt:alert(1)", "js-space": " javascript:alert(1)",
       "js-tab": "java\tscript:alert(1)", "data": "data:text/html,<script>alert(1)</script>",
       "quote": 'https://example.com/"><script>alert(1)</script>'}
INT = {"neg": "-1", "huge": str(10**20), "word": "abc", "float": "1.5", "sql": "' OR 1=1 --", "nul": "1\x00",
       "arabic-digit": "\u0663", "100kb": "9" * 100_000}
DATE = {"feb30": "2026-02-30", "zero": "0000-00-00", "year-99999": "99999-12-31", "month13": "2026-13-01",
        "sql": "' OR 1=1 --", "nul": "2026-01-01\x00", "huge": str(10**20)}
TIME = {"25h": "25:61", "word": "noon", "nul": "10:00\x00"}
CHOICE = {"unknown": "not-a-choice", "script": TEXT["script"], "sql": TEXT["sql"], "huge": str(10**20), "neg": "-1",
          "nul": "\x00", "100kb": BIG}
# A pending company's id: not among the choices of any select, not a trainee, opening or application anyone may use.
IDS = {"other-company": "{company_pending}", "missing": "999999", "neg": "-1", "huge": str(10**20), "word": "abc", "sql": TEXT["sql"], "nul": "1\x00"}
NEXT = {"offsite": "https://evil.example/", "scheme-relative": "//evil.example/", "backslash": "/\\evil.example",
        "js": "javascript:alert(1)", "nul": "/\x00", "crlf": "/\r\nSet-Cookie: x=1"}
PAYLOADS = {"text": TEXT, "url": URL, "int": INT, "date": DATE, "time": TIME, "choice": CHOICE, "id": IDS,
            "next": NEXT, "email": TEXT, "password": {k: TEXT[k] for k in ("100kb", "nul", "rlo", "emoji", "sql")}}
# Text a person may legitimately write: stored and shown (escaped), never refused.
LEGITIMATE = {"sql", "drop", "emoji", "korean"}

# What a live payload looks like in a page; an escaped one never matches.
LIVE = [re.compile(p, re.I) for p in (
    r"<script>alert", r"<img src=x onerror", r"<[^<>]*\" autofocus onfocus=\"alert", r"<[^<>]*' onmouseover='alert",
    r"(href|src|action|formaction)\s*=\s*[\"']?\s*(java\s*script|data):", r"\"><script>")]

# ---- the forms -----------------------------------------------------------------------------------
KINDS = [(URLField, "url"), (EmailField, "email"), (SearchField, "text"), (TextAreaField, "text"),
         (PasswordField, "password"), (HiddenField, "id"), (StringField, "text"), (IntegerField, "int"),
         (DateField, "date"), (TimeField, "time"), (SelectField, "choice"), (RadioField, "choice")]


@dataclass
class Target:
    endpoint: str
    actor: str
    url: str                     # formatted with the world's ids; {fresh_...} makes a new object per case
    form: type | None
    data: dict = dc_field(default_factory=dict)
    kinds: dict = dc_field(default_factory=dict)   # field -> kind where the class does not say enough
    show: tuple = ()             # (a page, the fields it shows as written[, who looks])
    method: str = "POST"
    base_status: tuple = (302, 303)   # what the valid base submission gets

    @property
    def fields(self):
        found = {}
        for name, unbound in _unbound(self.form) if self.form else []:
            found.update(_expand(name, unbound))
        found.update(self.kinds)
        return {name: kind for name, kind in found.items() if kind}


def _unbound(form):
    return [(name, value) for name in dir(form) if not name.startswith("_")
            and isinstance(value := getattr(form, name), UnboundField)]


def _expand(name, unbound):
    if unbound.field_class is FieldList:      # attack the first row of a list of sub-forms
        inner = unbound.args[0]
        if inner.field_class is FormField:
            return {f"{name}-0-{sub}": kind for sub, u in _unbound(inner.args[0]) for sub, kind in _expand(sub, u).items()}
    if unbound.field_class in (BooleanField, FileField) or name == "csrf_token":
        return {}
    if name.endswith("_url") and unbound.field_class is StringField:
        return {name: "url"}
    return {name: next((kind for cls, kind in KINDS if issubclass(unbound.field_class, cls)), None)}


NEW_PASSWORD = {"password": "a-new-long-password", "confirm": "a-new-long-password"}
OPENING = {"title": "머신러닝 엔지니어", "job_role": "ml_engineer", "employment_type": "full_time", "career_level": "new",
           "education": "any", "workplace": "광주 북구", "salary_min": "3000", "salary_max": "4000", "headcount": "1",
           "description": "모델을 만듭니다.", "required_skills": "Python", "deadline_kind": "date",
           "deadline": str(board_today() + timedelta(days=20))}
OFFER = {"position": "데이터 엔지니어", "employment_type": "full_time", "starts_on": str(board_today() + timedelta(days=60)),
         "salary": "3600", "probation_months": "3", "workplace": "광주 북구", "note": "환영합니다.",
         "answer_by": str(board_today() + timedelta(days=7)), "confirmed": "1", "version": "1"}
PROJECT = {"title": "수어 통역 서비스", "team_size": "4", "description": "설명", "skills": "Python"}
COHORT = {"number": "{fresh_cohort_number}", "starts_on": "2026-03-02", "ends_on": "2026-09-30", "applicants": "600",
          "selected": "180", "hours": "1120", "completed": ""}
SLOT = {"rows-0-date": str(board_today() + timedelta(days=5)), "rows-0-time": "10:00", "rows-0-minutes": "60",
        "rows-0-place": "본사 3층", "rows-0-video_url": ""}
LUNCH_DAY = {"title": "2026 상반기 리쿠르트 런치데이", "venue": "3층 대강당", "description": "설명",
             "day": str(board_today() + timedelta(days=30)), "start": "12:00", "rounds": "2", "minutes": "40",
             "break_minutes": "5", "opens": f"{board_today() - timedelta(days=1)}T09:00",
             "closes": f"{board_today() + timedelta(days=20)}T18:00", "capacity": "60"}
LUNCH_TIMES = {"opens": "date", "closes": "date"}   # DateTimeLocalField is no DateField
TARGETS = [
    Target("accounts.login", "fresh", "/login", LoginForm, {"email": "t@example.kr", "password": PASSWORD}, {"next": "next"}),
    Target("accounts.signup_company", "fresh", "/signup/company", CompanySignupForm,
           {"company_name": "광주비전랩", "registration_number": "{fresh_registration_number}", "name": "김담당",
            "email": "{fresh_email}"}),
    Target("accounts.finish_signup", "fresh", "/signup/company/{fresh_signup_token}", CompleteSignupForm,
           NEW_PASSWORD),
    Target("accounts.reset_request", "fresh", "/password-reset", ResetRequestForm, {"email": "t@example.kr"}),
    Target("accounts.reset", "fresh", "/password-reset/{fresh_reset_token}", ResetForm, NEW_PASSWORD),
    Target("accounts.accept_invitation", "fresh", "/invitations/{fresh_invitation_token}", AcceptInvitationForm,
           {"name": "최동료", **NEW_PASSWORD}),
    Target("accounts.welcome", "fresh", "/welcome/{fresh_welcome_token}", WelcomeForm, NEW_PASSWORD),
    Target("accounts.password_change", "changer", "/account/password", PasswordChangeForm,
           {"current": "wrong-password", **NEW_PASSWORD}, base_status=(422,)),  # so no case changes it
    Target("public.language", "fresh", "/language", None, {"lang": "en"}, {"lang": "choice", "next": "next"}),
    Target("admin.new_user", "admin", "/admin/users/new", StaffAccountForm,
           {"name": "새위원", "email": "{fresh_email}", "role": "committee", **NEW_PASSWORD}, show=("/admin/", "name")),
    Target("committee.approve_company", "committee", "/committee/companies/{fresh_pending_company}/approve",
           ApproveCompanyForm, {"kind": "local"}),
    Target("committee.return_company", "committee", "/committee/companies/{fresh_pending_company}/return", ReasonForm,
           {"reason": "서류를 보완해 주세요."}),
    Target("committee.suspend_company", "committee", "/committee/companies/{fresh_company}/suspend", ReasonForm,
           {"reason": "협약 위반"}),
    Target("committee.reinstate_company", "committee", "/committee/companies/{fresh_suspended_company}/reinstate",
           ReasonForm, {"reason": "해소됨"}),
    Target("committee.save_agreement", "committee", "/committee/companies/{company_x}/agreement", AgreementForm,
           {"signed_on": "2021-07-27", "pledged_interviews": "3", "pledged_hires": "1", "note": "메모"},
           show=("/committee/companies/{company_x}", "note")),
    Target("committee.review_edits", "committee", "/committee/companies/{company_x}/review-edits", None, {},
           {"review_edits": "choice"}),
    Target("committee.publish_opening", "committee", "/committee/openings/{fresh_submitted_opening}/publish", ReasonForm),
    Target("committee.return_opening", "committee", "/committee/openings/{fresh_submitted_opening}/return", ReasonForm,
           {"reason": "연봉을 적어 주세요."}),
    Target("committee.publish_project", "committee", "/committee/projects/{fresh_submitted_project}/publish", ReasonForm),
    Target("committee.return_project", "committee", "/committee/projects/{fresh_submitted_project}/return", ReasonForm,
           {"reason": "범위를 줄여 주세요."}),
    Target("committee.pass_on", "committee", "/committee/review/{fresh_review_application}/pass", PassForm,
           {"version": "1"}),
    Target("committee.return_with_advice", "committee", "/committee/review/{fresh_review_application}/return",
           AdviceForm, {"version": "1", "advice": "자기소개를 보완하세요."}, show=("/me/applications", "advice", "trainee_a")),
    Target("committee.reject", "committee", "/committee/review/{fresh_review_application}/reject", RejectForm,
           {"version": "1", "code": "skills", "note": "메모"}),
    Target("committee.new_cohort", "committee", "/committee/cohorts/new", CohortForm, COHORT),
    Target("committee.edit_cohort", "committee", "/committee/cohorts/{cohort_id}/edit", CohortForm, COHORT),
    Target("committee.trainee_status", "committee", "/committee/trainees/{trainee_b}/status", TraineeStatusForm,
           {"status": "training"}, {"next": "next"}),
    Target("committee.resend_invitation", "committee", "/committee/trainees/{trainee_b}/invite", None, {},
           {"next": "next"}),
    Target("committee.new_survey", "committee", "/committee/surveys/new", SurveyRoundForm,
           {"title": "2026 하반기", "deadline": str(board_today() + timedelta(days=14)), "note": "메모"},
           show=("/committee/surveys", "title")),
    Target("committee.trainee_outcome", "committee", "/committee/trainees/{trainee_b}/outcome", OutcomeForm,
           {"kind": "employed", "organisation": "광주비전랩", "started_on": "2026-01-05", "note": "메모"},
           {"next": "next", "company": "id"}),
    Target("committee.pipeline_move", "committee", "/committee/pipeline/{fresh_review_application}/move", MoveForm,
           {"to": "company_review", "version": "1", "from_stage": "committee_review"}),
    Target("committee.new_proposal", "committee", "/committee/proposals/new?opening={opening_x}", ProposalForm,
           {"trainee": "{trainee_b}", "note": "추천합니다"}),
    Target("committee.decide_meet_request", "committee", "/committee/meet-requests/{fresh_meet_request}/decide",
           MeetDecisionForm, {"decision": "decline", "reason": "사유"}),
    Target("company.profile", "member_x", "/company/profile", CompanyProfileForm,
           {"description": "소개", "website": "https://vision.example"}, show=("/companies/{company_x}", "")),
    Target("company.registration", "member_pending", "/company/registration", RegistrationForm,
           {"company_name": "피 주식회사", "registration_number": "220-81-62517"}),
    Target("company.invite", "member_x", "/company/members/invite", InviteForm, {"email": "{fresh_email}"}),
    Target("company.new_opening", "member_x", "/company/openings/new", OpeningForm, OPENING),
    Target("company.edit_opening", "member_x", "/company/openings/{draft_opening}/edit", OpeningForm, OPENING,
           show=("/company/openings/{draft_opening}", "title workplace")),
    Target("company.close_opening", "member_x", "/company/openings/{fresh_published_opening}/close", None, {},
           {"reason": "text"}),
    Target("company.new_project", "member_x", "/company/projects/new", ProjectForm, PROJECT),
    Target("company.edit_project", "member_x", "/company/projects/{draft_project}/edit", ProjectForm, PROJECT,
           show=("/company/projects/{draft_project}", "title")),
    Target("company.offer_slots", "member_x", "/company/applications/{fresh_interview_application}/slots", SlotsForm,
           SLOT, show=("/company/applications/{last_application}", "rows-0-place interviewer_name note")),
    Target("company.record_feedback", "member_x", "/company/applications/{fresh_interview_application}/feedback",
           FeedbackForm, {"interviewer_name": "김면접", "skills": "4", "communication": "4", "problem_solving": "3",
                          "fit": "5", "note": "좋음"}, show=("/company/applications/{last_application}", "rows-0-place interviewer_name note")),
    Target("company.reject", "member_x", "/company/applications/{fresh_company_application}/reject", CompanyRejectForm,
           {"rejection_code": "skills", "shared_reason": "다음 기회에"}),
    Target("company.make_offer", "member_x", "/company/applications/{fresh_interview_application}/offer", OfferForm,
           OFFER, show=("/me/applications/{last_application}", "position workplace note", "trainee_a")),
    Target("company.withdraw_offer", "member_x", "/company/applications/{fresh_offer_application}/offer/withdraw",
           WithdrawOfferForm, {"reason": "채용 계획이 바뀌었습니다."}),
    # The check form's fields carry the milestone as a prefix (several forms on one page).
    Target("company.confirm_employment", "member_x", "/company/applications/{fresh_due_hire}/checks/3", None,
           {"m3-status": "verified", "m3-checked_on": str(board_today())},
           {"m3-status": "choice", "m3-checked_on": "date", "m3-note": "text"}),
    # The committee's page holds one check form per hire and milestone, so its fields carry the offer's id;
    # field names are filled with the world's ids like the URL (see _send).
    Target("committee.record_check", "committee", "/committee/offers/{fresh_due_offer}/checks/3", None,
           {"c{fresh_due_offer}m3-status": "verified", "c{fresh_due_offer}m3-checked_on": str(board_today())},
           {"c{fresh_due_offer}m3-status": "choice", "c{fresh_due_offer}m3-checked_on": "date",
            "c{fresh_due_offer}m3-note": "text"}),
    Target("me.decline_offer", "trainee_a", "/me/applications/{fresh_offer_application}/offer/decline", DeclineForm,
           {"reason": "다른 회사를 선택했습니다."}, show=("/company/applications/{last_application}", "reason", "member_x")),
    Target("me.after_hire", "trainee_a", "/me/applications/{fresh_hired_application}/after-hire", None, {},
           {"application": "id", "signup": "id", "proposal": "id"}),
    Target("committee.record_hire", "committee", "/committee/applications/{fresh_offer_application}/hire",
           RecordHireForm, {"reason": "전화로 수락을 확인했습니다."}),
    Target("committee.revert_hire", "committee", "/committee/applications/{fresh_hired_application}/revert-hire",
           RevertHireForm, {"reason": "다른 지원자와 혼동했습니다."}),
    Target("company.pipeline_move", "member_x", "/company/pipeline/{fresh_company_application}/move", MoveForm,
           {"to": "interview", "version": "1", "from_stage": "company_review"}),
    Target("company.survey", "member_x", "/company/surveys/{survey_id}", SurveyAnswerForm,
           {"rows-0-job_role": "ml_engineer", "rows-0-skills": "Python", "rows-0-headcount": "2",
            "rows-0-timing": "now"}),
    Target("company.request_meet", "member_x", "/company/talent/{fresh_visible_trainee}/meet", MeetRequestForm,
           {"message": "만나고 싶습니다"}),
    Target("me.profile", "trainee_a", "/me/profile", TraineeProfileForm,
           {"headline": "컴퓨터비전 엔지니어", "introduction": "소개", "skills": "Python"}, show=("/me/profile", "headline introduction")),
    Target("me.apply_to", "trainee_a", "/me/openings/{fresh_open_opening}/apply", ApplyForm,
           {"cover_letter": "지원합니다"}, show=("/me/applications", "")),
    Target("me.withdraw", "trainee_a", "/me/applications/{fresh_own_application}/withdraw", WithdrawForm,
           {"reason": "일정이 맞지 않습니다"}),
    Target("me.edit_application", "trainee_a", "/me/applications/{fresh_needs_changes_application}/edit", ApplyForm,
           {"cover_letter": "고쳤습니다"}),
    Target("me.other_times", "trainee_a", "/me/applications/{fresh_interview_application_a}/other-times",
           OtherTimesForm, {"note": "다음 주 화요일"}),
    Target("committee.new_lunch_day", "committee", "/committee/lunch-days/new", LunchDayForm, LUNCH_DAY, LUNCH_TIMES,
           show=("/committee/lunch-days", "title")),
    Target("committee.edit_lunch_day", "committee", "/committee/lunch-days/{fresh_lunch_day}/edit", LunchDayForm,
           LUNCH_DAY, LUNCH_TIMES, show=("/committee/lunch-days/{last_lunch_day}", "title venue description")),
    Target("committee.invite_to_lunch_day", "committee", "/committee/lunch-days/{lunch_open}/invite", LunchInviteForm,
           {"companies": "{fresh_company}"}),
    Target("committee.generate_lunch_plan", "committee", "/committee/lunch-days/{lunch_plan}/plan/generate", None,
           {"confirm": "yes"}, {"confirm": "choice"}),
    Target("committee.move_lunch_seat", "committee", "/committee/lunch-days/{lunch_plan}/plan/move", MoveSeatForm,
           {"signup": "{plan_signup}", "round": "{plan_round}", "table": "0"}),
    Target("committee.check_in_trainee", "committee", "/committee/lunch-days/{lunch_past}/check-in/{past_signup}",
           CheckInForm, {"present": "1"}, {"q": "text"}),
    Target("company.lunch_day", "member_x", "/company/lunch-days/{lunch_open}", RespondForm,
           {"answer": "attend", "seats": "4", "note": "메모"}, show=("/company/lunch-days/{lunch_open}", "note")),
    Target("company.lunch_interest", "member_x", "/company/lunch-days/{lunch_open}/interest", InterestForm,
           {"trainee_id": "{trainee_b}", "wanted": "1"}),
    Target("company.lunch_follow_up", "member_x", "/company/lunch-days/{lunch_past}/follow-up/{trainee_b}",
           FollowUpForm, {"decision": "keep_in_touch", "opening": ""}),
    Target("me.lunch_preferences", "trainee_a", "/me/lunch-days/{lunch_open}/preferences", PreferencesForm,
           {"choice_1": "{table_x}"}),
    Target("me.lunch_signup", "trainee_a", "/me/lunch-days/{fresh_lunch_day}/signup", ConfirmForm),
    Target("me.lunch_cancel", "trainee_a", "/me/lunch-days/{fresh_signed_up_lunch_day}/cancel", ConfirmForm,
           {"confirmed": "yes"}),
    Target("committee.publish_lunch_plan", "committee", "/committee/lunch-days/{fresh_planned_lunch_day}/plan/publish",
           None),
    # Actions without fields of their own and file uploads sent without a file: for the encodings and repeats below.
    Target("company.submit_opening", "member_x", "/company/openings/{fresh_draft_opening}/submit", None),
    Target("company.duplicate_opening", "member_x", "/company/openings/{opening_x}/duplicate", None),
    Target("company.submit_project", "member_x", "/company/projects/{fresh_draft_project}/submit", None),
    Target("me.upload_resume", "trainee_a", "/me/resume", ResumeForm, base_status=(422,)),
    Target("committee.upload_roster", "committee", "/committee/cohorts/{cohort_id}/roster", RosterUploadForm,
           base_status=(302, 303, 422)),
    # Search and filter query strings: GET forms that change nothing.
    Target("public.openings", "fresh", "/openings", BoardFilters, method="GET", kinds={"page": "int"}),
    Target("public.openings#signed-in", "trainee_a", "/openings", BoardFilters, method="GET"),
    Target("public.projects", "fresh", "/projects", ProjectSearch, method="GET", kinds={"page": "int"}),
    Target("company.talent_pool", "member_x", "/company/talent", TalentFilters, method="GET", kinds={"page": "int"}),
    Target("committee.pipeline", "committee", "/committee/pipeline", PipelineFilters, method="GET"),
    Target("committee.new_proposal#search", "committee", "/committee/proposals/new", TraineeSearchForm, method="GET"),
    Target("admin.index", "admin", "/admin/", None, method="GET", kinds={"q": "text", "role": "choice", "page": "int"}),
    Target("admin.outbox_list", "admin", "/admin/outbox", None, method="GET", kinds={"status": "choice", "page": "int"}),
    Target("committee.companies", "committee", "/committee/companies", None, method="GET",
           kinds={"status": "choice", "page": "int"}),
    Target("committee.proposals", "committee", "/committee/proposals", None, method="GET", kinds={"status": "choice"}),
    Target("committee.openings", "committee", "/committee/openings", None, method="GET",
           kinds={"status": "choice", "page": "int"}),
    Target("committee.cohort", "committee", "/committee/cohorts/{cohort_id}", None, method="GET",
           kinds={"show": "choice", "page": "int"}),
    Target("committee.cohort_outcomes", "committee", "/committee/cohorts/{cohort_id}/outcomes", None, method="GET",
           kinds={"show": "choice", "page": "int"}),
    Target("company.openings", "member_x", "/company/openings", None, method="GET", kinds={"status": "choice"}),
    Target("company.projects", "member_x", "/company/projects", None, method="GET", kinds={"status": "choice"}),
    Target("accounts.login#next", "fresh", "/login", None, method="GET", kinds={"next": "next"}),
    # The preferences form is built per person (one radio group per kind they can receive).
    Target("notifications.preferences", "member_x", "/notifications/preferences", None,
           {"k_opening_published": "digest"}, {"k_opening_published": "choice", "k_company_approved": "choice"}),
    Target("committee.lunch_check_in", "committee", "/committee/lunch-days/{lunch_past}/check-in", None, method="GET",
           kinds={"q": "text"}),
    # Reports: a filter that cannot be used answers 422 with its reason in Korean.
    Target("committee.reports", "committee", "/committee/reports", None, method="GET",
           kinds={"cohort": "id", "compare": "id"}),
    Target("committee.report_trainees", "committee", "/committee/reports/trainees", None, method="GET",
           kinds={"cohort": "id", "status": "choice", "outcome": "choice", "region": "text", "page": "int"}),
    Target("committee.report_companies", "committee", "/committee/reports/companies", None, method="GET",
           kinds={"kind": "choice", "partner": "choice", "page": "int"}),
    Target("committee.report_csv", "committee", "/committee/reports/regions.csv", None, method="GET",
           kinds={"cohort": "id"}),
    Target("committee.report_trainees_csv", "committee", "/committee/reports/trainees.csv", None, method="GET",
           kinds={"cohort": "id"}),
    Target("committee.report_applications_csv", "committee", "/committee/reports/applications.csv", None,
           method="GET", kinds={"cohort": "id"}),
    Target("company.applicants_csv", "member_x", "/company/applicants.csv", None, method="GET",
           kinds={"opening": "id"}),
    Target("committee.audit_log", "committee", "/committee/audit", None, method="GET",
           kinds={"actor": "id", "subject": "choice", "action": "choice", "since": "date", "until": "date",
                  "page": "int"}),
]
BY_NAME = {t.endpoint: t for t in TARGETS}
# POST routes without a row, and why. A new form fails test_every_post_route_has_a_row until it has one.
NOT_IN_TABLE = {
    # Buttons with only a CSRF token; tests/test_authorization.py sends them for every actor.
    "accounts.logout": "ends the shared client's session", "company.leave": "takes member X out of the company",
    "admin.user_active": "a confirm button", "admin.outbox_retry": "a confirm button", "committee.confirm_roster_import": "a confirm button",
    "me.accept_proposal": "a button", "me.decline_proposal": "a button", "me.choose_slot": "a button",
    "me.accept_offer": "a confirm button",
    "notifications.read": "a button", "notifications.read_all": "a button",
    # One-click unsubscribe takes no fields; its only input, the token in the URL, is forged in test_notifications.
    "notifications.unsubscribe": "a button",
}
CASES = [pytest.param(t.endpoint, name, kind, key, id=f"{t.endpoint}-{name}-{key}")
         for t in TARGETS for name, kind in t.fields.items() for key in PAYLOADS[kind]]


@pytest.fixture(scope="module")
def world(database_url):
    world = make_world(database_url)
    yield world
    world.close()


# ---- the checks -----------------------------------------------------------------------------------
def _assert_not_live(body, where):
    for pattern in LIVE:
        match = pattern.search(body)
        assert match is None, f"live payload {match.group(0)!r} in {where}"


def _send(world, target, data, body="form"):
    """Fill the target's URL and data with the world's ids, then send it as its actor, encoded as body says."""
    ids = world.ids()
    url = target.url.format_map(ids)
    data = [(k.format_map(ids), v.format_map(ids) if isinstance(v, str) else v) for k, v in (data.items() if isinstance(data, dict) else data)]
    client, token = world.client(target.actor)
    with world.app.app_context():
        limiter.reset()
    if target.method == "GET":
        return client, client.get(url, query_string=MultiDict(data))
    if body.startswith("json"):  # the header carries the token, as htmx's does; Flask-WTF reads a JSON body as form data
        values = {"json": None, "json-numbers": 12345, "json-objects": {"a": [1]}, "json-nulls": None}[body]
        json = {k: (v if values is None and body == "json" else values) for k, v in data}
        return client, client.post(url, json=json, headers={"X-CSRFToken": token})
    if body == "text":
        text = "&".join(f"{k}={v}" for k, v in data)
        return client, client.post(url, data=text, content_type="text/plain", headers={"X-CSRFToken": token}, csrf=False)
    data = MultiDict([*data, ("csrf_token", token)])
    if body == "multipart":
        return client, client.post(url, data=data, content_type="multipart/form-data", csrf=False)
    return client, client.post(url, data=data, csrf=False)


@pytest.mark.parametrize("endpoint,field,kind,key", CASES)
def test_hostile_value_is_refused_or_stored_and_shown_escaped(world, endpoint, field, kind, key):
    target = BY_NAME[endpoint]
    payload = PAYLOADS[kind][key]
    client, response = _send(world, target, {**target.data, field: payload})
    body = response.get_data(as_text=True)
    # 400 is what a stale CSRF token gets: the case would not have reached the form.
    assert response.status_code < 500 and response.status_code != 400
    _assert_not_live(body, f"the answer to {endpoint}")
    if response.status_code in (301, 302, 303):
        location = response.headers["Location"]
        assert location.startswith("/") and not location.startswith("//"), location
        assert "\r" not in location and "\n" not in location
        shown = client.get(location).get_data(as_text=True)
        if target.show:
            viewer = world.client(target.show[2])[0] if len(target.show) > 2 else client
            shown += viewer.get(target.show[0].format_map(world.ids())).get_data(as_text=True)
        _assert_not_live(shown, f"the pages after {endpoint}")
        if key in LEGITIMATE and target.show and field in target.show[1].split():
            assert str(escape(payload)) in shown, f"{key} was stored but not shown as written"
    elif target.method == "POST" and response.status_code == 200 and kind in ("text", "url", "int", "date"):
        pytest.fail(f"{endpoint} answered 200 to a POST without saving it")


@pytest.mark.parametrize("endpoint", [t.endpoint for t in TARGETS])
def test_the_tables_base_submission_is_accepted(world, endpoint):
    # Otherwise every hostile case above could be refused for a reason that has nothing to do with it.
    target = BY_NAME[endpoint]
    client, response = _send(world, target, dict(target.data))
    assert response.status_code in ((200,) if target.method == "GET" else target.base_status)
    if target.method == "POST" and target.actor != "fresh" and response.status_code != 422:
        assert "/login" not in response.headers["Location"]


POSTS = [t for t in TARGETS if t.method == "POST"]


@pytest.mark.parametrize("body", ["json", "json-numbers", "json-objects", "json-nulls", "text", "multipart"])
@pytest.mark.parametrize("endpoint", [t.endpoint for t in POSTS])
def test_a_form_sent_in_another_encoding_is_handled(world, endpoint, body):
    # JSON or text/plain where a form is expected: the fields are simply missing, so the form is
    # re-rendered with its messages or the action needs nothing (publish); multipart is a form like any other.
    target = BY_NAME[endpoint]
    client, response = _send(world, target, {**target.data, **{f: TEXT["script"] for f in target.fields}}, body=body)
    assert response.status_code < 500 and response.status_code != 400
    _assert_not_live(response.get_data(as_text=True), endpoint)


def test_json_without_the_csrf_header_is_refused(world, caplog):
    caplog.set_level(logging.INFO, logger="flask_wtf.csrf")
    client, token = world.client("member_x")
    # The CSRF check runs first: JSON without the X-CSRFToken header gets the CSRF refusal itself.
    response = client.post("/company/profile", json={"description": "바뀜", "website": ""})
    assert_csrf_refused(response, caplog, "JSON without the header")
    # With the header it passes that check and is refused as not a form (board/web/security.py).
    caplog.clear()
    response = client.post("/company/profile", json={"description": "바뀜", "website": ""},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 415 and not caplog.records
    # The same body as a form, with neither the token field nor the X-CSRFToken header: the CSRF refusal itself.
    caplog.clear()
    response = client.post("/company/profile", data={"description": "바뀜", "website": ""}, csrf=False)
    assert_csrf_refused(response, caplog, "form without a token")
    # With the header it passes the check: the refusal above was for the missing token, nothing else.
    caplog.clear()
    response = client.post("/company/profile", data={"description": "바뀜", "website": ""}, csrf=False,
                           headers={"X-CSRFToken": token})
    assert response.status_code != 400 and not caplog.records


def test_the_csrf_refusal_is_not_mistaken_for_another(world, caplog):
    # Control: with CSRF switched off, the request without a token is not counted as refused for CSRF.
    caplog.set_level(logging.INFO, logger="flask_wtf.csrf")
    client, token = world.client("member_x")
    world.app.config["WTF_CSRF_ENABLED"] = False
    try:
        response = client.post("/company/profile", data={"description": "바뀜", "website": ""}, csrf=False)
    finally:
        world.app.config["WTF_CSRF_ENABLED"] = True
    with pytest.raises(AssertionError):
        assert_csrf_refused(response, caplog)


@pytest.mark.parametrize("endpoint", [t.endpoint for t in TARGETS if t.fields])
def test_a_field_sent_twice_is_read_once_and_never_live(world, endpoint):
    # Which of two values a server reads differs between frameworks: neither may slip past the checks.
    target = BY_NAME[endpoint]
    for name in target.fields:
        for pair in ((TEXT["script"], target.data.get(name, "1")), (target.data.get(name, "1"), TEXT["img"])):
            data = [(k, v) for k, v in target.data.items() if k != name] + [(name, pair[0]), (name, pair[1])]
            client, response = _send(world, target, data)
            assert response.status_code < 500 and response.status_code != 400
            _assert_not_live(response.get_data(as_text=True), f"{endpoint} {name}")
            if response.status_code in (302, 303):
                _assert_not_live(client.get(response.headers["Location"]).get_data(as_text=True), f"after {endpoint}")


# Names and reasons the board shows to other people: tags are refused like in every other text field.
MARKUP_REFUSED = [("accounts.signup_company", "company_name"), ("accounts.signup_company", "name"),
                  ("accounts.accept_invitation", "name"),
                  ("admin.new_user", "name"), ("me.withdraw", "reason")]


@pytest.mark.parametrize("endpoint,field", [(e, f) for e, f in MARKUP_REFUSED if f])
def test_markup_in_names_and_reasons_is_refused_with_the_message(world, endpoint, field):
    target = BY_NAME[endpoint]
    client, response = _send(world, target, {**target.data, field: "<b>x</b>"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and "이 항목에는 HTML 태그를 사용할 수 없습니다." in page


def test_every_post_route_has_a_row(world):
    posts = {rule.endpoint for rule in world.app.url_map.iter_rules() if "POST" in rule.methods}
    missing = sorted(posts - {t.endpoint.split("#")[0] for t in TARGETS} - set(NOT_IN_TABLE))
    assert not missing, f"POST routes without a row in the hostile-input table: {missing}"

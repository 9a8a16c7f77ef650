"""The kinds of notification: what each one says, who receives it, and whether a person may turn its mail off.

Kinds are data, not code paths: adding one is a row here and one notify() call in the domain
function that performs the action. Texts are translated when shown, in the reader's language,
with the names the event stored (see Notification.params).
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from board.models.notifications import Channel

TRAINEE, COMPANY, COMMITTEE = "trainee", "company", "committee"


@dataclass(frozen=True)
class Kind:
    """label: the name on the preferences page; text: the sentence in the bell; audience: who may receive it.

    essential: mailed always and never a preference (invitations, password resets, what the law requires).
    """

    code: str
    label: object
    text: object
    audience: str
    default: Channel = Channel.IMMEDIATE
    essential: bool = False


KINDS = {
    kind.code: kind
    for kind in (
        Kind(
            "company.approved",
            _l("Company registration approved"),
            _l("The committee approved %(company)s. Your company can now post openings."),
            COMPANY,
        ),
        Kind(
            "company.returned",
            _l("Company registration returned"),
            _l("The committee returned the registration of %(company)s. Please read its note and correct it."),
            COMPANY,
        ),
        Kind(
            "company.suspended",
            _l("Company suspended"),
            _l("The committee suspended %(company)s. Its openings are hidden from the board for now."),
            COMPANY,
        ),
        Kind(
            "opening.published", _l("Opening published"), _l("Your opening “%(title)s” is now on the board."), COMPANY
        ),
        Kind(
            "opening.returned",
            _l("Opening returned"),
            _l("The committee returned your opening “%(title)s” with a note."),
            COMPANY,
        ),
        Kind(
            "project.published",
            _l("Project published"),
            _l("Your project “%(title)s” is now on the board."),
            COMPANY,
            Channel.DIGEST,
        ),
        Kind(
            "project.returned",
            _l("Project returned"),
            _l("The committee returned your project “%(title)s” with a note."),
            COMPANY,
        ),
        Kind(
            "application.passed",
            _l("Application passed on to your company"),
            _l("The committee passed on %(trainee)s's application to “%(title)s”."),
            COMPANY,
        ),
        Kind("application.stage", _l("My application moved"), _l("Your application to “%(title)s”: %(news)s"), TRAINEE),
        Kind(
            "match.proposed",
            _l("Opening proposed to me"),
            _l("The committee thinks “%(title)s” at %(company)s suits you. Have a look."),
            TRAINEE,
        ),
        Kind(
            "meet.answered",
            _l("Request to meet answered"),
            _l("The committee answered your request to meet %(trainee)s: %(answer)s."),
            COMPANY,
        ),
        Kind(
            "interview.offered",
            _l("Interview times offered"),
            _l("%(company)s offered interview times for “%(title)s”. Please choose one."),
            TRAINEE,
        ),
        Kind(
            "interview.chosen",
            _l("Interview time chosen"),
            _l("%(trainee)s chose an interview time for “%(title)s”."),
            COMPANY,
        ),
        Kind(
            "interview.changed",
            _l("Other interview times asked"),
            _l("%(trainee)s asked for other interview times for “%(title)s”."),
            COMPANY,
        ),
        Kind(
            "lunch.signup_open",
            _l("Lunch-day sign-up open"),
            _l("Sign-up for “%(title)s” is open."),
            TRAINEE,
            Channel.DIGEST,
        ),
        Kind(
            "lunch.seat_confirmed",
            _l("Lunch-day seat confirmed"),
            _l("Your seat at “%(title)s” is confirmed."),
            TRAINEE,
        ),
        Kind(
            "lunch.promoted",
            _l("Lunch-day seat from the waiting list"),
            _l("A seat opened up: you now have a seat at “%(title)s”."),
            TRAINEE,
        ),
        Kind(
            "lunch.seating_published",
            _l("Lunch-day seating published"),
            _l("The seating for “%(title)s” is published. See which companies you meet."),
            TRAINEE,
        ),
        Kind(
            "lunch.invited",
            _l("Lunch-day invitation"),
            _l("Your company is invited to “%(title)s”. Please tell the committee whether you attend."),
            COMPANY,
        ),
        Kind(
            "lunch.reminder",
            _l("Lunch day tomorrow"),
            _l("“%(title)s” is tomorrow at %(venue)s. Your seat is waiting for you."),
            TRAINEE,
        ),
        Kind(
            "lunch.reminder_host",
            _l("Lunch day tomorrow (hosting a table)"),
            _l("“%(title)s” is tomorrow at %(venue)s. The trainees expect your company's table."),
            COMPANY,
        ),
        Kind(
            "survey.opened",
            _l("Hiring-demand survey opened"),
            _l("The committee opened the survey “%(title)s”. Please answer by %(deadline)s."),
            COMPANY,
            Channel.DIGEST,
        ),
        Kind(
            "survey.deadline",
            _l("Hiring-demand survey closing soon"),
            _l("The survey “%(title)s” closes on %(deadline)s and your company has not answered yet."),
            COMPANY,
        ),
        # Mailed by the accounts code itself; listed so the preferences page can say they always go.
        Kind("account.invitation", _l("Account invitations"), _l("Account invitation"), "", essential=True),
        Kind("account.password_reset", _l("Password resets"), _l("Password reset"), "", essential=True),
        Kind(
            "application.rejected",
            _l("Decisions on my applications"),
            _l("Decision on your application"),
            TRAINEE,
            essential=True,
        ),
    )
}

# What a stage change means to the trainee, in the words of the one it happens to.
STAGE_NEWS = {
    "submitted": _l("it is submitted and waits for the committee."),
    "needs_changes": _l("the committee asks you to change something before it goes on."),
    "committee_review": _l("the committee is reading it."),
    "company_review": _l("the committee passed it on to the company, which is reading it now."),
    "lunch_meeting": _l("the company would like to meet you at a lunch day."),
    "interview": _l("the company would like to interview you."),
    "offer": _l("the company is offering you the job."),
    "hired": _l("you are hired. Congratulations!"),
    "rejected": _l("the process has ended. Your application page says why."),
    "withdrawn": _l("you withdrew it."),
}

ANSWERS = {"approved": _l("approved"), "declined": _l("declined")}


def for_role(role_value):
    """The kinds a person of this role can receive, in table order (essential ones last)."""
    audience = TRAINEE if role_value == "trainee" else COMPANY if role_value == "company" else COMMITTEE
    kinds = [k for k in KINDS.values() if k.audience == audience and not k.essential]
    return kinds + [k for k in KINDS.values() if k.essential and k.audience in ("", audience)]

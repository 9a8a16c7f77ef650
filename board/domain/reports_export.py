"""The dashboard's figure tables as CSV that Excel on a Korean Windows opens as written.

Excel reads a CSV without a byte-order mark in the system code page (CP949 in Korea) and
garbles UTF-8 Korean; with the BOM it reads UTF-8. A cell that begins with = + - @ (or a
tab or carriage return) is a formula to Excel, so such cells get a leading apostrophe.
"""
import csv
import io

from flask_babel import gettext as _

from board.domain.reports import conversion

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell Excel shows as text: numbers stay numbers, text that would start a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _percent(value):
    return f"{value * 100:.1f}%" if value is not None else ""


def _ratio(value):
    return f"{value:.2f}" if value is not None else ""


# The parts of board.domain.reports.figures each table is made from.
NEEDS = {"headline": ("headline", "outcomes"), "genders": ("regions",)}
TABLES = ("headline", "outcomes", "regions", "genders", "company-kinds", "companies", "funnel", "lunch", "skills")


def tables(figures):
    """{name: (title, header, rows)} for every figure table of one scope; the names are the export's URLs."""
    f = figures
    lunch_labels = lunch_step_labels()
    return {
        "headline": (_("Headline figures"), [_("Figure"), _("Value")], [
            (_("Applicants"), f.applicants), (_("Places"), f.places),
            (_("Competition ratio"), _ratio(f.competition_ratio)),
            (_("Trainees"), f.trainees), (_("Completed"), f.completed),
            (_("Completion rate"), _percent(f.completion_rate)),
            (_("Employed, founded or studying"), f.success), (_("Outcome rate"), _percent(f.outcome_rate)),
            (_("Residents of the region"), f.residents), (_("Share of residents"), _percent(f.resident_rate)),
            (_("Partner companies"), f.partners), (_("Hires pledged"), f.pledged_hires),
            (_("Hires through the board"), f.hires), (_("Interviews pledged"), f.pledged_interviews),
            (_("Interviews held"), f.interviews),
            (_("Median days from application to hire"), _days(f.median_days_to_hire)),
            (_("Median days from lunch day to interview"), _days(f.median_days_lunch_to_interview)),
        ]),
        "outcomes": (_("Outcomes of those who completed"), [_("Outcome"), _("Graduates")],
                     [(kind.label if kind else _("No outcome yet"), n)
                      for kind, n in f.outcomes.items() if kind is not None or n]),
        "regions": (_("Trainees by region"), [_("Region"), _("Trainees")],
                    [(region or _("Not given"), n) for region, n in f.regions]),
        "genders": (_("Trainees by gender"), [_("Gender"), _("Trainees")],
                    [(gender_label(g), n) for g, n in sorted(f.genders.items())]),
        "company-kinds": (_("Companies by kind"), [_("Kind"), _("Companies")],
                          [(kind.label if kind else _("Not given"), n) for kind, n in f.company_kinds.items()]),
        "companies": (_("Openings and hires per company"),
                      [_("Company"), _("Openings"), _("Hires"), _("Hires pledged")],
                      [(name, openings, hires, pledged) for _id, name, openings, hires, pledged in f.per_company]),
        "funnel": (_("Applications by stage"), [_("Stage"), _("Applications"), _("Of the stage before")],
                   [(stage.label, n, _percent(share)) for stage, n, share in conversion(f.funnel)]),
        "lunch": (_("Lunch-day funnel"), [_("Step"), _("Number"), _("Of the step before")],
                  [(lunch_labels[key], n, _percent(share)) for key, n, share in conversion(f.lunch)]),
        "skills": (_("Hiring demand against the trainees' skills"),
                   [_("Skill"), _("Headcount asked for"), _("Trainees with the skill")], f.skills),
    }


def _days(value):
    return f"{value:.1f}" if value is not None else ""


def gender_label(value):
    return {"male": _("Men"), "female": _("Women")}.get(value, _("Not given"))


def lunch_step_labels():
    return {"seats": _("Seats at company tables"), "signups": _("Sign-ups"), "seated": _("Seated"),
            "checked_in": _("Checked in"), "interviews": _("Invited to interview"), "hires": _("Hired")}


def csv_lines(header, rows):
    """The CSV text line by line, the first starting with the BOM; cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    first = True
    for row in [header, *rows]:
        writer.writerow([neutralise(cell) for cell in row])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        yield (BOM + text) if first else text
        first = False


__all__ = ["BOM", "csv_lines", "gender_label", "lunch_step_labels", "neutralise", "tables"]

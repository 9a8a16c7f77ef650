"""The dashboard's tables as rows of (label, number for the bar, link to the records, further cells)."""
from flask import url_for
from flask_babel import gettext as _

from board.models import OutcomeKind
from board.domain.reports import conversion
from board.domain.reports_export import gender_label, lunch_step_labels


def pct(value):
    """83.9%, as the article writes rates; a dash when there is nothing to divide."""
    return f"{value * 100:.1f}%" if value is not None else "–"


def ratio(value):
    """Applicants per place: 5.81:1."""
    return f"{value:.2f}:1" if value is not None else "–"


def days(value):
    return _("%(days)s days", days=f"{value:.1f}") if value is not None else "–"


def outcome_rows(f, cohort):
    rows = [(kind.label, f.outcomes.get(kind, 0),
             url_for("committee.report_trainees", cohort=cohort, status="completed", outcome=kind.value))
            for kind in OutcomeKind]
    if f.outcomes.get(None):
        rows.append((_("No outcome yet"), f.outcomes[None],
                     url_for("committee.report_trainees", cohort=cohort, status="completed", outcome="none")))
    return rows


def region_rows(f, cohort):
    return [(region or _("Not given"), n,
             url_for("committee.report_trainees", cohort=cohort, region=region) if region else None)
            for region, n in f.regions]


def gender_rows(f):
    # Totals only, without a list of names behind them: gender is asked for the statistics alone.
    return [(gender_label(gender), n, None) for gender, n in sorted(f.genders.items())]


def kind_rows(f):
    return [(kind.label if kind else _("Not given"), n,
             url_for("committee.report_companies", kind=kind.value) if kind else None)
            for kind, n in f.company_kinds.items()]


def company_rows(f):
    return [(name, hires, url_for("committee.company", company_id=company_id), openings, pledged)
            for company_id, name, openings, hires, pledged in f.per_company]


def funnel_rows(f, cohort):
    link = url_for("committee.pipeline", cohort=cohort) if cohort else url_for("committee.pipeline")
    return [(stage.label, n, link, pct(share) if share is not None else "")
            for stage, n, share in conversion(f.funnel)]


def lunch_rows(f):
    labels = lunch_step_labels()
    return [(labels[key], n, url_for("committee.lunch_days"), pct(share) if share is not None else "")
            for key, n, share in conversion(f.lunch)]


def skill_rows(f):
    return [(name, wanted, None, supply) for name, wanted, supply in f.skills]


HELPERS = {"pct": pct, "ratio": ratio, "days": days, "outcome_rows": outcome_rows, "region_rows": region_rows,
           "gender_rows": gender_rows, "kind_rows": kind_rows, "company_rows": company_rows,
           "funnel_rows": funnel_rows, "lunch_rows": lunch_rows, "skill_rows": skill_rows}

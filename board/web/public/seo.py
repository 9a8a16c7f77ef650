"""What the public pages tell link previews (KakaoTalk, Open Graph) and search engines.

Every absolute address here comes from BOARD_URL through external_url, never from the
request's Host: a forged Host must not end up in a preview or in Google's index.
"""
import html
import json
import re
from datetime import UTC

import nh3
from flask import request
from flask_babel import get_locale, gettext as _
from markupsafe import Markup
from werkzeug.routing import BuildError

from board.domain.mail import external_url
from board.models.openings import DeadlineKind, EmploymentType
from board.platform.text import render_markdown

# Open Graph wants language_TERRITORY.
OG_LOCALES = {"ko": "ko_KR", "en": "en_US"}
# schema.org's employmentType values that Google reads.
EMPLOYMENT_TYPES = {EmploymentType.FULL_TIME: "FULL_TIME", EmploymentType.CONTRACT: "CONTRACTOR",
                    EmploymentType.INTERN: "INTERN"}
BOARD_CARD = "img/board-card.png"
# The board's colours (static/css/board.css: --brand and --bg), for the manifest and theme-color.
BRAND_COLOUR, BACKGROUND_COLOUR = "#1f4fd1", "#f6f7f9"
# A preview shows about this much of a description; search engines cut near it too.
EXCERPT = 150


def canonical_url():
    """This page's own address without its query string: a filtered or paged board is the board."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    try:
        return external_url(request.endpoint, **(request.view_args or {}))
    except BuildError:
        return None


def board_card_url():
    return external_url("static", filename=BOARD_CARD)


def og_locale():
    return OG_LOCALES.get(str(get_locale()), "ko_KR")


def plain_text(markdown_text):
    """The words of a Markdown text, without markup, on one line."""
    stripped = nh3.clean(str(render_markdown(markdown_text)), tags=set())
    return re.sub(r"\s+", " ", html.unescape(stripped)).strip()


def excerpt(markdown_text, limit=EXCERPT):
    text = plain_text(markdown_text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def deadline_words(opening):
    """D-12, 오늘 마감, or the kind of deadline (상시채용) in the interface language."""
    left = opening.days_left()
    if left is None:
        return str(opening.deadline_kind.label)
    if left < 0:
        return _("Deadline passed")
    if left == 0:
        return _("Closes today")
    return _("D-%(days)s", days=left)


def opening_summary(opening):
    """The preview line of a shared opening: company, title, workplace, employment type, deadline."""
    return " · ".join([opening.company.name, opening.title, opening.workplace,
                       str(opening.employment_type.label), deadline_words(opening)])


def opening_description(opening):
    summary = opening_summary(opening)
    text = excerpt(opening.description)
    return f"{summary} — {text}" if text else summary


def _iso(moment):
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def job_posting(opening):
    """schema.org JobPosting of an open opening as a dict, or None: closed and unpublished ones carry none."""
    if not opening.is_open() or opening.published_at is None:
        return None
    company = opening.company
    organization = {"@type": "Organization", "name": company.name,
                    "url": external_url("public.company", company_id=company.id)}
    if company.website:
        organization["sameAs"] = company.website
    region = opening.workplace.split()[0] if opening.workplace.split() else opening.workplace
    posting = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": opening.title,
        "description": plain_text(opening.description) or opening.title,
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": str(opening.id)},
        "url": external_url("public.opening", opening_id=opening.id),
        "datePosted": _iso(opening.published_at),
        "employmentType": EMPLOYMENT_TYPES[opening.employment_type],
        "hiringOrganization": organization,
        "jobLocation": {"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": opening.workplace, "addressRegion": region,
            "addressCountry": "KR"}},
        "totalJobOpenings": opening.headcount,
    }
    if opening.deadline_kind == DeadlineKind.DATE and opening.deadline:
        # The deadline is a date read in Seoul: the whole day counts.
        posting["validThrough"] = f"{opening.deadline.isoformat()}T23:59:59+09:00"
    salary = _salary(opening)
    if salary:
        posting["baseSalary"] = salary
    return posting


def _salary(opening):
    """The yearly salary in won; the board stores 만원 (10,000 won)."""
    if opening.salary_by_policy or not (opening.salary_min or opening.salary_max):
        return None
    value = {"@type": "QuantitativeValue", "unitText": "YEAR"}
    low, high = opening.salary_min, opening.salary_max
    if low and high:
        value.update(minValue=low * 10_000, maxValue=high * 10_000)
    else:
        value["value"] = (low or high) * 10_000
    return {"@type": "MonetaryAmount", "currency": "KRW", "value": value}


def script_json(data):
    """JSON for a <script type="application/ld+json"> block: no title can close the element early.

    <, > and & become \\u escapes, which JSON reads back as the same characters.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def job_posting_json(opening):
    posting = job_posting(opening)
    return script_json(posting) if posting else None


def manifest():
    return {
        "name": _("AI Academy Partner Board"),
        "short_name": _("Partner Board"),
        "lang": str(get_locale()),
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "theme_color": BRAND_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [{"src": external_url("static", filename="apple-touch-icon.png"), "sizes": "180x180",
                   "type": "image/png"}],
    }


# Helpers the page templates call, registered by board/web/public/discovery.py.
TEMPLATE_GLOBALS = (canonical_url, board_card_url, og_locale, opening_summary, opening_description,
                    job_posting_json, excerpt)

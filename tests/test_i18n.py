"""Korean first, English second: every visible string is translated, dates are in Seoul time."""
import re
from datetime import datetime, UTC
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from board.models import Role

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "board/translations/ko/LC_MESSAGES/messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [("board/**.py", "python"), ("templates/**.html", "jinja2")]


def _source_messages():
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS,
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def test_every_message_in_code_and_templates_has_a_korean_translation():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    missing = []
    for msgid, where in sorted(_source_messages().items()):
        entry = catalogue.get(msgid)
        text = entry.string if entry else None
        text = text[0] if isinstance(text, tuple) else text
        if not text or entry.fuzzy:
            missing.append(f"{where}: {msgid!r}")
    assert not missing, "untranslated (run pybabel extract/update and translate):\n" + "\n".join(missing)


# Text a person reads, outside {{ _() }}: what is left after removing Jinja and tags.
_JINJA = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.S)
_TAG = re.compile(r"<[^>]*>", re.S)
_READABLE_ATTRS = re.compile(r'\b(?:placeholder|title|alt|aria-label)="([^"{]*)"')
ALLOWED = {"AI", "https://", "·", "–", ":", "1"}


@pytest.mark.parametrize("template", sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*.html")))
def test_templates_have_no_untranslated_visible_text(template):
    source = (ROOT / template).read_text()
    without_jinja = _JINJA.sub(" ", source)
    problems = [value for value in _READABLE_ATTRS.findall(without_jinja) if value.strip() not in ALLOWED | {""}]
    text = _TAG.sub(" ", without_jinja)
    for word in re.findall(r"[^\s]+", text):
        if re.search(r"[A-Za-z]", word) and word not in ALLOWED:
            problems.append(word)
    assert not problems, f"{template} shows text outside _(): {problems}"


def test_pages_are_korean_by_default_and_english_on_request(client):
    page = client.get("/openings").get_data(as_text=True)
    assert '<html lang="ko">' in page
    assert "채용공고" in page
    response = client.post("/language", data={"lang": "en", "next": "/openings"})
    assert response.status_code == 303 and response.headers["Location"] == "/openings"
    page = client.get("/openings").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Openings" in page and "채용공고" not in page


def test_language_choice_is_kept_on_the_account_and_survives_sign_in(app, make, client):
    from tests.conftest import sign_in
    make.user(Role.TRAINEE, email="t@example.kr")
    client.post("/language", data={"lang": "en", "next": "/"})
    sign_in(client, "t@example.kr")
    assert '<html lang="en">' in client.get("/me/").get_data(as_text=True)
    other = app.test_client()
    sign_in(other, "t@example.kr")
    assert '<html lang="ko">' in other.get("/me/").get_data(as_text=True)
    other.post("/language", data={"lang": "en", "next": "/me/"})
    fresh = app.test_client()
    sign_in(fresh, "t@example.kr")
    assert '<html lang="en">' in fresh.get("/me/").get_data(as_text=True)


def test_unknown_language_and_foreign_next_are_ignored(client):
    response = client.post("/language", data={"lang": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert '<html lang="ko">' in client.get("/").get_data(as_text=True)


def test_dates_show_in_seoul_time(app):
    with app.test_request_context("/"):
        rendered = app.jinja_env.from_string("{{ moment|datetime('short') }}").render(
            moment=datetime(2026, 3, 1, 15, 30, tzinfo=UTC))
    # 15:30 UTC is 00:30 the next day in Seoul, on a 24-hour clock.
    assert rendered == "2026. 3. 2. 00:30"


def test_the_catalogue_defines_each_message_once():
    """Branches append entries and are merged by union: a message defined twice must not slip in."""
    seen, duplicates, msgid = set(), [], None
    for line in CATALOGUE.read_text().splitlines() + [""]:
        if line.startswith('msgid "'):
            msgid = line[6:]
        elif line.startswith('"') and msgid is not None:
            msgid += line
        elif msgid is not None:
            if msgid != '""' and msgid in seen:
                duplicates.append(msgid)
            seen.add(msgid)
            msgid = None
    assert not duplicates, f"defined more than once: {duplicates}"

"""User-written Markdown rendered to safe HTML, and Korean particles chosen from the word before them."""
import re

import markdown
import nh3
from markupsafe import Markup

# Text that only looks empty, or that reorders what a reader sees: refused in names (board.web.forms)
# and in imported rosters (board.domain.roster).
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "code", "pre", "a", "hr",
                "table", "thead", "tbody", "tr", "th", "td"}


def render_markdown(text):
    """Markdown to HTML, then cleaned by nh3 so no script, style or event handler survives."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    # Headings written as # or ## become h3/h4 so they sit under the page's own h1/h2.
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"},
                        link_rel="noopener noreferrer nofollow")
    return Markup(cleaned)


# Korean particles: which form follows a word depends on whether its last syllable ends in a
# final consonant (받침). The pairs are written "after a consonant/after a vowel".
PARTICLES = {frozenset(pair): pair for pair in (("을", "를"), ("이", "가"), ("은", "는"), ("과", "와"), ("으로", "로"))}
_HANGUL_FIRST, _HANGUL_LAST, _RIEUL = 0xAC00, 0xD7A3, 8
# Finals of the Sino-Korean readings of the digits (영 일 이 삼 사 오 육 칠 팔 구) and of
# 십, 백, 천, 만 for numbers ending in zeros; ㄹ is 8, no final is 0, any other final 1.
_DIGIT_FINALS = {"0": 1, "1": _RIEUL, "2": 0, "3": 1, "4": 0, "5": 0, "6": 1, "7": _RIEUL, "8": _RIEUL, "9": 0}
_TEN_POWER_FINALS = {1: 1, 2: 1, 3: 1, 0: 1}  # 십 ㅂ, 백 ㄱ, 천 ㄴ, 만 ㄴ
# Latin letters read by their names (엘, 엠, 엔, 알 end in a consonant; 에이, 비, 씨… do not).
_LETTER_NAME_FINALS = {"l": _RIEUL, "m": 1, "n": 1, "r": _RIEUL}
_VOWELS = set("aeiouy")


def _final_of_number(digits):
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0 or zeros == len(digits):
        return _DIGIT_FINALS[digits[-1]]
    return _TEN_POWER_FINALS[zeros % 4]


def _final_of_latin(letters):
    """How a Latin word or acronym usually ends when read aloud in Korean (a reasonable reading, not a rule)."""
    if letters.isupper() and len(letters) <= 5:
        return _LETTER_NAME_FINALS.get(letters[-1].lower(), 0)
    word = letters.lower()
    if word.endswith(("l", "le")):
        return _RIEUL                              # Google 구글, Excel 엑셀
    if word.endswith(("m", "n", "ng")):
        return 1                                   # Python 파이썬, Spring 스프링
    # A stop after a single short vowel closes the syllable (Git 깃, Web 웹, Slack 슬랙);
    # after a cluster or a long vowel it gets its own syllable (React 리액트, Flask 플라스크).
    if word.endswith("ck") or (len(word) >= 2 and word[-1] in "bgkpt" and word[-2] in _VOWELS
                                and (len(word) < 3 or word[-3] not in _VOWELS)):
        return 1
    return 0


def _final(word):
    """The last syllable's final consonant: 0 none, 8 ㄹ, another number for another; None if unreadable."""
    match = re.search(r"([가-힣])[^가-힣0-9A-Za-z]*$|([0-9]+)[^가-힣0-9A-Za-z]*$|([A-Za-z]+)[^가-힣0-9A-Za-z]*$", word)
    if match is None:
        return None
    hangul, digits, letters = match.groups()
    if hangul:
        return (ord(hangul) - _HANGUL_FIRST) % 28
    if digits:
        return _final_of_number(digits)
    return _final_of_latin(letters)


def particle(word, pair):
    """word followed by the right one of a particle pair, e.g. particle("런치데이", "을/를") == "런치데이를".

    A word the rule cannot read (no letter, digit or syllable at its end) keeps both forms, 을(를).
    """
    forms = tuple(pair.split("/"))
    known = PARTICLES.get(frozenset(forms))
    if known is None:
        raise ValueError(f"not a particle pair: {pair}")
    after_consonant, after_vowel = known
    final = _final(word or "")
    if final is None:
        return f"{word or ''}{after_consonant}({after_vowel})"
    if after_vowel == "로":
        return word + ("로" if final in (0, _RIEUL) else "으로")
    return word + (after_consonant if final else after_vowel)

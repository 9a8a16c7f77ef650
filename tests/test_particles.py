"""Korean particles chosen from the word, and a catalogue with no "을(를)"-style templated particle."""
import re

import pytest
from babel.messages.pofile import read_po

from board.platform.text import particle
from tests.test_i18n import CATALOGUE

TEMPLATED = re.compile(r"을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|과\(와\)|와\(과\)|\(으\)로|\(이\)")


@pytest.mark.parametrize("word,pair,expected", [
    ("런치데이", "을/를", "런치데이를"), ("채용 공고", "을/를", "채용 공고를"), ("이력서", "을/를", "이력서를"),
    ("반", "을/를", "반을"), ("사람", "이/가", "사람이"), ("회사", "이/가", "회사가"),
    ("기업", "은/는", "기업은"), ("보드", "은/는", "보드는"), ("책", "과/와", "책과"), ("나", "과/와", "나와"),
    # 으로/로: a word ending in ㄹ takes 로 like one with no final consonant.
    ("서울", "으로/로", "서울로"), ("부산", "으로/로", "부산으로"), ("광주", "으로/로", "광주로"),
    # The pair may be written in either order.
    ("반", "를/을", "반을"), ("회사", "가/이", "회사가"),
    # Digits are read the Sino-Korean way: 1 일, 2 이, 3 삼, 6 육, 10 십, 100 백, 1000 천.
    ("1", "이/가", "1이"), ("2", "이/가", "2가"), ("3", "을/를", "3을"), ("6반", "이/가", "6반이"),
    ("10", "은/는", "10은"), ("2026", "을/를", "2026을"), ("1", "으로/로", "1로"), ("3", "으로/로", "3으로"),
    # Latin letters: acronyms by the letters' names, words by their last sound.
    ("SQL", "을/를", "SQL을"), ("API", "를/을", "API를"), ("AI", "이/가", "AI가"), ("Python", "을/를", "Python을"),
    ("Java", "을/를", "Java를"), ("Google", "이/가", "Google이"), ("R", "으로/로", "R로"),
    # Closing quotes and brackets after the word do not count.
    ("“런치데이”", "을/를", "“런치데이”를"), ("신입(정규직)", "으로/로", "신입(정규직)으로"),
])
def test_particle_follows_the_last_syllable(word, pair, expected):
    assert particle(word, pair) == expected


def test_particle_falls_back_to_the_written_pair_for_a_word_it_cannot_read():
    assert particle("", "을/를") == "을(를)"
    assert particle("###", "이/가") == "###이(가)"


def test_particle_refuses_an_unknown_pair():
    with pytest.raises(ValueError):
        particle("회사", "에/에게")


def test_the_korean_catalogue_has_no_templated_particle():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    found = []
    for message in catalogue:
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        found += [f"{message.id!r}: {t}" for t in texts if t and TEMPLATED.search(t)]
    assert not found, "messages with a templated particle:\n" + "\n".join(found)


def test_the_particle_filter_is_available_to_templates(app):
    with app.test_request_context():
        assert app.jinja_env.from_string('{{ "런치데이"|particle("을/를") }}').render() == "런치데이를"

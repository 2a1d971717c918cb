"""Questions written partly or wholly in another language are read as the English they mean
(bot/core/glossary.py), and English ones as they are written."""

from __future__ import annotations

import pytest

from bot.core.glossary import glossary, in_english
from tests.conftest import engine_over
from tests.test_understanding import PRACTICE, said

NAMES = ("flask", "django")


@pytest.fixture(scope="module")
def practice():
    return engine_over(PRACTICE)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("¿qué porcentaje de desarrolladores usa django según la encuesta?", "40%"),
        ("kto stworzył flask i kiedy?", "2010"),
        ("bhai flask kisne banaya? aur kab?", "Armin Ronacher"),
        ("Welches Framework ist sicherer, Flask oder Django?", "Strong"),
        ("qui a créé django et quand ?", "Holovaty"),
        ("welche programmiersprachen kann man mit django benutzen", "Python"),
        # the words of software questions: popular, tied, learn, easy, survey
        ("bhai thoda python aata hai, dono me se kaunsa aasaan hai seekhne me?", "Gentle"),
        ("anketine göre django kaç projede kullanılmış?", "40%"),
    ],
)
def test_a_question_in_another_language_is_answered(practice, message, expected):
    answer = said(practice, message)
    assert expected in answer, answer
    assert "only read English" not in answer


@pytest.mark.parametrize(
    "message",
    [
        "whats the biggest con of flask",  # "con" is Spanish and Italian too
        "is keras used in the usa?",
        "For my Kunde the admin page is important",  # one word alone: German or Swedish?
        "Sasa, who made django?",
        "Sasa and Ana both said flask is easier, who is right?",  # names are no evidence
        "Trang and Minh want a REST API, flask or django?",
        "is django overkill for a todo app? la la",
        "c'est la vie, django it is. any cons?",
    ],
)
def test_english_with_a_word_of_another_language_is_read_as_written(message):
    assert in_english(message, NAMES) == message


def test_a_name_is_never_translated():
    assert in_english("que es flask? y django?", ("flask", "django", "que")).startswith("que")


def test_a_word_of_the_language_the_glossary_lacks_is_set_aside():
    assert "leute" not in in_english("wie viele leute nutzen django laut dem artikel?", NAMES)


def test_a_capital_owed_to_the_sentence_is_no_name():
    assert "Tío" not in in_english(
        "Tío, no lo pillo, ¿por qué dice que es más flexible? ¿qué ofrece exactamente?", NAMES
    )


def test_a_name_written_with_a_capital_is_kept():
    assert "Basel" in in_english("Grüezi mitenand, wir sind in Basel. Stimmt das?", NAMES)


def test_the_glossary_holds_no_everyday_english_word_alone():
    for table in glossary().values():
        assert ("what",) not in table.folded and ("the",) not in table.folded
        assert all(isinstance(meant, str) for meant in table.folded.values())


def test_an_accent_tells_two_words_apart():
    assert "framework is faster" in in_english("Qual framework é mais rápido, flask ou django?", NAMES)


def test_a_phrase_may_be_hyphenated():
    assert in_english("flask est rapide, n'est-ce pas ?", NAMES) == "flask is fast, right ?"


def test_code_and_links_are_never_translated():
    message = "¿qué significa `de = la` en https://example.com/es/la/ para flask?"
    said_in_english = in_english(message, NAMES)
    assert "`de = la`" in said_in_english and "https://example.com/es/la/" in said_in_english


def test_a_question_in_a_second_language_is_translated_too():
    message = "hola, cual es mejor, flask o django? und welches ist schneller?"
    assert in_english(message, NAMES).endswith("and which is faster?")

"""General English as data (bot.core.vocabulary, bot.core.text): how common a word is, the word a slip
of the keys meant, and stems that meet across a word's family."""

from __future__ import annotations

import pytest

from bot.core.text import normalise, sentences, stem
from bot.core.vocabulary import (
    informativeness,
    meant,
    names_no_topic,
    ordinary,
    other_language,
    settled,
    slip_of_ordinary,
    unglued,
)


def test_everyday_words_are_ordinary_and_names_are_not():
    assert all(ordinary(word) for word in ("coworker", "reckons", "downsides", "fair", "tiny"))
    assert not any(ordinary(word) for word in ("pytorch", "websockets", "mxnet", "sqlalchemy"))


def test_words_that_can_only_be_verbs_or_plain_adjectives_name_no_topic():
    assert all(names_no_topic(word) for word in ("assuming", "weird", "agree", "forget"))
    # a noun names one; so does a graded adjective ("cheapest": price); a name is no word
    assert not any(names_no_topic(word) for word in ("licence", "mobile", "cheapest", "pytorch"))


def test_words_of_another_language_are_told_from_english_ones():
    assert all(other_language(word) for word in ("quien", "viele", "benutzen", "kaisa"))
    assert not any(other_language(word) for word in ("licence", "mobile", "android", "pytorch", "me"))


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("actuallywrote", ("actually", "wrote")),
        ("offlask", ("of", "flask")),
        ("isthere", ("is", "there")),
        ("flaskordjango", ("flask", "or", "django")),
    ],
)
def test_two_words_typed_without_a_space_are_told_apart(typed, words):
    assert unglued(typed, frozenset({"flask", "django"})) == words


def test_a_long_run_of_common_words_is_no_glue_to_take_apart():
    assert unglued("the" * 10, frozenset()) is None  # at most three words, thirty letters


@pytest.mark.parametrize("typed", ["overkill", "speedup", "tensorflow", "mysql", "nosql", "aprender"])
def test_a_rare_word_a_name_or_another_language_s_word_is_not_two(typed):
    assert unglued(typed, frozenset({"flask"})) is None


def test_rare_words_say_more_than_common_ones():
    assert informativeness("the") < informativeness("benchmark") < informativeness("websockets") == 1.0


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("wich", "which"),
        ("progrmming", "programming"),
        ("strs", "stars"),
        ("mny", "many"),
        ("creted", "created"),
        ("begginer", "beginner"),  # a letter doubled in the wrong place
        ("adress", "address"),  # a doubled letter written once
    ],
)
def test_a_slip_of_the_keys_is_read_as_the_word_meant(typed, word):
    assert meant(typed) == word


def test_a_name_is_no_slip_and_the_first_letter_stays():
    assert meant("json") != "son"
    assert not slip_of_ordinary("caffe")  # one letter from "cafe", which is not that common
    assert not slip_of_ordinary("tpus")  # in a short word, one changed letter makes another word
    assert settled("bends") and not settled("creted")  # a real word is not corrected
    assert not settled("ussing") and not settled("starrs")  # slips of using, stars — no forms of uss, starr


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("performance", "performs"),
        ("rendered", "render"),
        ("gpus", "gpu"),
        ("ran", "run"),
        ("built", "build"),
    ],
)
def test_stems_meet_across_a_words_family(one, other):
    assert stem(one) == stem(other)


def test_an_ive_adjective_keeps_a_stem_apart_from_its_ion_noun():
    assert stem("production") != stem("productive") == stem("productivity")
    assert stem("extensions") != stem("extensive")
    assert stem("gives") == stem("give") and stem("five") == "five"  # no -ive adjectives


def test_text_is_normalised_and_split_into_sentences():
    assert normalise("Dja\u200bngo + Flask’s C++") == "django flask c++"
    assert normalise("Ich frage für mein Team: ﬁne, café") == "ich frage fur mein team fine cafe"
    assert normalise("We're three, you’re two; were they?") == "we are three you are two were they"
    assert sentences("It is quick. Beginners see results in 2.5 min. e.g. this") == (
        "It is quick.",
        "Beginners see results in 2.5 min. e.g. this",  # a sentence starts with a capital
    )


def test_thousands_written_with_a_k_and_times_of_day_are_numbers():
    assert (
        normalise("the 80k stars, paged at 3am, meeting at 10:30pm")
        == "the 80 000 stars paged at 3 meeting at 10"
    )
    assert normalise("k8s and 3 amps, is django 4 am i wrong, 1.5k stars") == (
        "k8s and 3 amps is django 4 am i wrong 1 5k stars"
    )

"""Reading a message: the question told apart from what surrounds it (bot.core.question)."""

from __future__ import annotations

import pytest

from bot.core.question import acronyms, capitalised, parse, questions_in


def focused(message: str) -> list[str]:
    question = parse(message)
    return [word for word, focus in zip(question.words, question.focus, strict=True) if focus]


def test_a_plain_question_is_all_focus():
    assert focused("which is faster?") == ["which", "is", "faster"]


def test_a_code_block_is_dropped_and_the_question_kept():
    message = "```python\nmodel = keras.Sequential()\n```\nis keras good for distributed training?"
    question = parse(message)
    assert "sequential" not in question.words
    assert question.text == "is keras good for distributed training?"


def test_a_message_of_nothing_but_code_is_read_as_it_is():
    assert parse("```keras vs mxnet```").words == ("keras", "vs", "mxnet")


def test_a_preamble_is_read_but_is_not_the_question():
    message = "My boss wants a framework by Friday and I know a bit of Python. Who develops MXNet?"
    assert focused(message) == ["who", "develops", "mxnet"]
    assert "friday" in parse(message).words  # still there: a situation can matter


def test_a_quoted_message_names_but_is_not_asked():
    message = "> mxnet is dead nobody uses it\nis that true? how many projects use it"
    question = parse(message)
    assert "mxnet" in question.words
    assert "mxnet" not in focused(message)


def test_sentences_are_numbered():
    question = parse("who created mxnet? google?")
    assert question.sentence == (0, 0, 0, 1)


def test_zero_width_characters_and_emoji_do_not_split_a_name():
    assert parse("who created dja\u200bngo?? 🙏🙏").words == ("who", "created", "django")


def test_mentions_channels_and_custom_emoji_are_not_words():
    assert parse("<@123456> @Versus what about <#987> speed <:pog:555>").words == ("what", "about", "speed")


def test_names_are_told_by_their_capitals_unless_the_message_shouts():
    assert capitalised(parse("Is it good for Rust and TPU work?")) >= {"rust", "tpu"}
    assert "is" not in capitalised(parse("Is it good for Rust?"))  # a sentence starts with a capital
    assert capitalised(parse("IS KERAS GOOD FOR RUST")) == frozenset()


def test_words_in_capitals_are_acronyms_unless_the_message_shouts():
    assert acronyms(parse("is the Django LTS on WSGI 2?")) == {"lts", "wsgi"}
    assert acronyms(parse("IS THE DJANGO LTS ON WSGI?")) == frozenset()


def test_mocking_case_marks_no_names():
    assert capitalised(parse("dJaNgO wHo MaDe It")) == frozenset()
    assert capitalised(parse("does it support PyTorch or TensorFlow?")) == {"pytorch", "tensorflow"}


def test_a_long_message_typed_without_punctuation_still_has_a_lead_in_and_a_question():
    told_first = (
        "hey so im in a data science bootcamp we only did sklearn and pandas so far "
        "which is gentler for beginners"
    )
    assert focused(told_first) == ["which", "is", "gentler", "for", "beginners"]
    told_after = (
        "sir please tell which framework has more inbuilt features i am doing my final year project now"
    )
    assert focused(told_after)[-1] == "features"
    # a question word that goes on with the sentence opens no clause; "my" is no teller
    goes_on = "compare them on how hard they are to learn and on how safe they keep your app"
    assert focused(goes_on)[-1] == "app"
    assert (
        focused("how does django stop people from messing with my database queries via user input")[-1]
        == "input"
    )


def test_a_few_words_and_a_colon_before_a_question_label_it():
    assert focused("For the curriculum notes: which one is safer?") == ["which", "one", "is", "safer"]
    assert focused("keras vs mxnet: which is faster?")[-1] == "faster"


@pytest.mark.parametrize(
    ("message", "told"),
    [
        ("i have an old gpu and just want to learn how neural nets work, nothing big", True),
        ("our ML guy left and now its just me maintaining an mxnet codebase, so verbose", True),
        ("keras and mxnet pricing", False),
        ("tell me the cons of caffe", False),
        ("background jobs in django, is celery included", False),
        ("long week. boss wants keras vs mxnet usage stats. just the numbers pls", False),
        ("spent a week on this, which one scales better", False),
        ("i am the only ML person at our studio, which means i watched two videos", True),
        ("my tutor said flask is dying and nobody uses it, which seemed a bit harsh", True),
    ],
)
def test_a_story_asks_nothing_requests_nothing_and_is_not_terse(message, told):
    assert parse(message).told is told


def test_a_dash_line_after_a_quote_says_who_said_it_and_the_question_goes_on():
    message = "> keras is a toy\n— my lab mate, yesterday. is that fair for research code?"
    assert "mate" not in parse(message).words
    assert focused(message)[-3:] == ["for", "research", "code"]


def test_a_colon_before_a_question_after_a_long_lead_in_opens_it():
    message = (
        "sorry for the wall of text, my build broke twice today, the wifi is down again, "
        "anyway totally unrelated: how many github stars does flask have"
    )
    assert focused(message) == ["how", "many", "github", "stars", "does", "flask", "have"]


@pytest.mark.parametrize(
    ("message", "first_focused"),
    [
        (
            "our nightly build now takes forty minutes on the old box, is django really slower than flask?",
            "is",
        ),
        ("assuming we only have old laptops in the office, does django even run there?", "assuming"),
    ],
)
def test_a_whole_question_after_a_story_and_a_comma_is_asked_on_its_own(message, first_focused):
    assert focused(message)[0] == first_focused


def test_who_left_asks_and_a_dash_line_that_asks_is_kept():
    assert not parse("ok so who left the mxnet team").told
    assert focused("> keras is a toy\n-- is that right?")[-3:] == ["is", "that", "right"]


def test_a_chat_logs_stamps_names_and_pings_are_no_question():
    message = "[09:41] <ana> hello??\n[09:41] <ana> anyone??\n[09:42] <ana> flask stars on github"
    assert parse(message).words[-4:] == ("flask", "stars", "on", "github")
    assert focused(message) == ["flask", "stars", "on", "github"]


def test_it_after_a_few_words_and_an_emoji_points_at_them():
    assert focused("🐍 flask flexibility 🤔 how good is it") == [
        "flask",
        "flexibility",
        "how",
        "good",
        "is",
        "it",
    ]


def test_ill_after_i_is_i_will():
    assert parse("I'll be honest, we'll see").words[:6] == ("i", "will", "be", "honest", "we", "will")


def test_an_upside_down_face_or_slash_s_marks_sarcasm():
    assert parse("love reading changelogs 🙃").sarcastic and parse("great docs /s").sarcastic
    assert not parse("love the docs 🙂").sarcastic


def test_laughter_and_a_comma_end_the_question():
    question = parse("which one has more stars lol, need ammo for a debate")
    assert [w for w, f in zip(question.words, question.focus, strict=True) if f][-1] == "lol"


def test_weve_is_we_have():
    assert parse("we've got 40 devs").words[:3] == ("we", "have", "got")


def test_a_question_marked_without_an_asking_word_is_asked_on_its_own():
    assert len(questions_in("Flask is microframework, it mean what? It have database inside or not?")) == 2

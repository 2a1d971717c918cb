"""Understanding people, not phrasings: the scored reading answers from the article's own
words, without a keyword in the file (the practice comparison has none) — and says when the
article has no answer, in the user's words, with at most one closest hint.

The questions are the kinds of the understanding issue (everyday words, a section found but
refused, two aspects at once, a specific claim, short answers, neighbouring facts, noise,
follow-ups, cue words in names, sources of figures), asserted on what a user would read.
"""

from __future__ import annotations

import pytest

from bot.core.answer import AnswerKind
from bot.core.engine import Engine
from bot.core.question import parse
from bot.core.render import to_text
from tests.conftest import DATA_DIR, PINNED_FILE, engine_over

PRACTICE = DATA_DIR / "practice" / "flask-vs-django.yaml"


@pytest.fixture(scope="module")
def practice() -> Engine:
    return engine_over(PRACTICE)


@pytest.fixture(scope="module")
def pinned() -> Engine:
    return engine_over(PINNED_FILE)


def said(engine: Engine, question: str, context: str | None = None) -> str:
    before = engine.understand(context) if context else None
    return to_text(engine.ask(question, context=before), markdown=False)


def test_the_practice_file_has_no_keywords_to_lean_on(practice):
    comparison = practice.kb.default
    assert not any(f.keywords for lib in comparison.libraries for f in lib.facts)
    assert not any(i.keywords for lib in comparison.libraries for i in (*lib.pros, *lib.cons))
    assert not any(r.keywords for r in comparison.conclusion.recommendations)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("lemme see the downsides of each", ["More assembly required", "Heavier for small jobs"]),
        ("my coworker reckons django is overkill for a tiny api, fair?", ["more framework than it needs"]),
    ],
)
def test_everyday_words_are_not_taken_for_unknown_names(practice, question, expected):
    answer = said(practice, question)
    assert "don't have anything on" not in answer
    assert all(text in answer for text in expected), answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("which one has the larger user base?", "40%"),
        ("can someone who only just learned python pick up django?", "Steep"),
        ("wat is flask built on top of", "Werkzeug"),
        ("who created django?", "Holovaty"),
        ("what year did django come out publicly", "2005"),
        ("how many lines is a minimal flask app", "five lines"),
    ],
)
def test_a_section_the_question_names_in_other_words_answers_it(practice, question, expected):
    assert expected in said(practice, question)


def test_an_aspect_word_with_a_question_its_ratings_do_not_answer_gets_the_passage_that_does(pinned):
    """The word "easier" names the ease-of-use ratings, but "for non experts" is said by the advice:
    the advice answers, not "not covered" with the ratings as the closest hint."""
    assert said(pinned, "easier one for non experts?").startswith("Recommendation: Keras")


def test_good_at_something_the_article_lists_as_a_con_gets_that_con(practice):
    """ "Is it good at X" uses a word of praise, but when X is one of its cons, that con is the answer."""
    answer = said(practice, "is flask good at keeping big teams consistent?")
    assert answer.startswith("Flask — Con") and "Inconsistent structure" in answer


def test_a_decline_is_read_as_the_trend_the_article_gives(practice):
    """General English: "dying", "declining" ask about the trend the figures show."""
    assert said(practice, "is flask usage declining?").startswith("Statistics: Flask")


def test_two_aspects_in_one_question_answer_both(practice):
    answer = practice.ask("compare them on security and flexibility")
    assert answer.title.startswith("Security and Flexibility")
    assert {"Basic", "Strong", "Outstanding", "Fair"} <= {f.rating.text for f in answer.fields if f.rating}


def test_a_specific_claim_gets_its_sentence_and_a_situation_the_advice(practice):
    assert "first day" in said(practice, "is flask quicker to get a first page running?")
    answer = practice.ask("two of us, one weekend, a JSON API with no admin pages: which one?")
    assert answer.kind is AnswerKind.RECOMMENDATION and answer.title == "Recommendation: Flask"


def test_a_short_answer_keeps_the_sentence_that_compares(pinned):
    answer = to_text(pinned.ask("compare performance"), markdown=False)
    assert "slightly better than MXNet in simple deep learning tasks" in answer
    assert len(answer) < 900


@pytest.mark.parametrize(
    "question",
    [
        "does django do websockets out of the box?",
        "what year was that survey done",
        "how old is jinja2",
        "is flask free for commercial use?",
        "who uses flask at scale?",
    ],
)
def test_what_the_article_does_not_say_is_not_covered_with_one_hint_at_most(practice, question):
    answer = practice.ask(question)
    assert answer.kind in {AnswerKind.NOT_COVERED, AnswerKind.NOT_FOUND}, to_text(answer)
    assert len(answer.suggestions) <= 1
    assert "ORM, migrations" not in to_text(answer)  # the built-in features paragraph is no answer


def test_a_fact_of_the_other_library_is_not_passed_off_as_the_answer(pinned):
    answer = pinned.ask("can keras run on an fpga")
    assert answer.kind is AnswerKind.NOT_COVERED
    assert answer.suggestions == ("MXNet — Hardware and platforms",)


@pytest.mark.parametrize(
    "message",
    [
        "```python\nfrom flask import Flask\n```\nwhat template engine does flask use",
        "> someone in #general said it's mako\nwhat template engine does flask use?",
        "WHAT TEMPLATE ENGINE DOES FLASK USE",
        "🤔 what template engine does fla\u200bsk use?? 🙏",
        "Hi all, long time lurker, we are evaluating tools. what template engine does flask use",
        "what template engine does flask use\n\n--\nSent from my phone",
        "what template engine does flask use (see https://example.com/post?id=3)",
        "**URGENT** sorry, asap: what template engine does flask use",
        "long story, our lead quit and I got handed an old internal portal with zero docs and "
        "a deadline, anyway what template engine does flask use",
    ],
)
def test_noise_around_the_question_changes_nothing(practice, message):
    assert "Jinja2" in said(practice, message)


def test_an_aside_with_a_link_and_a_preamble_s_situation_do_not_make_the_question(practice):
    assert "Ronacher" in said(practice, "who created flask (saw it on https://example.com/post?id=3)")
    answer = said(practice, "I work at a small company. what do people use for migrations in flask?")
    assert "Flask-Migrate" in answer and not answer.startswith("Recommendation")


def test_help_is_no_thanks(pinned):
    assert "welcome" not in said(pinned, "`help` which one has more users?").lower()
    assert "welcome" in said(pinned, "that was really helpful").lower()


def test_the_other_one_switches_library_and_a_new_question_is_no_follow_up(pinned):
    assert "MXNet" in pinned.ask("and the other one?", context=pinned.understand("!about keras")).title
    alone = pinned.understand("which is better for beginners?")
    assert (
        pinned.understand("which is better for beginners?", context=pinned.understand("!pros mxnet")) == alone
    )


def test_a_follow_up_can_go_on_about_the_same_aspect(pinned):
    answer = said(pinned, "and on simple tasks specifically?", context="compare them on performance")
    assert "slightly better" in answer


def test_an_aspect_whose_name_holds_a_filler_word_is_still_that_aspect(pinned, practice):
    question = "how steep is the learning curve"  # "learning" is a filler word of the pinned file
    assert pinned.understand(question).aspects == ("ease-of-use",)
    assert "learning curve" in said(pinned, question).lower()
    assert practice.ask("how steep is the learning curve").title.startswith("Learning Curve")


def test_a_rank_in_a_survey_is_about_the_figures_not_the_ratings(practice):
    assert practice.ask("where does each rank in the developer survey?").kind is AnswerKind.STATS


def test_the_source_of_figures_is_the_one_the_article_names(pinned, practice):
    assert "KDnuggets" in said(pinned, "source?", context="which one has more users")
    assert "JetBrains" in said(practice, "who ran the survey that gave those usage percentages?")


def test_explain_shows_the_scored_reading(pinned):
    lines = pinned.scores("is keras quicker than mxnet on simple tasks?")
    assert lines[0].startswith("words:") and "tasks" in lines[0]
    assert any(line.startswith("passage:") and "Performance" in line and "answers" in line for line in lines)


def test_two_questions_in_one_message_are_both_answered(pinned, practice):
    both = said(pinned, "who made mxnet and which languages does it support?")
    assert "AWS" in both and "Julia" in both, "the second read after the first: 'it' is MXNet"
    stars_and_cons = said(pinned, "how many stars does keras have, and what are its cons?")
    assert "100,000" in stars_and_cons and "Limited flexibility" in stars_and_cons
    assert "Flask was created by Armin Ronacher" in said(
        practice, "who created flask? and when did django come out?"
    )
    assert "2005" in said(practice, "who created flask? and when did django come out?")
    # One question, however long, is still one answer; a remark after it belongs to it.
    assert " · " not in said(pinned, "is keras good? i mean for beginners")
    # After a comma, an asking word opens another question when a question came before it.
    three = said(pinned, "who develops mxnet, what langs does it support, and is it open source?")
    assert all(fact in three for fact in ("AWS", "Julia", "open-source")), three
    assert " · " not in said(pinned, "for a total beginner, which one is easier to learn?")
    greeted = said(pinned, "hello everyone! who develops mxnet, what langs does it support?")
    assert "AWS" in greeted and "Julia" in greeted, greeted


def test_a_comparing_follow_up_sets_the_figure_against_the_other_library(pinned):
    answer = said(
        pinned, "is that more or less than keras", context="how many stars does mxnet have on github"
    )
    assert "around 30,000" in answer and "over 100,000" in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("k e r a s   v s   m x n e t   scalability??", "Moderate"),  # spelt out letter by letter
        ("who's behind mxnet?", "AWS"),  # "who's" is "who is", not a possessive
        ("thanks a bunch, super helpful 🙏", "welcome"),
        ("good morning! how r u", "Versus"),
    ],
)
def test_noise_chat_speak_and_contractions_are_read_through(pinned, message, expected):
    assert expected in said(pinned, message)


def test_a_rating_asked_for_by_name_is_given_whatever_else_the_question_says(pinned):
    assert "Very High" in said(pinned, "what grade did the author hand mxnet for raw speed")
    assert "Moderate" in said(
        pinned, "per the ratings, how well does keras cope once the model and data get really huge?"
    )
    pytorch = said(pinned, "what scalability rating does the article give pytorch?")
    assert "Moderate" not in pytorch, "a library the article lacks is not rated by a neighbour"


def test_two_aspects_in_other_words_side_by_side_are_both_rated(pinned, practice):
    both = said(practice, "compare them on how hard they are to learn and on how safe they keep your app")
    assert "Steep" in both and "Strong" in both
    assert "Very High" in said(pinned, "how do they stack up on raw speed and on how huge they can scale")


def test_where_someone_is_from_needs_a_place_not_just_their_name(practice):
    assert "doesn't cover" in said(practice, "where is armin ronacher from, what country")
    assert "Kansas" in said(practice, "where was django born?")


def test_harder_or_easier_than_the_other_compares_an_aspect_not_the_cons(pinned, practice):
    assert "Steep" in said(practice, "is django harder to learn than flask?")
    assert said(pinned, "is keras harder to use than mxnet?").startswith("Ease of Use")
    assert said(pinned, "what makes mxnet hard to use?").startswith("Cons") or "verbose" in said(
        pinned, "what makes mxnet hard to use?"
    )


def test_which_to_pick_with_no_details_the_article_knows_gets_its_general_advice(pinned):
    assert said(pinned, "which one should my team pick?").startswith("Conclusion")
    assert "doesn't cover" in said(pinned, "is keras good for reinforcement learning")


def test_a_comparative_of_a_rating_word_asks_for_that_rating(practice):
    assert "Gentle" in said(practice, "which has a gentler learning curve?")


def test_a_guess_after_the_question_is_checked_on_its_own(pinned):
    answer = said(pinned, "who is developing mxnet, is it google?")
    assert "AWS" in answer and "doesn't cover" in answer


def test_a_typo_that_looks_like_an_inflection_is_still_a_typo(pinned):
    assert said(pinned, "mxnet vs keras which 1 is beter for begginers").startswith("Recommendation: Keras")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("which langs does mxnet support? need to know if julia or c++ work", "Julia"),  # shorthand
        ("can i use R with mxnet?", "R, Julia"),  # "r" is the R language here, not "are"
        ("is it true that mxnet's api is wordier than the keras one?", "verbose"),
    ],
)
def test_shorthand_and_everyday_words_are_read_as_meant(pinned, message, expected):
    assert expected in said(pinned, message)


def test_thanks_without_a_question_is_thanks(practice):
    assert "welcome" in said(practice, "thx mate that saved my assignment")


def test_a_question_after_an_interjection_and_a_log_is_the_question(practice):
    log = "[2024-05-02 10:14:03] WARNING csrf token missing\n[2024-05-02 10:14:03] 400 Bad Request\n"
    answer = said(practice, log + "ugh. anyway does flask ship csrf protection or do i need something extra")
    assert "Flask-WTF" in answer


def test_why_so_high_right_after_a_rating_explains_it(practice):
    assert said(practice, "why so high?", context="django's rating for built-in features?").startswith("Why")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (  # a traceback pasted before the question, and an aside before it
            'Traceback (most recent call last):\n  File "train.py", line 3, in <module>\n'
            "    import mxnet as mx\nModuleNotFoundError: No module named 'mxnet'\n"
            "anyway forget that, who develops mxnet?",
            "AWS",
        ),
        ("Hi,\n\nwho develops mxnet?\n\nBest regards,\nMarek Nowak\nSenior Analyst | ACME", "AWS"),
        ("soooo which one is fasterrrr?????? plz 🙏🙏🙏", "Very High"),  # letters held down
        ("unrelated to my bug but is keras easy to use?", "Ease of Use"),
    ],
)
def test_what_surrounds_the_question_is_set_aside(pinned, message, expected):
    assert expected in said(pinned, message)


def test_a_fact_asked_of_each_library_is_given_for_each(practice):
    answer = said(practice, "who created each of them?")
    assert "Armin Ronacher" in answer and "Holovaty" in answer
    assert "Pallets" in said(practice, "who maintains each one?") and "Django Software Foundation" in said(
        practice, "who maintains each one?"
    )


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("can you mix gpus and fpgas in a single model with mxnet or is that a pipe dream", "heterogeneous"),
        ("how does keras do on scalability?", "Moderate"),
        ("in plain words, what's the difference between them?", "Keras"),
    ],
)
def test_doubts_idioms_and_ways_of_asking_for_a_rating(pinned, message, expected):
    assert expected in said(pinned, message)


def test_a_price_is_no_request_for_advice(practice):
    assert "doesn't cover" in said(practice, "how much does django cost for a company")
    two = said(practice, "what's the WSGI layer underneath flask, and does the core ship CSRF protection?")
    assert "Werkzeug" in two and "Flask-WTF" in two


def test_a_bare_cons_after_a_library_is_about_that_library(pinned):
    assert said(pinned, "cons?", context="tell me about keras").startswith("Cons: Keras\n")


def test_getting_better_over_time_is_the_trend(pinned):
    assert "growing rapidly" in said(pinned, "is mxnet expected to get better over time?")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("scalability?!?!?!?! keras vs mxnet!!!!", "Moderate"),  # "?!?!" still asks
        ("which has more github stars and roughly by how much", "100,000"),  # "by how much" is no "why"
        ("> keras has 100k stars and mxnet 5k\nsomeone posted this in #general, is that true?", "30,000"),
        ("wtf is heterogeneous computing in mxnet context", "FPGA"),
    ],
)
def test_more_ways_people_write(pinned, message, expected):
    assert expected in said(pinned, message)


def test_why_one_library_is_rated_higher_explains_the_last_rating(pinned):
    answer = said(
        pinned, "and why is mxnet rated higher there?", context="what is the performance rating of keras"
    )
    assert answer.startswith("Why: Performance")


@pytest.mark.parametrize(
    ("context", "message", "expected"),
    [
        ("is mxnet faster than keras", "even for simple tasks?", "slightly better"),
        ("is mxnet hard to learn?", "compared to keras?", "Keras Moderate, MXNet High"),
        ("what's the learning curve like for django", "what's that pattern it uses called again?", "MTV"),
        (
            "which one has the steeper learning curve",
            "separate question — what % of survey respondents use flask?",
            "39",
        ),
    ],
)
def test_follow_ups_that_go_on_or_turn_to_something_new(pinned, practice, context, message, expected):
    engine = practice if "django" in context or "flask" in message else pinned
    assert expected in said(engine, message, context=context)


def test_two_sets_of_figures_in_one_message(pinned):
    both = said(pinned, "how many stars does each have, and what % of projects use them?")
    assert "100,000" in both and "64" in both


def test_which_came_first_of_two_named_gives_both_dates(practice):
    answer = said(practice, "who created flask and django?")
    assert "Armin Ronacher" in answer and "Holovaty" in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("like what fraction of projects actually use each one", "64"),
    ],
)
def test_general_english_for_trends_and_shares(pinned, message, expected):
    assert expected in said(pinned, message)


def test_general_english_for_who_maintains(practice):
    assert "Django Software Foundation" in said(
        practice, "Good evening. Which organisation is responsible for the maintenance of Django?"
    )


def test_a_rating_as_printed_finds_the_reason_behind_it(practice):
    answer = said(practice, "how come flask only got Basic for security?")
    assert "Flask's Security rating: Basic" in answer and "CSRF" in answer


def test_a_comparing_word_compares_on_the_words_after_it(pinned):
    answer = said(pinned, "excuse my english, which is better for performance, keras or mxnet?")
    assert "rates MXNet higher on Performance" in answer


def test_a_word_the_article_writes_in_one_is_read_when_written_in_two(practice):
    index = practice.indexes[practice.kb.default.id]
    assert index.written_out(parse("is flask a micro framework or not")).words == (
        "is",
        "flask",
        "a",
        "microframework",
        "or",
        "not",
    )
    assert index.written_out(parse("a frame work")).words == ("a", "frame", "work")  # not a rare word
    assert "microframework" in said(practice, "is flask a micro framework or a full one?")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("what does CSRF stand for (not the band lol)", "CSRF middleware"),
        ("> which one scales better for big teams?\n^ this", "Django"),
        ("> which one scales better for big teams?\n+1", "Django"),
        ("whats the templating situation in flask", "Jinja2"),
    ],
)
def test_asides_and_seconding_a_quote_leave_the_question(practice, message, expected):
    assert expected in said(practice, message)


def test_a_rating_is_not_answered_with_figures_that_name_another_framework(practice):
    answer = said(practice, "whats fastapi's flexibility rating")
    assert "doesn't cover" in answer and "GitHub stars" not in answer


def test_one_library_asked_whether_it_suits_a_job_gets_what_the_article_says_of_it(practice):
    assert "Heavier for small jobs" in said(practice, "isn't django way too heavy for a little side api?")


def test_set_phrases_name_no_topic(practice):
    assert "Armin Ronacher" in said(practice, "who dreamed up flask in the first place?")


def test_what_the_asker_tells_after_the_question_is_not_asked(practice):
    answer = said(practice, "which has more protection inbuilt, my boss is paranoid about it")
    assert "Django Strong" in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("what engine does keras sit on underneath, i mean whats doing the heavy lifting", "TensorFlow"),
        ("do they have tutorials and blog posts for when i get stuck", "Keras Extensive"),
    ],
)
def test_general_english_for_engines_and_help_online(pinned, message, expected):
    assert expected in said(pinned, message)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("what does django switch on by default to protect me", "Secure defaults"),
        ("how do i split my flask code across several modules", "one module or many blueprints"),
        ("what stuff must i understand before django makes sense", "model-template-view"),
    ],
)
def test_general_english_for_defaults_modules_and_making_sense(practice, message, expected):
    assert expected in said(practice, message)


def test_welcoming_to_contributors_is_about_contributing(pinned):
    assert "contribute to the project" in said(
        pinned, "which one is more welcoming if i want to send patches"
    )


@pytest.mark.parametrize(
    "question",
    [
        "who wrote jinja2?",
        "what year did werkzeug come out",
        "who looks after django rest framework",
    ],
)
def test_who_or_when_of_a_thing_the_article_only_names_is_not_covered(practice, question):
    answer = said(practice, question)
    assert "doesn't cover" in answer
    assert "Ronacher" not in answer and "Pallets" not in answer and "Django Software Foundation" not in answer


def test_initials_of_a_name_the_article_writes_out_are_read_as_that_name(practice):
    index = practice.indexes[practice.kb.default.id]
    assert index.written_out(parse("whats drf")).words == ("whats", "django", "rest", "framework")
    assert "serializers" in said(practice, "so what does DRF give me exactly")


def test_a_situation_told_then_which_one_gets_the_advice_and_what_fits_the_situation(practice):
    answer = said(practice, "we're a bank with strict security requirements and auditors. which framework?")
    assert "recommends Django" in answer and "security team publishes advisories" in answer


def test_two_questions_after_a_code_block_are_both_answered(practice):
    message = (
        "```py\nfrom flask import Flask\napp = Flask(__name__)\n```\n"
        "is that a whole flask app? and how do you start a django project?"
    )
    answer = said(practice, message)
    assert "five lines" in answer and "startproject" in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("does mxnet offer a good selection of pre-built estimators", "Limited pre-built estimators"),
        ("is mxnet expected to catch up eventually", "growing"),
    ],
)
def test_general_english_for_selections_and_what_is_expected(pinned, message, expected):
    assert expected in said(pinned, message)


def test_a_word_of_the_article_derived_from_a_filler_word_is_no_filler(practice):
    assert "Flask Outstanding, Django Fair" in said(practice, "which one is more opinionated")


@pytest.mark.parametrize(
    ("context", "message", "expected"),
    [
        ("flexibility ratings?", "why is django only fair?", "Django is opinionated"),
        ("which one has more users", "according to who?", "JetBrains"),
    ],
)
def test_why_a_rating_given_and_according_to_who(practice, context, message, expected):
    assert expected in said(practice, message, context=context)


def test_two_wordings_of_one_question_get_one_answer_with_both_dates(practice):
    answer = said(practice, "which is older, flask or django? which one came out first")
    assert "2005" in answer and "2010" in answer
    assert answer.count("Flask was created by Armin Ronacher") == 1


def test_an_apology_for_the_ping_names_no_topic(practice):
    assert "68,000" in said(practice, "sorry for the ping 😅 how many github stars does flask have??")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("so whats the catch with mxnet", "Con"),
        ("just give me the scoreboard", "Very High"),
        ("is it true keras with tensorflow edges out mxnet on basic stuff?", "slightly better"),
    ],
)
def test_general_english_for_catches_scoreboards_and_edges(pinned, message, expected):
    assert expected in said(pinned, message)


@pytest.mark.parametrize(
    ("message", "expected", "not_expected"),
    [
        # The advice for Keras is "when you don't require … performance": no vote for it here.
        ("which one if I need top performance?", "MXNet higher on Performance", "recommends Keras"),
        ("which should i use if scalability matters most", "MXNet higher on Scalability", "recommends Keras"),
        ("i dont care about performance, which one", "recommends Keras", "recommends MXNet"),
    ],
)
def test_what_the_advice_says_is_not_needed_counts_against_it(pinned, message, expected, not_expected):
    answer = said(pinned, message)
    assert expected in answer and not_expected not in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("what does the article focus on", "focusing on ease of use and performance"),
        ("Non-technical PM here. In simple words, what's the trade-off between these two?", "Conclusion"),
    ],
)
def test_the_article_itself_and_its_trade_off(pinned, message, expected):
    assert expected in said(pinned, message)


def test_where_people_said_it_names_no_topic(practice):
    assert "Jinja2" in said(practice, "people on reddit say flask is insecure, is that fair?")


@pytest.mark.parametrize(
    "question",
    [
        "when did flask 2.0 come out",  # a version the article never names; "2.0" ends no sentence
        "how many people are on the django security team?",  # "one reason" gives no figure
    ],
)
def test_versions_and_counts_the_article_lacks_are_not_covered(practice, question):
    assert "doesn't cover" in said(practice, question)


def test_a_numbered_list_of_questions_gets_each_answered(practice):
    answer = said(
        practice,
        "Hey, three quick ones: 1) who created Flask, 2) which framework has more GitHub stars, "
        "and 3) what's each one's security rating?",
    )
    assert "Ronacher" in answer and "80,000" in answer and "Strong" in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Sir please tell which framework is having more inbuilt features. It is for my project.",
            "Comprehensive",
        ),
        ("Security posture. Flask vs Django. One line.", "Django Strong"),
        ("which one's more strict about how you lay out your code", "Flexibility"),
        ("what would i install for forms and logins in flask", "Flask-WTF"),
    ],
)
def test_polite_terse_and_everyday_wordings(practice, message, expected):
    assert expected in said(practice, message)


def test_fewer_compares_and_is_no_topic_of_its_own(pinned):
    assert "pre-built estimators" in said(pinned, "which one has fewer pre-built estimators").lower()
    assert "not an aspect" not in said(pinned, "which one has fewer pre-built estimators")


def test_a_rating_of_something_only_named_is_not_covered(pinned):
    assert "doesn't cover" in said(pinned, "how does tensorflow on its own rate for scalability?")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("is mxnet made by google?", "developed by AWS"),  # the guess aside, who made it
        ("is keras developed by google?", "doesn't cover"),  # the article never says who
    ],
)
def test_a_guess_at_who_made_it_gets_who_the_article_says(pinned, message, expected):
    assert expected in said(pinned, message)


def test_what_comes_without_installing_anything_is_what_is_built_in(practice):
    assert "Comprehensive" in said(practice, "what does django give you without installing a bunch of stuff?")


@pytest.mark.parametrize(
    "message",
    [
        "> keras has like 100k stars and mxnet barely 5k\nsomeone posted this, does the article agree?",
        "> keras has like 100k stars and mxnet barely 5k\nis that what the article says?",
    ],
)
def test_a_quoted_claim_checked_against_the_article_is_what_is_asked(pinned, message):
    answer = said(pinned, message)
    assert "100,000" in answer and "30,000" in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("explain keras in one sentence for my manager", "About Keras"),  # for whom, not for what
        ("why is keras fast without me tuning anything?", "out of the box"),
    ],
)
def test_who_it_is_for_asks_no_advice_and_no_tuning_is_out_of_the_box(pinned, message, expected):
    assert expected in said(pinned, message)


@pytest.mark.parametrize(
    ("engine_name", "message", "expected"),
    [
        ("pinned", "is keras hard to use?", "Ease of Use rating: Moderate"),
        ("practice", "is djnago hard to lern", "Learning Curve rating: Steep"),
    ],
)
def test_hard_to_use_or_learn_rates_the_aspect_hard_is_about(
    pinned, practice, engine_name, message, expected
):
    assert expected in said(pinned if engine_name == "pinned" else practice, message)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("hola, which framework has more stars on github? gracias", "80,000"),
        ("is it true django was born at some local paper in the US??", "Journal-World"),
    ],
)
def test_greetings_in_other_languages_and_papers(practice, message, expected):
    assert expected in said(practice, message)


def test_a_greeting_and_who_is_asking_before_a_comma_are_told(pinned):
    answer = said(pinned, "Hello, I am a student from Chile, please what is the difference in ecosystem?")
    assert "Keras Extensive, MXNet Growing" in answer


@pytest.mark.parametrize(
    ("context", "message", "expected"),
    [
        ("how many github stars does keras have", "other one?", "MXNet: around 30,000"),
        # the other one than the library the answer came out for
        (
            "which library has the bigger ecosystem?",
            "how's the other one doing then",
            "MXNet's Ecosystem rating",
        ),
    ],
)
def test_the_other_one_is_the_library_the_last_answer_was_not_about(pinned, context, message, expected):
    assert expected in said(pinned, message, context)


def test_a_clause_telling_of_the_asker_after_a_request_is_told(practice):
    message = "Kindly explain the difference between both in flexibility aspect, I am having my viva tomorrow"
    assert "Flask Outstanding, Django Fair" in said(practice, message)


def test_how_bad_it_is_on_a_named_aspect_is_its_rating(pinned):
    assert "Keras's Scalability rating: Moderate" in said(
        pinned, "ok honest question, scalability-wise how bad is keras"
    )


def test_a_word_of_the_lexicon_is_no_typo_of_a_word_of_the_source(pinned):
    answer = said(pinned, "is it true that writing mxnet code is way more wordy than keras?")
    assert "more verbose than Keras'" in answer


def test_a_quoted_claim_does_not_choose_which_figures_answer_how_many(pinned):
    answer = said(
        pinned, "> someone in #general: mxnet is dead nobody uses it\nis that true? how many projects use it"
    )
    assert "MXNet: 21%" in answer


@pytest.mark.parametrize("word", ["backend", "json", "tuned", "niche", "steep"])
def test_a_word_of_the_lexicon_is_no_slip_of_the_keys_for_another(practice, word):
    index = practice.indexes[practice.kb.default.id]
    assert index.corrected(word) == word


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "hola, i am student of informatica and my profesor say django is more secure than flask. "
            "is true or no?",
            "Flask Basic, Django Strong",
        ),
        ("I keep hearing mxnet is basically dead and nobody uses it... is that right?", "MXNet: 21%"),
    ],
)
def test_a_claim_to_check_is_what_is_asked_not_who_made_it(pinned, practice, message, expected):
    engine = pinned if "mxnet" in message else practice
    assert expected in said(engine, message)


def test_the_bare_minimum_is_what_the_core_provides(practice):
    answer = said(practice, "what does flask give you in core, like the bare minimum")
    assert "Flask gives you routing, request handling, and templating" in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "ngl django looks kinda scary, is it actually hard to learn?",
            "Django's Learning Curve rating: Steep",
        ),
        ("ngl flask looks kinda bare, is it really quick to learn?", "Flask"),
    ],
)
def test_a_told_clause_then_a_question_about_it(practice, message, expected):
    answer = said(practice, message)
    assert expected in answer
    assert "doesn't cover" not in answer


@pytest.mark.parametrize(
    ("engine_name", "message", "expected"),
    [
        ("practice", "how does flask keep sessions from being tampered with", "signed with a secret key"),
        (
            "practice",
            "can i split a flask app into multiple modules or does it have to be one file",
            "blueprints",
        ),
        ("pinned", "is mxnet catching up in popularity or falling further behind", "growing rapidly"),
        # function words of another language name no topic
        (
            "pinned",
            "Ich frage für mein Team: which library has the better scalability rating? Danke",
            "MXNet High",
        ),
        # "zero ML experience": wanted absent, it tells and is no topic the article lacks
        (
            "pinned",
            "as a stats student with zero ML experience, would mxnet be harder for me?",
            "Ease of Use",
        ),
    ],
)
def test_general_english_reaches_the_articles_words(pinned, practice, engine_name, message, expected):
    answer = said(pinned if engine_name == "pinned" else practice, message)
    assert expected in answer
    assert "doesn't cover" not in answer


def test_a_name_the_article_gives_for_the_other_library_only_is_not_covered(pinned):
    answer = said(pinned, "R user here. does keras have an R interface?")
    assert "doesn't cover" in answer
    assert "Who it is for" not in answer.split("Closest it has")[0]


@pytest.mark.parametrize(
    ("engine_name", "message"),
    [
        ("pinned", "is mxnet's documentation any good?"),  # tutorials and a community, no documentation
        ("practice", "which one is faster in benchmarks, like requests per second?"),  # only a "slower start"
    ],
)
def test_a_neighbouring_word_of_another_sense_is_no_answer(pinned, practice, engine_name, message):
    answer = said(pinned if engine_name == "pinned" else practice, message)
    assert "doesn't cover" in answer or "is not an aspect I know" in answer


def test_a_version_of_a_thing_the_article_names_is_a_topic_of_its_own(practice):
    assert "doesn't cover" in said(practice, "does flask still support python 2?")


def test_a_word_in_capitals_is_a_name_not_a_slip_for_an_everyday_word(practice):
    assert "doesn't cover" in said(practice, "how long is a django LTS release supported")  # not "lots"


@pytest.mark.parametrize(
    ("context", "message", "expected"),
    [
        ("who made mxnet?", "and keras?", "doesn't cover that."),
        ("who made flask?", "and django?", "Holovaty"),
        ("!cons flask", "ok what about the good parts", "Pros: Flask"),
    ],
)
def test_who_made_the_other_one_is_asked_again_of_it(pinned, practice, context, message, expected):
    engine = pinned if "mxnet" in context else practice
    assert expected in said(engine, message, context)


def test_who_made_a_library_the_article_says_nothing_of_who_made_is_not_covered(pinned):
    assert "doesn't cover" in said(pinned, "who made keras?")


@pytest.mark.parametrize(
    "message",
    [
        "what is keras exactly? a framework or a wrapper?",
        "keras, what is it exactly? an engine, a wrapper, a language?",
    ],
)
def test_what_a_library_is_is_its_overview(pinned, message):
    assert "high-level neural networks API" in said(pinned, message)


def test_what_a_library_s_part_is_is_not_its_overview(practice):
    assert "About Flask" not in said(practice, "what is flask-login even for according to the article")


def test_but_in_narrows_the_aspect_just_compared(pinned):
    answer = said(pinned, "but in simple tasks?", "which one has better performance")
    assert "Performance" in answer and "slightly better" in answer


def test_lacking_what_the_article_says_one_can_lack_meets_it(pinned):
    answer = said(pinned, "Which one is better if I have zero machine learning background?")
    assert "without extensive machine learning knowledge" in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "```python\nimport keras\n```\nok this works fine but is mxnet better with our data at scale?",
            "Scalability",
        ),  # the user's data is no statistic
        (
            "this is my current code, if i port it to mxnet will it be more verbose?",
            "more verbose than Keras'",
        ),
    ],
)
def test_the_users_own_code_and_data_name_no_topic(pinned, message, expected):
    answer = said(pinned, message)
    assert expected in answer and "doesn't cover" not in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("what exactly is keras? a framework or a wrapper?", "high-level neural networks API"),
        ("does keras 2 support tensorflow?", "multiple backends"),  # a library's version: still that library
        ("is keras SOOOO slow?", "Performance"),  # capitals said loud, not an acronym
        ("which is FASTR, keras or mxnet", "Performance"),
    ],
)
def test_emphasis_and_versions_of_a_library_keep_the_question(pinned, message, expected):
    assert expected in said(pinned, message)


def test_who_made_it_followed_by_both_libraries_is_no_ratings_table(pinned):
    answer = said(pinned, "what about keras and mxnet?", "who made mxnet?")
    assert "Ratings" not in answer.splitlines()[0]


@pytest.mark.parametrize(
    ("message", "expected", "absent"),
    [
        ("why would anyone pick django over flask tbh", "Pros: Django", "Freedom of choice"),
        ("why use flask instead of django?", "Pros: Flask", "Batteries included"),
    ],
)
def test_the_library_chosen_over_the_other_is_the_one_asked_about(practice, message, expected, absent):
    answer = said(practice, message)
    assert expected in answer and absent not in answer


def test_libraries_named_together_are_asked_about_alike(practice):
    answer = said(practice, "what programming language are flask and django for")
    assert "doesn't cover" not in answer and "Python" in answer


@pytest.mark.parametrize(
    "message",
    [
        "gracias!",
        "danke schön",
        "what's up",
        "you rock",
        "omg thank you",
        "bonjour",
        "obrigado!",
        "ok",
        "got it",
        "lmao",
        "never mind",
        "sorry wrong channel",
        "who made you?",
        "are you chatgpt?",
    ],
)
def test_small_talk_in_many_forms_is_chat(pinned, message):
    assert pinned.explain(message).rule == "chat"


@pytest.mark.parametrize(
    ("context", "message", "expected"),
    [
        ("tell me about keras", "ok and what is it built on", "TensorFlow"),
        ("which has the bigger ecosystem?", "ok whats the other one's rating then", "MXNet"),
    ],
)
def test_ok_before_a_question_is_no_chat(pinned, context, message, expected):
    assert expected in said(pinned, message, context)


@pytest.mark.parametrize(
    ("context", "message", "expected"),
    [
        ("who made flask?", "when?", "first released in 2010"),
        ("when was django released?", "ok and who?", "Holovaty"),
    ],
)
def test_a_bare_asking_word_asks_it_of_the_same_library(practice, context, message, expected):
    assert expected in said(practice, message, context)


def test_which_wins_right_after_one_aspect_is_that_aspects_verdict(practice):
    answer = said(practice, "which one wins then?", "compare them on security")
    assert "rates Django higher on Security" in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("mxnet is a google project right?", "MXNet was developed by AWS"),
        (
            "> mxnet is google's framework, everyone knows that\nsomeone in #general said this, is it true?",
            "AWS",
        ),
        ("is keras a google project?", "doesn't cover"),  # the article does not say who makes Keras
    ],
)
def test_a_company_named_as_the_owner_is_a_guess_at_who_makes_it(pinned, message, expected):
    assert expected in said(pinned, message)


def test_a_comparing_word_before_a_word_of_its_own_names_no_aspect(pinned):
    answer = said(pinned, "which of the two has the bigger crowd behind it?")
    assert "Scalability" not in answer


def test_which_part_of_that_is_read_in_the_last_answer(practice):
    answer = said(practice, "and which part of that handles templates?", "what is flask built on")
    assert "Jinja2 template engine" in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("thx!! that literally saved my homework 🙏", "You're welcome"),
        (
            "sir kindly tell which framework is having more stars on github, i need it for my ppt tomorrow",
            "80,000",
        ),
        (
            "Quick question, who originally built Django?\n\n--\nMarco Bianchi | Senior Backend Engineer",
            "Holovaty",
        ),
        (
            "freelance gig, client with strict security requirements, which one does the article lean to",
            "Django",
        ),
        ("n django?", "roughly 80,000"),
    ],
)
def test_what_the_asker_needs_it_for_and_how_they_thank_name_no_topic(practice, message, expected):
    context = "how many github stars does flask have" if message == "n django?" else None
    answer = said(practice, message, context)
    assert expected in answer and "doesn't cover" not in answer


@pytest.mark.parametrize(
    ("engine_name", "context", "message"),
    [
        ("pinned", "how many stars does mxnet have", "and tensorflow?"),  # a backend, not a library compared
        ("practice", "who made flask?", "what about werkzeug?"),
        ("practice", None, "how many stars does fastapi have"),  # named in the article, without figures
    ],
)
def test_a_thing_the_article_only_names_gets_no_library_s_figures(
    pinned, practice, engine_name, context, message
):
    answer = said(pinned if engine_name == "pinned" else practice, message, context)
    assert "doesn't cover" in answer


def test_what_the_article_concludes_from_its_figures_is_its_own_words(practice):
    answer = said(practice, "how popular is fastapi")
    assert "FastAPI is gaining ground" in answer


def test_pasted_code_lines_are_set_aside_and_each_question_answered(practice):
    message = (
        "MIDDLEWARE = [\n    'django.middleware.csrf.CsrfViewMiddleware',\n]\n\n"
        "is csrf on by default in django? and what about flask"
    )
    answer = said(practice, message)
    assert "Django enables CSRF middleware by default" in answer and "Flask-WTF" in answer


def test_throwing_gpus_and_fpgas_together_is_heterogeneous_computing(pinned):
    assert "heterogeneous" in said(pinned, "can i throw gpus and fpgas together into one mxnet model?")


@pytest.mark.parametrize(
    "message",
    [
        "mxnet is for what, only training?",
        "what is mxnet used for?",
        "what is MXNet exactly and for what purpose it is used?",
        "what's the purpose of mxnet",
    ],
)
def test_what_a_library_is_for_is_its_overview(pinned, message):
    assert "training, deploying, and evaluating" in said(pinned, message)


def test_a_typo_is_corrected_to_a_word_of_the_lexicon_too(practice):
    index = practice.indexes[practice.kb.default.id]
    assert index.corrected("documantation") == "documentation"  # the article never says it; English does


def test_a_short_question_after_a_long_lead_in_asks_about_the_lead_in(pinned):
    answer = said(pinned, "speed-wise, for a plain boring little network, who comes out ahead?")
    assert "Performance" in answer and "doesn't cover" not in answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("bhai django ka security kaisa hai?", "Strong"),  # Hindi around the English
        ("quien creo django? sorry my english, who make django", "Adrian Holovaty"),
    ],
)
def test_words_of_another_language_mixed_in_are_no_topic_the_article_lacks(practice, message, expected):
    answer = said(practice, message)
    assert expected in answer and "doesn't cover" not in answer, answer


@pytest.mark.parametrize(
    "message",
    [
        "funktioniert das zuverlässig unter hoher Last mit vielen gleichzeitigen Anfragen",
        "questo funziona bene sotto carico elevato con molte richieste simultanee",
    ],
)
def test_a_message_mostly_in_words_the_glossary_lacks_is_told_to_ask_in_english(pinned, message):
    assert "Sorry, I can only read English." in said(pinned, message)


def test_one_word_common_in_another_language_is_still_a_name(pinned):  # "cuda" is Polish too
    assert "nothing on “cuda”" in said(pinned, "can keras use cuda?")


def test_an_unknown_word_that_only_says_how_is_no_topic_the_article_lacks(pinned):
    answer = said(pinned, "our model is weird and complex and we need to tweak everything")
    assert "customization and flexibility" in answer and "doesn't cover" not in answer, answer


def test_a_shorthand_that_is_no_filler_on_its_own_is_spelt_out(pinned):
    assert said(pinned, "ngl which one has more ppl using it").startswith("Statistics")  # ppl: people


def test_a_word_joined_to_one_library_and_close_to_the_other_names_it(practice, pinned):
    assert "Django Strong" in said(practice, "flash vs django which is more secure")  # flask, misspelt
    assert said(pinned, "mx vs keras speed?").startswith("Performance")  # mxnet, shortened
    assert "MXNet" not in said(pinned, "is keras or more code needed for a cnn?").split("\n")[0]


def test_words_typed_without_a_space_between_them_are_read_apart(practice):
    assert said(practice, "whats the downside offlask").startswith("Cons: Flask")
    assert said(practice, "isdjango moreflexible thanflask?").startswith("Flexibility")
    assert said(practice, "flaskordjango forsecurity").startswith("Security")
    # a link, a path and an identifier are left as typed
    assert "stackoverflow.com/offlask" in practice.understand("see stackoverflow.com/offlask").text


def test_what_a_question_wants_is_read_in_its_words_as_meant(practice):
    assert "Adrian Holovaty" in said(practice, "who cretaed djnago?")  # who created: a person


def test_a_slip_in_an_asking_word_still_asks(pinned):
    assert said(pinned, "whch one has the bigger user base?").startswith("Statistics")
    assert said(pinned, "which one has the bigger user base?").startswith("Statistics")


def test_thanks_after_a_question_sign_it_off_without_punctuation(practice):
    assert said(practice, "how many stars do they each have on gh thanks in advance").startswith("Statistics")
    assert said(practice, "how cool is that, thanks a lot").startswith("Versus")  # asks nothing


def test_or_and_a_doubt_after_a_question_leave_the_question_to_answer(practice):
    for message in (
        "can either of these handle a real production website or are they hobby tools",
        "can i actually run either of them in production or is flask just a toy",
    ):
        assert "either can power a production website" in said(practice, message), message


@pytest.mark.parametrize(
    "message",
    ["can i use mongo or some kind of document db with flask?", "a document database like mongo with flask?"],
)
def test_a_name_given_as_an_example_of_a_kind_asks_about_the_kind(practice, message):
    assert "a document database" in said(practice, message)


def test_a_name_asked_about_by_itself_is_still_not_covered(practice, pinned):
    assert "nothing on “mongo”" in said(practice, "does flask support mongo?")
    assert "doesn't cover" in said(pinned, "what are the actual benchmark numbers, like resnet-50 throughput")


def test_a_question_asking_for_several_gets_each_fact_that_answers(practice):
    answer = said(practice, "what attacks does django protect against by default")
    assert "CSRF" in answer and "clickjacking" in answer, answer
    assert "clickjacking" not in said(practice, "does django have csrf protection?")  # one asked, one given


@pytest.mark.parametrize("message", ["I want to know who made flask", "can you tell me who made flask"])
def test_a_request_to_be_told_asks_the_question_after_it(practice, message):
    assert "Armin Ronacher" in said(practice, message)


@pytest.mark.parametrize("message", ["ok mxnet?", "mxnet tho?", "hmm, mxnet pls"])
def test_a_name_with_words_that_say_nothing_continues_the_conversation(pinned, message):
    assert "around 30,000" in said(pinned, message, context="how many github stars does keras have")


def test_ok_before_why_still_asks_why_of_the_last_answer(practice):
    assert said(practice, "ok why so low?", context="what is flask's security rating").startswith("Why")
    assert "Holovaty" in said(practice, "who made django?", context="what are flask's pros")


def test_each_item_of_a_numbered_list_is_a_question_of_its_own(pinned):
    answer = said(pinned, "3 qs: 1) who made mxnet 2) what languages it supports 3) its scalability rating")
    assert all(said_ in answer for said_ in ("AWS", "Julia", "Scalability")), answer


def test_a_long_name_missing_its_first_letter_is_still_named(practice):
    assert said(practice, "Is flasks easier than jango for beginers").startswith("Learning Curve")


@pytest.mark.parametrize(
    "message", ["what is mxnet exactly in simple words", "what is mxnet, in a nutshell?"]
)
def test_what_a_library_is_asked_in_few_words_is_its_overview(pinned, message):
    assert said(pinned, message).startswith("About MXNet")


def test_a_claim_that_a_library_lacks_something_asks_about_it(practice):
    answer = said(practice, "heard flask has basically zero security, is this true or cap")
    assert answer.startswith("Security") and "Basic" in answer, answer
    assert "without extensive" in said(
        engine_over(PINNED_FILE), "which one for zero ML experience?"
    )  # the asker


def test_what_the_asker_read_guesses_no_owner(pinned):
    message = "What exactly is Keras running on top of? I have read somewhere it is a standalone framework."
    assert "TensorFlow" in said(pinned, message)
    assert "AWS" in said(pinned, "is mxnet a google project?")  # asked: a guess at who


def test_a_word_that_calls_out_before_the_question_is_no_topic(practice):
    answer = said(
        practice, "abeg which one easier to learn between flask and django, i be complete beginner o"
    )
    assert answer.startswith("Learning Curve"), answer
    assert "nothing on “onnx”" in said(practice, "does flask support onnx")  # an unknown name stays one


def test_a_word_that_calls_out_after_the_libraries_is_no_topic(pinned):
    message = (
        "we train big models on a cluster of GPU and FPGA boxes, lots of customization. keras or mxnet abeg"
    )
    assert said(pinned, message).startswith("Recommendation: MXNet")


@pytest.mark.parametrize("message", ["how do they compare on every single aspect?", "ratings on all fronts?"])
def test_every_aspect_in_other_words_asks_for_the_ratings_table(pinned, message):
    assert said(pinned, message).startswith("Keras vs. MXNet: Deep Learning Libraries")


def test_a_question_word_after_a_noun_describes_it_and_asks_nothing(practice):
    answer = said(
        practice,
        "hi so im building a platform where tutors get booked by parents. need logins for tutors and "
        "parents and a back office where my assistant sees everything. flask or django??",
    )
    assert answer.startswith("Recommendation: Django"), answer


def test_everyday_shorthand_and_quantities_are_read(practice, pinned):
    assert "2010" in said(practice, "flask release yr?")
    assert "pre-built estimators" in said(pinned, "what premade stuff does keras have")
    assert "Limited flexibility" in said(
        pinned, "assuming i need tons of control over my models, is keras ok?"
    )


def test_the_first_letters_of_the_other_library_continue_the_conversation(practice):
    assert "Django Software Foundation" in said(practice, "and dj?", context="who maintains flask")


@pytest.mark.parametrize(
    "claim", ["i heard mxnet has over 100,000 github stars", "does keras have 30k github stars?"]
)
def test_a_figure_claimed_for_the_wrong_library_shows_whose_figure_it_is(pinned, claim):
    answer = said(pinned, claim)
    assert "Keras: over 100,000" in answer and "MXNet: around 30,000" in answer, answer


def test_true_or_is_someone_making_it_up_checks_the_claim_before_it(practice):
    answer = said(
        practice,
        "my teammate says django gives you an admin site for free without coding it. "
        "true or is she making it up",
    )
    assert answer.startswith("Django — Admin site"), answer


def test_a_question_asked_of_both_libraries_is_not_a_choice(practice):
    answer = said(practice, "are both fine for a real production site or is flask only a toy")
    assert "either can power a production website" in answer, answer


def test_a_negation_stops_at_a_comma(practice):
    answer = said(practice, "solo dev, no budget, prototype needed for a demo next week. what do i use")
    assert answer.startswith("Recommendation: Flask"), answer


def test_an_emoji_between_words_ends_a_sentence(pinned):
    question = parse("just finished my first python course on udemy 🎉 which one is faster?")
    assert [w for w, f in zip(question.words, question.focus, strict=True) if f] == [
        "which",
        "one",
        "is",
        "faster",
    ]
    assert said(pinned, "🔥🔥 keras vs mxnet perf 🔥🔥 who wins?? 🏆").startswith(
        "Performance: Keras vs. MXNet"
    )


def test_either_of_two_questions_joined_by_or_may_be_answered(pinned):
    answer = said(pinned, "does mxnet rely on its own algorithms or does it sit on top of some other library")
    assert "its own optimized algorithms" in answer, answer


def test_the_other_one_after_a_fact_of_one_library_is_the_other_library(practice):
    answer = said(practice, "and the other one?", context="which one comes with an admin site for free")
    assert "Flask" in answer and "admin pages" in answer, answer


def test_those_at_the_end_of_a_question_points_at_the_sentence_before(pinned):
    answer = said(pinned, "our team writes mostly julia and c++. can we use mxnet from those?")
    assert answer.startswith("MXNet — Programming languages"), answer


@pytest.mark.parametrize(
    ("engine_name", "question", "expected"),
    [
        ("pinned", "does mxnet work on the cpus in our lab", "MXNet — Hardware and platforms"),
        ("practice", "is django secure enough for the campus site", "Security: Flask vs. Django"),
    ],
)
def test_where_the_asker_is_names_no_topic(request, engine_name, question, expected):
    answer = said(request.getfixturevalue(engine_name), question)
    assert answer.startswith(expected), answer


def test_a_word_the_article_uses_is_read_even_if_it_may_say_where_one_is(practice, pinned):
    assert "office" in practice.scores("which one has a back office")[0]  # the article's "admin back office"
    assert "office" not in pinned.scores("which one has a back office")[0]


@pytest.mark.parametrize(
    ("engine_name", "claim", "expected"),
    [
        (
            "practice",
            "my friend read that django started at a newspaper in Ohio, right?",
            "newspaper in Kansas",
        ),
        ("pinned", "chatgpt told me mxnet was made by google. legit or made up?", "developed by AWS"),
        (
            "pinned",
            "someone said keras has around 30,000 github stars. sounds wrong to me",
            "Keras: over 100,000",
        ),
    ],
)
def test_a_claim_to_check_is_answered_with_what_the_article_says_even_where_it_is_wrong(
    request, engine_name, claim, expected
):
    assert expected in said(request.getfixturevalue(engine_name), claim)


def test_an_aside_saying_what_is_not_meant_is_no_topic(practice):
    answer = said(practice, "who maintains django, the web framework not the movie character")
    assert "Django Software Foundation" in answer, answer


def test_regret_asks_for_the_downsides_and_a_fan_club_for_popularity(pinned):
    assert said(pinned, "what would i regret if i picked mxnet").startswith("Cons: MXNet")
    assert "Keras: 64%" in said(pinned, "which one has the bigger fan club")


def test_a_dictated_question_is_read_as_typed(pinned):
    answer = said(pinned, "does em ex net support c plus plus question mark")
    assert answer.startswith("MXNet — Programming languages"), answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ('fine, which one is "more popular" according to your precious article', "Django: about 40%"),
        ("who created flask, the shiny one", "Armin Ronacher"),
    ],
)
def test_a_plain_adjective_the_article_never_uses_need_not_be_met(practice, question, expected):
    assert expected in said(practice, question)


def test_a_slip_of_the_other_library_anywhere_in_a_comparison_names_it(practice):
    answer = said(practice, "is flash quicker to learn than django")
    assert answer.startswith("Learning Curve: Flask vs. Django"), answer


def test_the_ratings_asked_for_after_a_guess_at_both_are_the_table(pinned):
    answer = said(
        pinned, "so keras is the easy one and mxnet the fast one, i guess. what are the actual ratings"
    )
    assert "How the article rates Keras and MXNet on each aspect" in answer, answer


@pytest.mark.parametrize(
    ("engine_name", "question", "expected"),
    [
        (
            "pinned",
            "if my dataset gets bigger later, which one scales better?",
            "Scalability: Keras vs. MXNet",
        ),
        (
            "practice",
            "if we need it by friday, which one is quicker to learn?",
            "Learning Curve: Flask vs. Django",
        ),
    ],
)
def test_a_condition_before_the_question_is_told_not_asked(request, engine_name, question, expected):
    assert said(request.getfixturevalue(engine_name), question).startswith(expected)


def test_a_comparing_word_of_an_aspect_gives_way_to_a_passage_that_answers_far_better(practice):
    answer = said(
        practice,
        "people come and go on our team every few months, which framework keeps a big codebase easier to "
        "find your way around",
    )
    assert "new team members to find their way" in answer, answer


def test_a_wrong_name_in_a_claim_to_check_still_finds_what_the_article_says(practice):
    answer = said(practice, "Flask is maintained by the Django Software Foundation, isn't it?")
    assert answer.startswith("Flask — Maintainer") and "Pallets" in answer, answer


@pytest.mark.parametrize(
    ("engine_name", "question", "expected"),
    [
        ("practice", "flask is overrated garbage, agree?", "Cons: Flask"),
        ("pinned", "where is mxnet heading?", "growing rapidly"),
        ("pinned", "> keras is always slower, period\nis that true?", "Performance: Keras vs. MXNet"),
    ],
)
def test_everyday_words_of_judgement_and_direction_are_read(request, engine_name, question, expected):
    assert expected in said(request.getfixturevalue(engine_name), question)


def test_a_fact_asked_for_in_its_own_heading_words_is_that_fact(pinned):
    assert said(pinned, "who is keras for?").startswith("Keras — Who it is for")
    assert "without extensive machine learning knowledge" in said(
        pinned, "who is it for?", context="tell me about keras"
    )


def test_the_source_of_a_fact_quotes_it(practice):
    answer = said(practice, "source?", context="who maintains flask")
    assert (
        "section: Introduction" in answer and "“Flask is now maintained by the Pallets project.”" in answer
    ), answer


def test_and_inside_a_new_question_does_not_continue_the_last_one(practice):
    answer = said(
        practice, "who created django and in what year?", context="what's the security rating of flask?"
    )
    assert "Adrian Holovaty" in answer and "2005" in answer, answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("i'd like to send PRs one day, is mxnet welcoming to contributors?", "Open-source collaboration"),
        ("we need to mix gpus and fpgas inside a single model, which lib handles that?", "heterogeneous"),
    ],
)
def test_pull_requests_and_function_words_are_read_as_meant(pinned, question, expected):
    assert expected in said(pinned, question)


def test_what_a_library_is_even_for_is_its_overview(pinned):
    assert said(pinned, "what is mxnet even for? only training?").startswith("About MXNet")


def test_advice_inside_a_claim_to_check_is_checked_not_given(practice):
    answer = said(
        practice,
        'my friend says: "flask has no csrf protection at all, you should switch to django." is that right?',
    )
    assert "Flask-WTF" in answer, answer


def test_people_who_invest_are_not_an_investment(practice):
    answer = said(practice, "fintech app, our investors keep asking about security audits. which one + why")
    assert "security team publishes advisories" in answer and "up-front investment" not in answer, answer


def test_how_many_answered_a_survey_is_not_its_figures(practice):
    answer = said(practice, "how many people answered the python developers survey")
    assert "doesn't cover" in answer and "about 40%" not in answer, answer
    assert "Django: about 40%" in said(practice, "WHICH ONE IS MORE POPULAR??? NEED AN ANSWER NOW")


def test_a_word_of_the_lexicon_after_a_name_is_no_call(practice):
    answer = said(practice, "is django overkill")
    assert answer.startswith("Django — Con") and "Heavier for small jobs" in answer, answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("help me pick: is keras performance rated high or very high??", "Performance: Keras vs. MXNet"),
        (
            "the team wants to train models across lots of servers at once. keras or mxnet?",
            "Recommendation: MXNet",
        ),
        ("we only have one cpu server, does mxnet even work there", "MXNet — Hardware and platforms"),
    ],
)
def test_help_in_a_sentence_and_servers_are_read_as_meant(pinned, question, expected):
    assert said(pinned, question).startswith(expected)


def test_help_alone_is_still_the_help(pinned):
    assert said(pinned, "help pls").startswith("Versus — help")


def test_a_question_for_figures_after_an_aspect_is_no_call_for_its_winner(practice):
    answer = said(practice, "which one has more github stars?", context="!compare security")
    assert "GitHub stars" in answer and "Django: roughly 80,000" in answer, answer


def test_a_rare_word_one_slip_from_a_name_is_that_name(practice):
    assert "Armin Ronacher" in said(practice, "who made flaks")


def test_what_a_library_does_may_be_several_facts(practice):
    answer = said(practice, "what does django protect you against by default?")
    assert "CSRF middleware" in answer and "clickjacking" in answer, answer


def test_ext_is_short_for_extension(practice):
    assert "Flask-Login" in said(practice, "which ext handles logins in flask?")


def test_lighter_is_a_word_of_small_things(practice):
    assert said(practice, "which one is lighter").startswith("Flask — A minimal application")


def test_a_toy_is_the_opposite_of_production_ready(practice):
    answer = said(practice, "is flask just a toy? can anyone run it in production for real")
    assert "either can power a production website" in answer, answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("which one is the ikea one where you assemble it yourself", "Flask — Con"),
        ("which one is the swiss army knife", "Built-in Features: Flask vs. Django"),
    ],
)
def test_common_analogies_for_assembly_and_everything_included(practice, question, expected):
    assert said(practice, question).startswith(expected)


def test_a_cue_word_the_answer_says_literally_asks_for_no_cons(practice):
    answer = said(practice, "which problem do flask and django both solve?")
    assert "turning HTTP requests into responses" in answer, answer
    assert said(practice, "and its weaknesses?", context="what are django's strengths").startswith(
        "Cons: Django"
    )


def test_thanks_holding_a_cue_word_is_still_thanks(practice):
    answer = said(practice, "thanks!! that was actually super helpful")
    assert not answer.startswith("Versus — help"), answer
    assert "welcome" in answer.lower() or "glad" in answer.lower(), answer


def test_a_whole_question_after_and_is_asked_on_its_own(practice):
    answer = said(practice, "and what is flask built on?", context="who maintains django")
    assert "Werkzeug" in answer, answer
    assert said(practice, "and flask?", context="who maintains django").startswith("Flask — Maintainer")


def test_a_label_before_a_quoted_claim_says_who_claims_it(practice):
    answer = said(practice, 'saw this on HN: "django is dying, nobody uses it anymore". is that right?')
    assert answer.startswith("Statistics: Django") and "40%" in answer, answer


def test_a_claim_pasted_in_a_code_block_is_checked(practice):
    answer = said(practice, "```\nFlask has no CSRF protection at all, never use it.\n```\nis this right??")
    assert "Flask-WTF" in answer, answer


def test_where_a_library_came_from_is_its_origin(practice):
    assert "Lawrence Journal-World" in said(practice, "where did django come from originally")


def test_an_example_after_a_kind_said_in_other_words_need_not_be_met(practice):
    answer = said(practice, "can flask use a document db like mongo instead of sql?")
    assert "document database" in answer, answer


def test_a_framing_phrase_names_no_topic(pinned):
    answer = said(pinned, "from a strategic POV, which one has the stronger ecosystem in one sentence?")
    assert answer.startswith("Ecosystem: Keras vs. MXNet"), answer


def test_a_value_prop_asks_for_strengths(pinned):
    assert said(pinned, "need the value prop of mxnet for a stakeholder deck").startswith("Pros: MXNet")


def test_their_way_around_with_no_answer_before_points_back_at_nothing(practice):
    answer = said(
        practice, "which framework makes it easier for new folks to find their way around a big codebase?"
    )
    assert "find their way" in answer, answer


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        (
            "spent the whole weekend wiring flask extensions together for logins and forms on our bakery "
            "site, so tired",
            "Flask — Extensions",
        ),
        (
            "our pottery club wants a members area and an admin back office for the kiln schedule",
            "Recommendation: Django",
        ),
    ],
)
def test_a_story_asking_nothing_is_answered_despite_the_tellers_own_words(practice, story, expected):
    assert said(practice, story).startswith(expected)


def test_a_verb_first_after_a_comma_still_asks(practice):
    assert said(practice, "background jobs in django, is celery included").startswith("Not covered")


def test_every_sentence_of_a_story_says_what_is_wanted(practice):
    answer = said(
        practice,
        "the pentest flagged our flask signup form for missing csrf protection. i honestly thought "
        "frameworks handled that automatically",
    )
    assert "Flask-WTF" in answer, answer


def test_a_story_ending_in_please_asks(pinned):
    answer = said(
        pinned, "long week, coffee machine broke, boss wants keras vs mxnet usage stats. just the numbers pls"
    )
    assert "64%" in answer and "21%" in answer, answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("my uncle keeps saying nobody uses django anymore lol", "Statistics: Django"),
        ("does flask ship with an orm or do i bolt one on", "Flask — What the core provides"),
        ("django templates: does it have its own?", "Django — MTV pattern"),
    ],
)
def test_everyday_wordings_of_usage_add_ons_and_a_labelled_topic(practice, message, expected):
    assert said(practice, message).startswith(expected)


def test_whether_a_library_has_a_thing_for_our_project_asks_for_no_advice(pinned):
    answer = said(pinned, "does mxnet have built-in hyperparameter search for our farm robot")
    assert answer.startswith("Not covered"), answer


def test_the_words_judging_a_claim_name_no_topic(pinned):
    answer = said(pinned, "my cousin says mxnet was made by apple. pretty sure thats wrong lol")
    assert "AWS" in answer, answer


def test_a_question_ending_in_then_is_about_the_last_answers_library(practice):
    answer = said(
        practice, "how do folks usually handle the csrf thing then", context="what are flask's weaknesses"
    )
    assert "Flask-WTF" in answer, answer


@pytest.mark.parametrize(
    ("context", "question", "expected"),
    [
        ("what is keras built on", "only tensorflow?", "Theano"),
        ("does mxnet support distributed training", "built in or some plugin?", "built-in support"),
    ],
)
def test_a_few_words_narrowing_the_last_answer_get_it_again(pinned, context, question, expected):
    assert expected in said(pinned, question, context=context)


def test_the_other_of_two_alternatives_need_not_be_met(practice):
    assert "signed" in said(practice, "are flask sessions secure or just plain cookies")
    assert said(practice, "does django support scala or java?").startswith("Not covered")


def test_a_library_against_the_other_one_is_both(pinned):
    answer = said(pinned, "keras github stars are crazy next to the other one")
    assert "100,000" in answer and "30,000" in answer, answer


def test_and_then_a_verb_and_it_opens_a_question_of_its_own(pinned):
    answer = said(pinned, "who makes mxnet, what languages does it support and does it run on fpga?")
    assert "AWS" in answer and "Julia" in answer and "FPGA" in answer, answer


def test_running_alone_is_asked_of_what_it_is_built_on(pinned):
    assert said(pinned, "can keras run standalone, without another framework?").startswith("Keras — Backends")


def test_a_phrase_the_asker_has_no_idea_about_is_the_topic(pinned):
    answer = said(
        pinned,
        "i keep seeing the phrase 'heterogeneous computing' next to mxnet and have no idea what that means",
    )
    assert answer.startswith("MXNet — Hardware and platforms"), answer


def test_works_with_asks_what_a_library_runs_on(pinned):
    assert said(pinned, "i heard keras only works with tensorflow, true?").startswith("Keras — Backends")


def test_one_file_is_no_word_for_structure(practice):
    answer = said(practice, "can i split a flask app across several files or must it stay one module?")
    assert "blueprints" in answer, answer


def test_advice_for_a_situation_gives_the_one_recommended_and_not_the_others_case(practice):
    answer = said(practice, "which one for a content-heavy magazine site with user accounts?")
    assert answer.startswith("Recommendation: Django"), answer
    assert "Choose Flask when" not in answer and "hand-pick every library" not in answer, answer
    depends = said(practice, "which one should i choose?")
    assert "Choose Flask when" in depends and "Choose Django when" in depends, depends


def test_when_to_pick_the_one_named_after_a_quote_about_the_other(pinned):
    answer = said(
        pinned,
        "> Keras is a great choice for people who want an easy interface\n\nwhen is mxnet the better pick?",
    )
    assert answer.startswith("Recommendation: MXNet"), answer


def test_who_made_a_library_is_its_own_passage_in_other_words(practice):
    answer = said(practice, "who are the creators of django")
    assert "Holovaty" in answer, answer


def test_a_question_said_again_after_i_mean_is_asked(practice):
    answer = said(
        practice, "bro flask vs django mana yang lebih populer? sorry i mean which one is more popular"
    )
    assert "40%" in answer, answer


def test_where_it_came_from_after_an_answer_is_its_origin_not_the_source(practice):
    answer = said(practice, "where did it come from originally?", context="tell me about django")
    assert "Lawrence Journal-World" in answer, answer


@pytest.mark.parametrize(
    "message",
    [
        "Is Django's ORM swappable for something else?",
        "i swapped the django orm and it fights me at every single step",
    ],
)
def test_everyday_words_for_swapping_and_going_against_the_grain(practice, message):
    assert said(practice, message).startswith("Django — Swapping core components")


def test_what_a_library_uses_for_a_thing_asks_for_no_advice(practice):
    answer = said(practice, "django has auth built in, fine. but what does flask use for logins then?")
    assert "Flask-Login" in answer and not answer.startswith("Recommendation"), answer


def test_the_other_alternative_may_take_a_few_more_words(pinned):
    answer = said(pinned, "does mxnet have distributed training built in or do i have to bolt it on myself")
    assert "built-in support for distributed training" in answer, answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "let me guess, flask security is 'basic' and django's is 'good luck'? lol",
            "Security: Flask vs. Django",
        ),
        ("numbers dont lie: django has more stars so it must be more popular", "Statistics"),
    ],
)
def test_set_phrases_of_banter_name_no_topic(practice, message, expected):
    assert said(practice, message).startswith(expected)


def test_a_wish_about_hardware_gathering_dust_asks_about_the_hardware(pinned):
    answer = said(
        pinned, "we have an fpga board gathering dust in the lab, would be nice if one of these could use it"
    )
    assert answer.startswith("MXNet — Hardware and platforms"), answer


def test_rate_limiting_is_a_thing_not_a_rating_or_a_con(practice):
    assert said(practice, "does django have built-in rate limiting?").startswith("Not covered")


def test_a_mention_typed_first_is_no_line_of_code(practice):
    answer = said(
        practice, "@Versus hey what is flask built on?? (asking for a friend)\n-- sent from my phone"
    )
    assert "Werkzeug" in answer, answer


def test_the_askers_own_things_are_no_topic_where_it_would_run_is(pinned, practice):
    answer = said(practice, "which one is more secure for the site of our parish?")
    assert answer.startswith("Security: Flask vs. Django"), answer
    assert said(pinned, "can i run my keras model on my android phone").startswith("Not covered")


def test_the_last_questions_verb_and_a_name_continue_it(pinned):
    assert said(pinned, "does keras?", context="does mxnet support fpga").startswith("Not covered")


def test_a_story_asking_for_the_ratings_gets_them_whatever_else_it_says(pinned):
    answer = said(pinned, "so done with googling this stuff. the ratings. every one of them. both libs.")
    assert "Very High" in answer and "Growing" in answer, answer


def test_words_about_the_askers_own_language_name_no_topic(practice):
    answer = said(
        practice, "confused what mean 'microframework' for flask, in my language this word not exist"
    )
    assert answer.startswith("Flask — What Flask is"), answer


def test_a_name_joined_to_a_librarys_is_a_thing_of_its_own(practice):
    answer = said(
        practice,
        "ModuleNotFoundError: No module named 'flask_wtf'\nwait do i even need flask-wtf? what is it for",
    )
    assert "Flask-WTF for forms" in answer, answer
    assert said(practice, "wtf is flask").startswith("About Flask")


def test_a_command_word_naming_nothing_after_an_answer_follows_it(pinned):
    answer = said(pinned, "cons too pls", context="keras pros?")
    assert answer.startswith("Cons: Keras") and "Steeper learning curve" not in answer, answer


def test_which_is_older_sets_both_dates_side_by_side(practice):
    answer = said(practice, "which is older")
    assert "2005" in answer and "2010" in answer, answer


def test_which_survey_asks_where_the_figures_come_from(practice):
    assert "JetBrains" in said(practice, "What survey are those popularity numbers from?")


def test_a_bare_which_is_bigger_asks_about_the_words_before_it(pinned):
    answer = said(pinned, "keras 🆚 mxnet ecosystem 👀👀 which is bigger")
    assert answer.startswith("Ecosystem: Keras vs. MXNet"), answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("django origin story? someone told me it came out of a newspaper", "Lawrence Journal-World"),
        (
            "i keep hearing the word 'microframework' next to flask and have no idea what that means",
            "microframework",
        ),
    ],
)
def test_an_origin_story_and_what_one_keeps_hearing(practice, message, expected):
    answer = said(practice, message)
    assert expected in answer and not answer.startswith("Not covered"), answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "For the benefit of the class, could you kindly state which languages MXNet supports, "
            "as described in the reference article?",
            "MXNet — Programming languages",
        ),
        (
            "Kindly advise whether MXNet outperforms PyTorch in the benchmarks referenced.",
            "Not in my knowledge base",
        ),
    ],
)
def test_formal_wordings_ask_what_they_ask(pinned, message, expected):
    assert said(pinned, message).startswith(expected)


def test_shouldnt_even_bother_is_no_call_for_cons(practice):
    answer = said(
        practice, "my uncle says django is way less popular than flask and i shouldn't even bother with it"
    )
    assert answer.startswith("Statistics"), answer


def test_used_way_more_asks_for_the_usage_figures(practice):
    answer = said(practice, "heard django gets used way more than flask but no idea by how much")
    assert "40%" in answer and "39%" in answer, answer


def test_by_how_much_after_a_comparison_the_figures_speak_to_gets_them(pinned):
    answer = said(pinned, "by how much?", context="which one has the larger community")
    assert "100,000" in answer and "30,000" in answer, answer
    faster = said(pinned, "by how much?", context="is mxnet faster than keras")
    assert "100,000" not in faster, faster


def test_a_struggling_learners_words_ask_about_the_learning_curve(practice):
    answer = said(practice, "a week into django and honestly overwhelmed by settings, apps, models and views")
    assert answer.startswith("Learning Curve") and "first days are harder" in answer, answer


@pytest.mark.parametrize(
    "message",
    ["who were the folks that built mxnet", "whats the name of the team who developed mxnet again"],
)
def test_the_one_that_made_it_asks_who(pinned, message):
    assert said(pinned, message).startswith("MXNet — Who develops it")


def test_a_story_wanting_a_name_gets_it_though_its_own_words_are_unmet(practice):
    answer = said(practice, "my grandpa keeps asking me about the guy who wrote flask")
    assert "Armin Ronacher" in answer, answer


def test_the_closest_named_is_the_asked_librarys_own_when_it_meets_the_question_in_part(pinned):
    answer = said(pinned, "does mxnet have pre-built CNNs")
    assert answer.startswith("Not covered") and "Closest it has: MXNet — con: Limited pre-built" in answer, (
        answer
    )
    followed = said(pinned, "and mxnet?", context="does keras have pre-built CNNs")
    assert "Closest it has: MXNet — con: Limited pre-built" in followed, followed


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("honestly is flask's security rly that bad", "Flask's Security rating: Basic"),
        ("what are the cons of django's flexibility", "Django's Flexibility rating: Fair"),
    ],
)
def test_an_aspect_judged_good_or_bad_gets_its_ratings_not_the_list_of_cons(practice, message, expected):
    assert expected in said(practice, message)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("someone told me django is insecure, is that true", "Django's Security rating: Strong"),
        ("is django inflexible", "Django's Flexibility rating: Fair"),
    ],
)
def test_an_aspect_named_by_the_word_for_its_lack_is_that_aspect(practice, message, expected):
    assert expected in said(practice, message)


def test_a_quote_then_and_the_other_asks_the_quotes_question_of_both(practice):
    answer = said(practice, "> django is used by 40% of python devs\nfor real? what about flask?")
    assert answer.startswith("Statistics") and "40%" in answer and "39%" in answer, answer


def test_a_choice_made_by_a_comparison_gets_that_comparison_with_the_sentence_that_answers(pinned):
    answer = said(pinned, "we'll just use whichever one has the bigger community")
    assert answer.startswith("Ecosystem") and "deep learning community" in answer, answer


def test_only_the_one_about_something_after_a_list_picks_that_item(practice):
    answer = said(practice, "just the one about extensions", context="pros of flask")
    assert "Rich extension ecosystem" in answer and "Small footprint" not in answer, answer


def test_is_it_just_me_checks_what_was_said_before_it(pinned):
    answer = said(pinned, "ngl mxnet code looks kinda verbose, is that just me")
    assert "more verbose than Keras" in answer, answer


def test_a_maker_named_for_the_wrong_library_gets_who_made_it_or_what_the_maker_made(pinned, practice):
    answer = said(pinned, "ngl i always thought aws built keras")
    assert "does not say this about Keras" in answer and "developed by AWS" in answer, answer
    corrected = said(practice, "did armin ronacher create django?")
    assert "Adrian Holovaty and Simon Willison" in corrected, corrected


@pytest.mark.parametrize(
    ("context", "message", "expected", "left_out"),
    [
        (
            "cons of flask",
            "which of those hurts big teams the most",
            "Inconsistent structure",
            "More assembly",
        ),
        ("pros of django", "narrow it down to the security one", "Secure defaults", "Batteries included"),
    ],
)
def test_words_narrowing_a_list_of_pros_or_cons_pick_the_item(practice, context, message, expected, left_out):
    answer = said(practice, message, context=context)
    assert expected in answer and left_out not in answer, answer


def test_only_on_something_after_a_comparison_gets_its_reasons(pinned):
    answer = said(pinned, "only on simple tasks", context="compare performance")
    assert answer.startswith("Performance") and "slightly better than MXNet in simple" in answer, answer


def test_a_letter_to_the_bot_asks_what_its_question_asks(practice):
    letter = (
        "Dear Versus,\n\nCould you kindly confirm which forms extension the article names for Flask?"
        "\n\nKind regards,\nJ. Mbeki\nDigital Services Unit"
    )
    assert "Flask-WTF" in said(practice, letter)


def test_whats_after_a_long_lead_in_and_a_colon_asks_on_its_own(practice):
    message = (
        "ok so context: my internship starts monday, two of the teams use django and one uses flask, "
        "my laptop fan sounds like a jet engine, anyway: whats django's architecture pattern called again"
    )
    assert "model-template-view" in said(practice, message)


@pytest.mark.parametrize(
    "message",
    [
        "heard keras with tensorflow beats mxnet on simple tasks",
        "does keras on tensorflow win against mxnet for simple networks",
    ],
)
def test_an_aspect_named_only_weakly_yields_to_the_aspect_whose_reasons_answer(pinned, message):
    answer = said(pinned, message)
    assert answer.startswith("Performance") and "slightly better than MXNet in simple" in answer, answer


def test_i_want_the_list_asks_for_the_whole_list_not_advice(practice):
    answer = said(practice, "people keep calling flask simple, i want the real cons list")
    assert answer.startswith("Cons: Flask") and "Inconsistent structure" in answer, answer


def test_a_thing_the_source_names_after_a_comparison_on_an_aspect_is_not_rated(practice):
    answer = said(practice, "and what about fastapi", context="compare them on flexibility")
    assert answer.startswith("Not covered") and "Flexibility ratings" in answer, answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("someone told me django started life at some newspaper, sounds made up", "Lawrence Journal-World"),
        (
            "for senior management: the relative security postures of the two frameworks, "
            "and the article's position on each",
            "The article rates Django higher on Security",
        ),
    ],
)
def test_sounds_made_up_judges_and_relative_compares(practice, message, expected):
    assert expected in said(practice, message)


def test_advice_for_a_story_says_what_the_source_says_of_the_library_that_fits_it(practice):
    answer = said(practice, "my boss saw django's admin in a demo and wants one for our staff tool next week")
    assert answer.startswith("Recommendation: Django") and "automatic admin interface" in answer, answer


def test_a_complaint_gets_the_cons(practice):
    answer = said(practice, "our flask repo is a nightmare, every dev lays out folders their own way")
    assert answer.startswith("Cons: Flask") and "Inconsistent structure" in answer, answer


def test_which_framework_after_a_preposition_asks_what_it_is_on_not_which_to_choose(pinned):
    assert said(pinned, "keras works on top of which framework exactly").startswith("Keras — Backends")


def test_ideally_is_a_wish_beside_a_request_for_figures(pinned):
    message = (
        "writing the related-work part of my report and I want to cite adoption numbers for both, "
        "ideally with the source"
    )
    answer = said(pinned, message)
    assert answer.startswith("Statistics") and "KDnuggets" in answer, answer


def test_a_cue_word_the_answer_says_asks_no_cons_whatever_the_story_around_it(practice):
    answer = said(practice, "still lost on the basic problem both of these frameworks solve tbh (pm here)")
    assert "HTTP requests" in answer and not answer.startswith("Cons"), answer


@pytest.mark.parametrize(
    ("engine_name", "message", "expected"),
    [
        (
            "pinned",
            "for hiring, which of the two has the bigger developer community",
            "deep learning community",
        ),
        (
            "practice",
            "we need staff logins and a back office, which framework has that built in",
            "auto-generated admin site",
        ),
    ],
)
def test_a_comparison_keeps_each_librarys_sentence_that_answers(request, engine_name, message, expected):
    assert expected in said(request.getfixturevalue(engine_name), message)


def test_a_usage_claim_then_sounds_sus_gets_the_figures(practice):
    answer = said(
        practice, "my friend keeps claiming django is used in like half of all python projects. sounds sus"
    )
    assert answer.startswith("Statistics") and "40%" in answer, answer


def test_a_note_for_an_aspect_is_its_rating(pinned):
    answer = said(pinned, "which note did mxnet get for ease of use? i saw 'high' somewhere")
    assert "MXNet's Ease of Use rating: High" in answer, answer


def test_who_made_a_thing_the_source_names_only_as_a_maker_is_not_covered(practice, pinned):
    answer = said(practice, "who started the pallets project")
    assert answer.startswith("Not covered") and "maintained by" not in answer, answer
    guessed = said(pinned, "assuming we end up on AWS anyway - which of these two was developed by AWS?")
    assert "MXNet" in guessed and "AWS" in guessed, guessed


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("my teammate insists basically nobody uses flask", "39%"),
        ("a teammate of mine says everybody uses django", "40%"),
    ],
)
def test_nobody_uses_it_asks_how_many_do(practice, message, expected):
    answer = said(practice, message)
    assert answer.startswith("Statistics") and expected in answer, answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("honestly dont get why anybody would touch django", "Pros: Django"),
        ("why do folks even like flask", "Pros: Flask"),
    ],
)
def test_why_anyone_would_use_it_asks_for_its_pros(practice, message, expected):
    assert said(practice, message).startswith(expected)


def test_hard_to_do_something_the_source_never_compares_is_no_call_for_cons(pinned):
    answer = said(pinned, "how hard is it to recruit keras people vs mxnet people, budget-wise?")
    assert answer.startswith("Unknown aspect") and "budget" in answer, answer


def test_the_second_thing_you_said_points_back_and_asks_nothing_of_its_own(practice):
    message = "the second thing you said, about django being opinionated - what does that mean in real life"
    answer = said(practice, message, context="compare them on flexibility")
    assert "Django is opinionated" in answer, answer


def test_words_quoted_from_the_source_ask_about_what_it_says_around_them(practice, pinned):
    answer = said(
        practice, 'what does the article mean by "FastAPI is gaining ground for API work", should i switch?'
    )
    assert answer.startswith("Statistics") and "remain the default choices" in answer, answer
    quoted = (
        '"don\'t require the latest and greatest in terms of performance or scalability" - which lib is that?'
    )
    assert said(pinned, quoted).startswith("Recommendation: Keras")


def test_the_person_behind_it_asks_who_not_which_to_choose(practice):
    answer = said(practice, "need the name of the person behind django for my talk tomorrow")
    assert "Adrian Holovaty" in answer and not answer.startswith("Conclusion"), answer


def test_narrowing_and_its_neighbours_keep_their_own_readings(pinned):
    listed = said(pinned, "give me the whole list of those cons", context="what are the cons of keras?")
    assert listed.startswith("Cons") and "Limited flexibility" in listed and "Limited support" in listed, (
        listed
    )
    assert said(pinned, "with which one can i deploy to mobile, keras or mxnet?").startswith("Recommendation")
    assert not said(pinned, "i feel uneasy about keras").startswith("Ease of Use")


def test_whose_baby_asks_who(pinned):
    assert "AWS" in said(pinned, "whose baby is mxnet anyway")


def test_which_state_is_that_in_after_an_answer_that_says_it_gets_that_answer(practice):
    answer = said(practice, "which state is that in", context="where did django come from")
    assert "Kansas" in answer, answer


def test_thanks_and_forms_of_address_in_other_languages(pinned, practice):
    assert said(pinned, "terima kasih bot, thanks a lot").startswith("Versus\n\nYou're welcome")
    answer = said(practice, "bhai does flask have csrf protection by default? my senior says yes")
    assert answer.startswith("Flask — CSRF protection"), answer


@pytest.mark.parametrize("message", ["eli5 pls", "can you dumb that down", "simpler pls"])
def test_asking_for_it_simpler_after_an_answer_explains_that_answer(practice, message):
    answer = said(practice, message, context="what's MTV in django")
    assert answer.startswith("Why: Django — MTV pattern") and "model-template-view" in answer, answer


def test_a_follow_up_asking_who_gets_no_other_librarys_maker(pinned):
    answer = said(pinned, "and keras, who made it?", context="mxnet was made by aws right?")
    assert answer.startswith("Not covered") and "developed by AWS" not in answer, answer


@pytest.mark.parametrize("message", ["salaam alaikum all 👋", "jambo everyone"])
def test_greetings_in_other_languages_are_greetings(pinned, message):
    assert said(pinned, message).startswith("Versus\n\nHi!")


def test_thanks_in_advance_after_a_request_is_no_question(pinned):
    answer = said(pinned, "scalability ratings for both plz 🙏 thx in advance")
    assert answer.startswith("Scalability"), answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Please teach me the flexibility rating of each framework. Sorry for my poor English.",
            "Flexibility",
        ),
        (
            "I keep reading that Flask sits on top of some other toolkits, but the names escape me.",
            "Flask — What",
        ),
    ],
)
def test_an_apology_or_a_slip_of_memory_names_no_topic(practice, message, expected):
    assert said(practice, message).startswith(expected)


@pytest.mark.parametrize(
    "message",
    [
        "flask is like a bag of lego bricks and django is like a finished dollhouse, right?",
        "django = cruise ship, flask = canoe",
        "is flask basically a pocket knife and django a whole toolbox?",
    ],
)
def test_libraries_likened_to_other_things_get_what_each_is(practice, message):
    answer = said(practice, message)
    assert "microframework" in answer and "batteries-included" in answer, answer


@pytest.mark.parametrize(
    "message", ["describe both frameworks", "tell me about the two of them", "tell me about each one"]
)
def test_both_libraries_asked_about_at_once_get_what_each_is(practice, message):
    answer = said(practice, message)
    assert "microframework" in answer and "batteries-included" in answer, answer


@pytest.mark.parametrize(
    "message", ["is django basically dead?", "django is opinionated, flask is flexible. true?"]
)
def test_a_claim_about_a_library_is_no_likening(practice, message):
    assert not said(practice, message).startswith(
        "Flask vs. Django: Python Web Frameworks\n\nFlask and Django are"
    )


@pytest.mark.parametrize("message", ["good morning from Chennai!", "hi all, greetings from the UK 👋"])
def test_a_greeting_saying_where_the_greeter_is_is_a_greeting(pinned, message):
    assert said(pinned, message).startswith("Versus\n\nHi!")


def test_a_claim_that_one_came_out_before_the_other_gets_both_dates(practice):
    answer = said(practice, "someone told me django was publicly released before flask, is that right?")
    assert "2005" in answer and "2010" in answer, answer


def test_cap_or_no_cap_checks_the_claim_before_it(practice):
    answer = said(practice, "my teammate swears a flask app fits in a handful of lines. cap or no cap?")
    assert "five lines" in answer, answer


def test_asking_if_ones_struggle_is_normal_asks_about_the_struggle(practice):
    message = (
        "two days learning settings, apps, models and url confs, nothing shipped 😭 "
        "is that normal or am i dumb"
    )
    answer = said(practice, message)
    assert answer.startswith("Learning Curve") and "Steep" in answer, answer


def test_each_stamped_line_of_a_chat_log_is_said_on_its_own(practice):
    message = (
        "[14:01] <ana> ok so backstory: standup was chaos lol\n"
        "[14:02] <ana> PM wants an admin panel by monday\n"
        "[14:02] <ana> does django give you admin out of the box or nah"
    )
    answer = said(practice, message)
    assert answer.startswith("Django — Admin site"), answer


def test_asking_if_a_library_gives_one_is_about_what_was_just_named(practice):
    answer = said(
        practice, "PM wants a back-office admin by thursday 😬 does django just give you one for free?"
    )
    assert "automatic admin interface" in answer, answer


def test_a_library_called_by_what_the_source_says_of_it_alone(pinned, practice):
    answer = said(pinned, "and the aws one?", context="how many github stars does keras have")
    assert "30,000" in answer, answer
    assert said(practice, "pros of the pallets one").startswith("Pros: Flask")


def test_even_for_a_case_the_aspects_reasons_name_is_more_on_that_aspect(pinned):
    answer = said(pinned, "even for simple models?", context="which one performs better?")
    assert answer.startswith("Performance") and "simple deep learning tasks" in answer, answer


def test_explain_like_im_someone_names_no_topic(pinned):
    assert said(pinned, "what even is mxnet, explain like im a plumber").startswith("About MXNet")


def test_a_whole_question_after_a_short_lead_in_about_something_else(pinned):
    answer = said(pinned, "anyway before i patch this, does mxnet support julia?")
    assert "Julia" in answer and not answer.startswith("Not covered"), answer


def test_a_guess_at_who_said_as_it_was_gets_who_did(pinned):
    answer = said(pinned, "> anybody know who made mxnet\n> pretty sure it was google\nis that true??")
    assert "developed by AWS" in answer, answer


def test_a_form_of_address_in_another_language_names_no_topic(practice):
    answer = said(practice, "wey the Django is more secure than the Flask, no?")
    assert answer.startswith("Security"), answer


def test_a_bare_choice_after_a_situation_told_asks_for_advice(practice):
    message = "weekend hack, a tiny API prototype, solo dev, zero budget. django or flask"
    assert said(practice, message).startswith("Recommendation: Flask")


def test_which_of_the_two_has_a_thing_gets_each_librarys_fact_on_it(practice):
    message = (
        "our auditor checks every form for cross-site request forgery. which of the two has that covered?"
    )
    answer = said(practice, message)
    assert "Flask-WTF" in answer and "CSRF middleware" in answer, answer


def test_a_complaint_told_that_is_one_librarys_con_gets_the_others_pro_too(practice):
    answer = said(
        practice, "so sick of wiring login, migrations and admin pages together by hand on every project"
    )
    assert "More assembly required" in answer and "Batteries included" in answer, answer


def test_praise_said_sarcastically_is_a_complaint(practice):
    answer = said(
        practice,
        "love spending my whole saturday reading changelogs of five extensions just to upgrade them 🙃",
    )
    assert answer.startswith("Cons"), answer


def test_is_it_possible_after_a_long_want_asks_about_that_want(pinned):
    message = (
        "in the lab we have one small GPU and one FPGA board and we want to use both of them in the same "
        "model at the same time. is that possible with either?"
    )
    assert "heterogeneous" in said(pinned, message)


def test_a_bare_thoughts_after_a_situation_asks_about_all_of_it(pinned):
    message = (
        "Our director does not want us chasing bleeding-edge speed. "
        "We need a simple model we can maintain. Thoughts?"
    )
    assert said(pinned, message).startswith("Recommendation: Keras")


def test_a_question_of_what_one_library_does_gets_its_fact_before_advice(pinned):
    assert said(pinned, "mxnet works with FPGAs or only gpus?").startswith("MXNet — Hardware and platforms")


def test_thanks_then_where_it_is_written_asks_for_the_source(practice):
    answer = said(
        practice,
        "Thanks a lot. Where in the article is that written?",
        context="which one for a big news site?",
    )
    assert answer.startswith("Source"), answer


def test_excuse_me_names_no_topic(practice):
    answer = said(practice, "Excuse me, how many GitHub stars each framework has?")
    assert "80,000" in answer and "68,000" in answer, answer


def test_what_is_it_ends_at_a_comma(pinned):
    assert said(pinned, "what even is keras, first time hearing about it").startswith("About Keras")


def test_a_figure_compared_with_one_library_named_gets_both_figures(pinned):
    answer = said(pinned, "people say keras is everywhere. does it actually have more users?")
    assert "64%" in answer and "21%" in answer, answer


def test_a_claim_told_somewhere_starts_after_that(practice):
    message = "My colleague told me at the vending machine that Django was made at a newspaper. is it true?"
    assert "Journal-World" in said(practice, message)


def test_an_item_of_the_last_list_picked_by_its_place(pinned):
    answer = said(pinned, "the last one of those, what does it mean?", context="what are keras's pros?")
    assert answer.startswith("Keras — Pro") and "multiple backends" in answer, answer


def test_is_this_expected_or_are_we_doing_something_wrong_checks_the_story(pinned):
    message = (
        "We tried to scale our Keras model across the whole HPC cluster and it was painful. "
        "Is this expected behaviour, or are we doing something wrong?"
    )
    assert "distributed" in said(pinned, message)


def test_which_one_is_maintained_by_a_maker_named_gets_that_maker(practice):
    answer = said(practice, "which of the two is maintained by the Django Software Foundation?")
    assert answer.startswith("Django — Maintainer"), answer


def test_what_do_i_tell_him_after_a_story_asks_about_all_of_it(pinned):
    message = (
        "long story. my manager wants huge models that MUST scale over the whole compute cluster, "
        "and he wants to mix different accelerators. what do i tell him"
    )
    answer = said(pinned, message)
    assert "MXNet" in answer and ("distributed" in answer or "heterogeneous" in answer), answer


def test_which_fits_our_situation_asks_about_the_situation_told(pinned):
    message = (
        "Our old billing chain is written in R and some C++. Nobody approved a rewrite. "
        "Please advise which of the two would fit our situation."
    )
    assert said(pinned, message).startswith("MXNet — Programming languages")


def test_is_it_the_framework_or_is_it_him_checks_the_story(practice):
    message = (
        "our intern spent 3 days on settings, apps, models, views and url config. "
        "is it the framework or is it him"
    )
    assert "must understand settings" in said(practice, message)


def test_a_likening_ends_where_the_other_library_is_named(pinned):
    answer = said(pinned, "so keras is like lego bricks and mxnet is carving your own wood? fair or nonsense")
    assert "high-level neural networks API" in answer and "flexible" in answer, answer


def test_constructed_over_asks_what_it_is_built_on(practice):
    assert said(practice, "Flask is constructed over which toolkit?").startswith(
        "Flask — What it is built on"
    )


def test_a_cue_word_about_something_else_is_no_cue(pinned):
    answer = said(pinned, "how do i make a pivot table in excel, my boss needs it now")
    assert "High" not in answer and "Extensive" not in answer, answer


def test_thanks_for_your_help_yesterday_is_thanks(practice):
    assert said(practice, "Good evening, and thank you kindly for your help yesterday.").startswith("Versus")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("my cousin says django was made at microsoft, true?", "Journal-World"),
        ("who is behind mxnet, meta or google? my lead says google", "developed by AWS"),
    ],
)
def test_makers_guessed_at_or_one_or_the_other_get_who_made_it(practice, pinned, message, expected):
    engine = practice if "django" in message else pinned
    assert expected in said(engine, message)


def test_advice_not_needing_what_the_source_says_in_other_words_votes_for_it(pinned):
    answer = said(pinned, "for a small model where we dont need cutting edge perf or scaling, which one?")
    assert answer.startswith("Recommendation: Keras"), answer


def test_which_one_would_that_be_points_at_the_sentence_before(pinned):
    message = (
        "My lead says we should take the library with the more mature ecosystem. Which one would that be?"
    )
    answer = said(pinned, message)
    assert "Extensive" in answer, answer


def test_a_few_words_and_please_ask_for_them(pinned):
    assert "100,000" in said(pinned, "how big is the keras community really? numbers pls")


def test_laughter_ends_the_question_before_a_remark(pinned):
    assert said(pinned, "what even is keras lol never heard of it").startswith("About Keras")


def test_why_the_claimant_believes_a_whole_claim_is_not_asked(practice, pinned):
    answer = said(practice, "my teacher says django is newer than flask bc it has way more features. true??")
    assert "2005" in answer and "2010" in answer, answer
    answer = said(
        pinned, "my coworker says mxnet has more github stars than keras because amazon pushes it. true?"
    )
    assert "100,000" in answer and "30,000" in answer, answer


def test_a_part_not_covered_is_said_beside_the_part_answered(practice):
    answer = said(practice, "what licence is flask under? can we ship it inside our paid app")
    assert "doesn't cover" in answer, answer


@pytest.mark.parametrize(
    "message",
    [
        "someone on reddit said keras can't use more than one gpu. fact check?",
        "My professor claims Keras can't use multiple GPUs. Is this statement supported by the article?",
    ],
)
def test_fact_check_and_is_this_supported_check_the_claim(pinned, message):
    assert "multiple GPUs" in said(pinned, message)


def test_things_lying_around_from_an_old_project_guess_no_maker(pinned):
    message = (
        "we have a few FPGAs lying around in the lab from an old project. would mxnet even run on those?"
    )
    assert said(pinned, message).startswith("MXNet — Hardware and platforms")


def test_a_newsroom_is_a_newspaper(practice):
    assert "Journal-World" in said(practice, "which of these two was born in a newsroom?")


@pytest.mark.parametrize(
    "message",
    [
        "django has about 40% of respondents. says who?",
        "> about 39% of respondents use Flask\nsource??",
        "where does that 39% figure for flask come from?",
    ],
)
def test_the_source_of_a_figure_said_before_is_asked(practice, message):
    assert "Python Software Foundation and JetBrains" in said(practice, message)


def test_which_ones_asks_for_each_thing_the_sentence_before_names(practice):
    answer = said(practice, "> django turns on several protections by default\nwhich ones exactly")
    assert "CSRF" in answer and "clickjacking" in answer, answer


def test_list_all_asks_for_each_fact(practice):
    answer = said(practice, "list all the protections django turns on by default")
    assert "CSRF" in answer and "clickjacking" in answer, answer


def test_what_does_that_stand_for_explains_what_was_just_said(practice):
    answer = said(practice, "whats that stand for", context="django uses the MTV pattern")
    assert "model-template-view" in answer, answer


def test_a_claim_of_the_years_each_came_out_gets_both_dates(practice):
    answer = said(practice, "so flask came out in 2005 and django in 2010, yes?")
    assert "2005" in answer and "2010" in answer, answer


def test_what_a_safer_one_is_wanted_for_is_no_aspect_of_its_own(practice):
    answer = said(practice, "which one is safer for storing our users' data, flask or django?")
    assert "not an aspect" not in answer and "Django" in answer, answer


def test_switching_topic_names_no_topic(pinned):
    answer = said(pinned, "switching topic, what does mxnet offer that helps with complex models?")
    assert "automatic differentiation" in answer, answer


def test_the_things_the_article_compares_them_on_are_its_aspects(pinned):
    answer = said(pinned, "which criteria does the article compare them on?")
    assert "not an aspect" not in answer, answer
    assert all(aspect in answer for aspect in ("Performance", "Scalability", "Ease of Use", "Ecosystem")), (
        answer
    )


def test_letters_without_an_accent_to_drop_are_folded():
    from bot.core.text import normalise

    assert normalise("Łódź, Straße, Ørsted") == "lodz strasse orsted"


def test_a_bare_choice_between_the_story_and_an_afterthought_asks_for_advice(practice):
    answer = said(
        practice,
        "the climbing club only needs one tiny API endpoint for the opening hours."
        " flask or django? no overkill pls",
    )
    assert answer.startswith("Recommendation: Flask"), answer


def test_a_compliment_naming_who_the_asker_works_with_is_chat(pinned):
    answer = said(pinned, "haha ur smarter than my cofounder")
    assert "not in my knowledge base" not in answer.lower(), answer


def test_what_one_always_wanted_said_sarcastically_asks_nothing(practice):
    answer = said(
        practice,
        "oh joy, a framework that decides everything for me. just what i always wanted."
        " looking at you django",
    )
    assert "decides for you" in answer, answer


def test_a_good_fit_for_that_asks_of_the_situation_just_told(practice):
    answer = said(
        practice,
        "we want to deploy our ticket scanner as serverless functions. is flask a good match for that?",
    )
    assert "serverless functions" in answer, answer


def test_what_that_points_at_is_no_aspect_compared_on(practice):
    answer = said(
        practice,
        "our platform team ships lots of small microservices for porting and sms."
        " which framework fits that style better?",
    )
    assert "not an aspect" not in answer and "Flask" in answer, answer


def test_what_another_library_uses_for_those_asks_the_last_question_of_it(practice):
    answer = said(
        practice,
        "and what would i use in flask for those?",
        context="django has an ORM and migrations built in",
    )
    assert "Flask-Migrate" in answer, answer


@pytest.mark.parametrize("question", ["keras release year?", "mxnet release date pls"])
def test_a_release_date_the_article_lacks_is_not_covered(pinned, question):
    answer = said(pinned, question)
    assert "doesn't cover" in answer and "64%" not in answer, answer


def test_another_thing_the_last_fact_never_says_is_not_covered(pinned):
    answer = said(pinned, "and what about ASICs?", context="MXNet runs on CPU, GPU and FPGA")
    assert "doesn't cover" in answer and "asics" in answer.lower(), answer


def test_a_bare_figure_follow_up_after_a_fact_asks_for_the_figures(practice):
    answer = said(practice, "how many stars?", context="who created flask?")
    assert "68,000" in answer, answer


def test_cards_a_library_runs_on_are_hardware(pinned):
    answer = said(pinned, "which one can actually run on the FPGA cards we already have?")
    assert answer.startswith("MXNet — Hardware and platforms"), answer


def test_what_one_does_not_want_to_have_to_do_is_wanted_absent(pinned):
    answer = said(
        pinned, "which one does distributed training by itself so we don't have to bolt Spark onto it?"
    )
    assert answer.startswith("MXNet — Distributed training"), answer


def test_what_it_gives_after_a_fact_about_a_named_thing_is_that_fact(practice):
    answer = said(
        practice, "what does it give me", context="does django have something for building REST APIs?"
    )
    assert "serializers" in answer, answer
    assert said(practice, "what does it do", context="who created flask?").startswith("About Flask")


def test_advice_on_a_name_the_article_never_uses_is_not_covered(pinned):
    answer = said(pinned, "which one has a built-in CTC loss?")
    assert "don't have anything on “ctc”" in answer and "recommends" not in answer, answer


def test_a_name_of_the_askers_own_before_the_advice_asked_is_no_topic(pinned):
    answer = said(pinned, "que onda, mxnet is good only for big projects or also for complex models?")
    assert "complex models" in answer, answer


def test_who_made_a_library_after_another_question_is_asked_on_its_own(pinned):
    answer = said(
        pinned, "fine, then just tell me who developed MXNet", context="Which one costs less on AWS?"
    )
    assert answer.startswith("MXNet — Who develops it") and "AWS" in answer, answer


def test_them_after_another_librarys_feature_asks_the_last_question_of_this_one(practice):
    answer = said(practice, "does flask have them?", context="Django ships an admin and user accounts.")
    assert not answer.startswith("About Flask") and "by hand" in answer, answer


def test_an_equivalent_compares_on_what_follows_it(practice):
    answer = said(practice, "what's the flask equivalent for the migrations part")
    assert "Flask-Migrate" in answer and "doesn't cover" not in answer, answer


def test_what_the_article_talks_about_is_no_topic(practice):
    answer = said(practice, "is the CSRF thing the article talks about on in flask?")
    assert answer.startswith("Flask — CSRF protection") and "Flask-WTF" in answer, answer


def test_what_the_library_advised_comes_with_is_asked_of_it(practice):
    answer = said(practice, "does it come with an admin?", context="which one for a tiny microservice?")
    assert "by hand" in answer and "recommends" not in answer, answer


@pytest.mark.parametrize(
    ("comparison", "context", "question", "expected"),
    [
        ("practice", "Flask is built on Werkzeug.", "what kind of library is that?", "WSGI"),
        ("pinned", "Can Keras train on several machines?", "using what exactly?", "Spark"),
    ],
)
def test_that_or_exactly_after_a_fact_asks_what_the_fact_says(
    request, comparison, context, question, expected
):
    answer = said(request.getfixturevalue(comparison), question, context=context)
    assert expected in answer, answer


def test_a_figure_written_with_a_k_is_the_articles_figure(practice):
    answer = said(practice, "where does the 80k stars number come from?")
    assert "GitHub stars" in answer and "don't have anything" not in answer, answer
    claimed = said(practice, "pretty sure it said django ~80k stars and flask ~50k? double checking flask")
    assert "68,000" in claimed and "doesn't cover" not in claimed, claimed


def test_wanting_to_know_a_thing_after_an_address_asks_it(practice):
    answer = said(practice, "Please my brother, I want to know the GitHub stars for both of them, I beg")
    assert "80,000" in answer and "68,000" in answer, answer


def test_needing_to_know_before_a_meeting_tells_when(pinned):
    answer = said(pinned, "WHICH ONE SCALES BETTER KERAS OR MXNET I NEED TO KNOW BEFORE THE MEETING AT 3PM")
    assert answer.startswith("Scalability: Keras vs. MXNet"), answer


def test_a_reason_keeps_the_sentence_saying_when_its_library_wins(pinned):
    answer = said(pinned, "keras beats mxnet on speed everywhere, right?")
    assert "slightly better than MXNet in simple" in answer, answer
    assert "better choice for large-scale distributed training" in answer, answer


def test_one_or_the_other_out_of_the_blue_gets_the_conclusion(pinned):
    answer = said(pinned, "mxnet or keras??")
    assert answer.startswith("Conclusion") and "Choose MXNet when" in answer, answer


def test_which_one_is_it_after_a_quote_asks_the_quotes_question(pinned):
    answer = said(
        pinned,
        "> my lead: just say which one has more github stars, no details\n"
        "really helpful as always 🙄 so which one is it",
    )
    assert "100,000" in answer, answer


def test_a_library_the_article_lacks_is_what_the_whole_message_asks_about(practice):
    answer = said(practice, "what about Bottle, how does it compare to these two?")
    assert "don't have anything on “bottle”" in answer and "Gentle" not in answer, answer


def test_a_sentence_of_words_saying_nothing_alone_does_not_answer_the_message(practice):
    answer = said(practice, "what's the LTS support window for django, how many years do we get?")
    assert "doesn't cover" in answer and "2005" not in answer, answer


def test_a_word_the_source_says_otherwise_is_no_guess_at_an_owner(pinned):
    answer = said(pinned, "our lead claims mxnet is a dying project")
    assert "growing rapidly" in answer and "developed by AWS" not in answer, answer


def test_what_is_done_to_a_thing_is_wanted_absent_not_the_thing(pinned):
    answer = said(pinned, "honestly I don't want to compute gradients by hand with mxnet")
    assert answer.startswith("MXNet — Automatic differentiation"), answer


def test_a_thing_wanted_absent_right_after_no_meets_no_passage_saying_it(practice):
    answer = said(practice, "2 devs, need a tiny api by monday. no admin panel, no nothing. which one")
    assert answer.startswith("Recommendation: Flask"), answer


def test_an_everyday_word_written_as_a_name_after_what_about_is_that_name(pinned):
    answer = said(pinned, "what about Go?", context="which programming languages does MXNet support?")
    assert "doesn't cover" in answer and "Julia" not in answer, answer


def test_and_for_a_thing_after_a_fact_asks_what_the_library_uses_for_it(practice):
    answer = said(
        practice, "ok and for csrf?", context="Flask uses extensions like Flask-Login and Flask-Migrate."
    )
    assert answer.startswith("Flask — CSRF protection") and "Flask-WTF" in answer, answer


@pytest.mark.parametrize("question", ["like what?", "ok for example?"])
def test_like_what_after_a_fact_asks_for_the_facts_details(pinned, question):
    answer = said(pinned, question, context="mxnet has a few features for complex models")
    assert "automatic differentiation" in answer, answer


def test_a_library_for_another_is_no_guess_at_who_makes_it(practice):
    answer = said(practice, "any decent GraphQL library for flask?")
    assert "doesn't cover" in answer and "Ronacher" not in answer, answer


def test_a_formal_request_to_confirm_checks_the_claim_before_it(pinned):
    answer = said(
        pinned,
        "I was told that MXNet can only be used from Python. "
        "Would you kindly confirm or correct this assertion?",
    )
    assert answer.startswith("MXNet — Programming languages") and "Julia" in answer, answer


def test_which_can_handle_this_asks_of_the_wish_just_told(pinned):
    answer = said(
        pinned, "we need CPUs and GPUs working on the same network at once. which of the two can handle this?"
    )
    assert "heterogeneous" in answer, answer


def test_the_equivalent_after_a_quote_asks_of_the_quote(practice):
    answer = said(practice, "> Flask-Login for sessions\nso what is the django counterpart")
    assert "Django — What ships in the box" in answer and "doesn't cover" not in answer, answer


def test_a_judging_word_then_why_asks_why_of_the_last_answer(practice):
    answer = said(practice, "a bit harsh? why", context="what's django's flexibility rating?")
    assert answer.startswith("Why: Flexibility") and "opinionated" in answer, answer


def test_this_after_pasted_code_is_the_code(practice):
    answer = said(
        practice,
        "```python\nfrom flask import Flask\napp = Flask(__name__)\n```\n"
        "is that really enough to start an app?",
    )
    assert answer.startswith("Flask — A minimal application"), answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("i use Jupyter, which one is easier for a beginner?", "Recommendation: Keras"),
        ("we use Postgres and Docker, which would you recommend for a beginner?", "Recommendation: Keras"),
    ],
)
def test_a_name_of_the_askers_setup_is_no_topic_of_the_advice(pinned, question, expected):
    answer = said(pinned, question)
    assert answer.startswith(expected), answer


@pytest.mark.parametrize("question", ["what is this bot?", "what? that's wrong"])
def test_that_or_this_beside_other_words_is_not_the_last_fact_again(practice, question):
    answer = said(practice, question, context="who maintains django?")
    assert "Django Software Foundation" not in answer, answer

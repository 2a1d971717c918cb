"""Gaps as a server admin and a knowledge author see them: paraphrases grouped into one topic
with a count and an example, the same on every run; answers ranked by 👎; reports that fit
Discord and cannot ping or break markdown; and what is kept, for how long."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.answer import CONTENT_LIMIT, AnswerKind
from bot.core.gaps import (
    MAX_PER_SERVER,
    AnswerVotes,
    Gap,
    UnansweredQuestion,
    group_gaps,
    is_gap,
    most_disliked,
    render_discord,
    render_text,
    retain,
)

TPU = ["does mxnet support tpus", "mxnet tpu support?", "can mxnet run on a TPU", "Does MXNet support TPUs?"]
UNRELATED = ["what license is keras under", "how do I install mxnet on windows", "who maintains keras today"]
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_paraphrases_are_one_topic_and_unrelated_questions_stay_apart():
    gaps = group_gaps(TPU + UNRELATED + ["keras license?"])
    assert gaps[0] == Gap(
        4,
        "Does MXNet support TPUs?",  # the most asked wording; on a tie, the first in code-point order
        (
            "Does MXNet support TPUs?",
            "can mxnet run on a TPU",
            "does mxnet support tpus",
            "mxnet tpu support?",
        ),
    )
    assert gaps[1] == Gap(2, "keras license?", ("keras license?", "what license is keras under"))
    assert [(g.count, g.example) for g in gaps[2:]] == [
        (1, "how do I install mxnet on windows"),
        (1, "who maintains keras today"),
    ]


def test_the_most_asked_topic_comes_first_and_counts_every_asking():
    gaps = group_gaps(TPU + ["keras license"] * 4 + ["what license does keras have"])
    assert [(g.count, g.example) for g in gaps] == [(5, "keras license"), (4, "Does MXNet support TPUs?")]
    assert gaps[0].texts == ("keras license", "what license does keras have")


def test_a_bare_name_does_not_swallow_specific_questions():
    gaps = group_gaps(["mxnet?"] * 5 + ["mxnet tpu support"])
    assert [(g.count, g.example) for g in gaps] == [(5, "mxnet?"), (1, "mxnet tpu support")]


def test_grouping_is_the_same_whatever_the_order():
    questions = TPU * 2 + UNRELATED + ["keras license?", "is mxnet still maintained", "mxnet maintainers"]
    expected = group_gaps(questions)
    shuffled = questions[:]
    for seed in range(20):
        random.Random(seed).shuffle(shuffled)
        assert group_gaps(shuffled) == expected


def test_questions_without_words_are_no_topic():
    assert group_gaps(["???", "", "  ", "🤔"]) == ()
    assert group_gaps(["what is it?", "what is it"]) == (Gap(2, "what is it", ("what is it", "what is it?")),)


@pytest.mark.parametrize(
    ("kind", "gap"),
    [
        (AnswerKind.NOT_FOUND, True),
        (AnswerKind.NOT_COVERED, True),
        (AnswerKind.OFF_TOPIC, False),
        (AnswerKind.PROS, False),
    ],
)
def test_only_honest_not_in_my_knowledge_answers_are_gaps(kind, gap):
    assert is_gap(kind) is gap


def test_most_disliked_answers_first_and_only_those_with_a_down_vote():
    votes = [
        AnswerVotes("pros", "keras", up=9, down=1),
        AnswerVotes("comparison", "ease-of-use", up=2, down=7),
        AnswerVotes("stats", "", up=4, down=0),
        AnswerVotes("about", "mxnet", up=0, down=7),
    ]
    assert [(v.kind, v.down) for v in most_disliked(votes)] == [("about", 7), ("comparison", 7), ("pros", 1)]


def test_the_terminal_report_lists_topics_and_answers():
    report = render_text(
        group_gaps([*TPU, "keras license"]), most_disliked([AnswerVotes("pros", "keras", 1, 3)])
    )
    assert report.splitlines() == [
        "Unanswered topics (last 30 days)",
        "  1.    4×  Does MXNet support TPUs? (+3 other wordings)",
        "  2.    1×  keras license",
        "",
        "Answers with the most 👎",
        "  1. 👎 3  👍 1  pros: keras",
    ]
    assert render_text((), ()).splitlines() == [
        "Unanswered topics (last 30 days)",
        "     none",
        "",
        "Answers with the most 👎",
        "     none",
    ]


def test_the_terminal_report_shows_no_escape_sequences_and_counts_what_it_leaves_out():
    gaps = [Gap(20 - i, f"question {i}\x1b[2J\u202e\nnext line", (f"question {i}",)) for i in range(12)]
    report = render_text(gaps, ())
    assert "\x1b" not in report and "\u202e" not in report
    assert "  1.   20×  question 0[2J next line" in report.splitlines()
    assert "     … and 2 more topics" in report.splitlines()


def test_the_discord_report_quotes_members_safely():
    hostile = ["@everyone does **mxnet** support <@123> tpus", "@everyone does **mxnet** support <@123> tpus"]
    report = render_discord(group_gaps(hostile), most_disliked([AnswerVotes("pros_and_cons", "keras", 0, 2)]))
    assert report.splitlines() == [
        "**Most asked unanswered topics** (last 30 days)",
        "1. **2×** “@\u200beveryone does \\*\\*mxnet\\*\\* support <@\u200b123> tpus”",
        "",
        "**Answers with the most 👎**",
        "1. 👎 2 · 👍 0 — pros\\_and\\_cons: keras",
    ]
    assert "@everyone" not in report and "<@123>" not in report


def test_the_discord_report_says_when_there_is_nothing():
    assert render_discord((), ()) == "No unanswered questions in the last 30 days.\n\nNo 👎 on any answer."


def test_the_discord_report_fits_one_message_and_counts_what_it_leaves_out():
    gaps = [Gap(1000 - i, "why " + "x" * 500 + str(i), ("a", "b")) for i in range(300)]
    votes = [AnswerVotes("comparison", "y" * 300 + str(i), 0, 500 - i) for i in range(300)]
    report = render_discord(gaps, votes, shown=300)
    assert len(report) <= CONTENT_LIMIT
    assert "… and " in report.split("\n\n")[0] and "… and " in report.split("\n\n")[1]
    shown_topics = sum(line[:1].isdigit() for line in report.split("\n\n")[0].splitlines())
    assert report.split("\n\n")[0].endswith(f"… and {300 - shown_topics} more")
    assert 5 <= shown_topics < 300


def test_the_discord_report_lists_the_first_ten_by_default():
    report = render_discord([Gap(1, f"q{i}", (f"q{i}",)) for i in range(15)], ())
    assert "10. **1×** “q9”" in report and "q10" not in report and "… and 5 more" in report


def ago(**delta: float) -> datetime:
    return NOW - timedelta(**delta)


def test_retention_drops_questions_older_than_30_days():
    kept = UnansweredQuestion(1, "kept", ago(days=30))
    old = UnansweredQuestion(1, "old", ago(days=30, seconds=1))
    dm = UnansweredQuestion(None, "in a DM", ago(days=2))
    assert retain([old, kept, dm], NOW) == (kept, dm)


def test_retention_keeps_the_newest_500_per_server():
    busy = [UnansweredQuestion(1, f"q{i}", ago(minutes=i)) for i in range(MAX_PER_SERVER + 20)]
    quiet = [UnansweredQuestion(2, "quiet", ago(days=29))]
    shuffled = busy + quiet
    random.Random(0).shuffle(shuffled)
    kept = retain(shuffled, NOW)
    assert sorted(q.text for q in kept if q.guild_id == 1) == sorted(f"q{i}" for i in range(MAX_PER_SERVER))
    assert [q for q in kept if q.guild_id == 2] == quiet
    assert list(kept) == [q for q in shuffled if q in kept]  # input order kept

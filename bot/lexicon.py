"""Generic English: how people ask for pros, statistics, a recommendation, and the filler
words that carry no topic. Nothing here names a library or an aspect — those live in the
knowledge files.
"""

from __future__ import annotations

from enum import StrEnum

from bot.text import stem

# Words joining two names in a comparison: `compare keras vs mxnet`.
CONNECTIVES = ("vs", "versus", "v", "against", "compared")


class Cue(StrEnum):
    """Generic ways of asking; found by phrase in the question."""

    PROS = "pros"
    CONS = "cons"
    STATS = "stats"
    CONCLUSION = "conclusion"
    TABLE = "table"
    RECOMMEND = "recommend"
    RATING = "rating"
    HELP = "help"


# Comma-separated phrases per cue, matched after stemming ("advantages" finds "advantage").
CUE_PHRASES: dict[Cue, str] = {
    Cue.PROS: (
        "pro, pros, advantage, strength, strong point, strong suit, benefit, upside, good at, "
        "good about, great about, attractive, appeal, appealing, why use, why choose, why "
        "would, plus, like about, love about, selling point, merit, best thing, positive, "
        "positives, shine, excel, people like, why do people like, what do people like, love"
    ),
    Cue.CONS: (
        "con, cons, disadvantage, weakness, weak point, weak spot, drawback, downside, "
        "limitation, limited, problem, issue, hard, harder, hardest, difficult, difficulty, "
        "bad, worse, worst, negative, negatives, pitfall, challenge, challenging, minus, "
        "shortcoming, complaint, annoying, pain, struggle, gotcha, flaw, lack, lacking, bad "
        "at, not good, caveat, risk, tricky, painful, why not"
    ),
    Cue.STATS: (
        "stat, stats, statistic, statistics, number, numbers, figure, figures, popular, "
        "popularity, star, stars, github, adoption, adopted, survey, usage, share, market "
        "share, how many, how widely, widely used, percent, percentage, download, downloads, "
        "user base, how much used, metric, metrics, data"
    ),
    Cue.CONCLUSION: (
        "conclusion, conclude, verdict, summary, summarize, summarise, sum up, bottom line, "
        "overall, tldr, tl dr, final, takeaway, in short, wrap up"
    ),
    Cue.RECOMMEND: (
        "should, recommend, recommendation, choose, choice, pick, prefer, better for, best "
        "for, good for, better choice, best choice, go with, suit, suited, suitable, fit, use "
        "for, when to use, when use, switch, opt, for a, for my, for me, for our, for an, i "
        "want, i need, we need, we want, ideal, right one, which one, advice, advise, decide, "
        "worth, best library, which library, what library, best framework, which framework, "
        "what framework, better library, better framework, what is the best, which is the best, "
        "what is best, which is best, suggest, suggestion, what would you use, what do you use"
    ),
    Cue.TABLE: (
        "table, summary table, ratings table, rating table, all ratings, all the ratings, every "
        "rating, every aspect, all aspects, scorecard, score card, side by side, at a glance"
    ),
    Cue.RATING: (
        "rating, ratings, rated, rate, score, scored, rank, ranked, compare, comparison, "
        "compared, vs, versus, difference, differ, better, best, which, who win, winner, "
        "stack up, how good, more, less, against"
    ),
    Cue.HELP: (
        "help, what can you do, what can i ask, command, commands, usage help, how do i use "
        "you, how to use you"
    ),
}

# Words that carry no topic; a knowledge file adds its field's own (`filler_words`). Any other
# word the knowledge base does not use marks a question as (partly) off-topic.
_STOPWORD_TEXT = """
a an the and or but if then than so to of in on at by for with without from into onto
about as is are was were be been being am do does did doing done have has had having can
could would will shall may might must need i me my mine we us our you your yours it its
they them their this that these those there here what which who whom whose when where why
how any some all both each either neither one ones other another such no not nor only own
same too very just also really quite please thanks thank hi hello hey ok okay yes yeah
tell give show let know think want like get got use used using make makes made more most
less least much many lot lots well good better best really actually currently today now
thing things stuff kind sort way between among over under library libraries framework
frameworks tool tools project projects developer developers people someone anyone im ive
id youre dont doesnt isnt whats hows whos its s t bit little big new overview describe
explain introduce introduction info information
"""
FILLER_WORDS = frozenset(_STOPWORD_TEXT.split())
STOPWORDS = frozenset(stem(word) for word in FILLER_WORDS)

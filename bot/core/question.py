"""What a user typed, made readable: the question told apart from what surrounds it.

People paste a code block or quote a colleague before they ask, tell the story of their
project first, sign off after. Code blocks are dropped; quoted lines and sentences around the
question are kept (they name libraries and describe situations) but marked as outside the
question's focus, so that their words neither decide the topic nor make the question look
like it is about something the source does not cover.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from bot.core.text import normalise

_CODE_BLOCK = re.compile(r"```.*?(```|$)", re.DOTALL)
_SENTENCE = re.compile(r"(?:[^.!?\n]|(?<=\d)\.(?=\d))+[.!?]*")  # "flask 2.0" ends no sentence
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")  # emoji written as :wave:
# "just finished my first python course 🎉 which one is easier?": an emoji between words ends
# what came before it, as a full stop would.
_EMOJI_BETWEEN = re.compile(
    r"(?<=\w)\s*[\u2600-\u27bf\U0001f300-\U0001faff][\U0001f300-\U0001faff\u2600-\u27bf\ufe0f\u200d]*\s+(?=[a-z])",
    re.IGNORECASE,
)
_LINK = re.compile(r"(?:https?://|www\.)\S+")
_ASIDE = re.compile(r"\(([^()]*)\)")
# "(saw it on https://…)": an aside naming where something was read goes with its link.
_LINK_ASIDE = re.compile(r"\([^()]*(?:https?://|www\.)[^()]*\)")
_ENDINGS = (".", "!", "?", ":", ";", ",")
_SIGNATURE = re.compile(
    r"\s*(--+|—|sent from my\b|(best|kind|warm)?\s*regards\b"
    r"|(many\s+)?thanks( in advance)?\s*,?\s*$|cheers\s*,?\s*$)",
    re.IGNORECASE,
)
# "— some guy in #general." after a quote: who said it, up to the end of its sentence.
_DASHED = re.compile(r"\s*(?:--+|—|–)\s*")
_ATTRIBUTION = re.compile(r"\s*(?:--+|—|–)\s*(?:\S+\s+){0,6}?\S*\.(?=\s|$)\s*")
# Words of a ping, of thanks or of an apology, which ask nothing alone ("anyone??", "thx in
# advance", "sorry for my poor english").
_PINGS = frozenset(
    [
        "anyone",
        "anybody",
        "someone",
        "somebody",
        "pls",
        "plz",
        "please",
        "help",
        "bump",
        "ping",
        "hello",
        "hey",
        "hi",
        "guys",
        "halp",
        "thx",
        "thanks",
        "thank",
        "you",
        "u",
        "in",
        "advance",
        "ty",
        "a",
        "lot",
        "much",
        "tysm",
        "sorry",
        "for",
        "my",
        "poor",
        "bad",
        "broken",
        "english",
        "excuse",
        "pardon",
    ]
)
_CHAT_LOG_STAMP = re.compile(r"^[ \t]*\[\d{1,2}:\d{2}(?::\d{2})?\][ \t]*(?:<[^>\s]+>[ \t]*)?", re.MULTILINE)
# A Python traceback pasted before the question: its lines are the program's, not the asker's.
_TRACEBACK = re.compile(
    r"^Traceback \(most recent call last\):\n(?:[ \t]+.*\n)*[\w.]*(?:Error|Exception|Warning)\b.*$",
    re.MULTILINE,
)
_ELLIPSIS = re.compile(r"\.{2,}|…")
_LAUGHED = re.compile(
    r"\b(?:lol|lmao|lmfao|(?:ha){2,}h?|rofl)(?:\s*,\s*|\s+(?=(?:never|i|im|idk|btw|tbh|ngl)\b))", re.I
)
SHORT_FRAGMENT = 2  # words
# Mentions, channels (as sent, and as typed: "#general") and custom emoji.
_DISCORD_MARKUP = re.compile(r"<(?:@[!&]?|#|a?:\w+:)\d+>|(?<!\w)@\w+|(?<!\w)#[A-Za-z][\w-]*|\|\|")
# Words that open a question or a request: a sentence starting with one is asked.
ASKING = frozenset(
    [
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "how",
        "why",
        "when",
        "where",
        "is",
        "are",
        "am",
        "was",
        "were",
        "does",
        "do",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "has",
        "have",
        "had",
        "may",
        "might",
        "must",
        "tell",
        "show",
        "give",
        "list",
        "compare",
        "explain",
        "describe",
        "pros",
        "cons",
    ]
)


# A long lead-in (at least LEAD_IN_WORDS words before a clause a question word opens, or
# follows one word in: "anyway what …") is told, not asked; a question ending on a word that
# points back keeps its lead-in.
OPENING = frozenset(["what", "which", "who", "how", "why", "when", "where"])
_CONTRACTED = frozenset(["whos", "whats"])  # "whos behind it", "whats better"
_OPENING_WORDS = OPENING | _CONTRACTED
LEAD_IN_WORDS = 8
ELLIPTICAL_WORDS = 4  # a question this short after a long lead-in asks about the lead-in
POINTING_BACK = frozenset(["that", "this", "it", "those", "these", "them", "one", "ones"])
_POINTING_AT_IT = POINTING_BACK - {"one", "ones"}  # "which one" points at nothing said
_PLURAL_POINTING = frozenset(["those", "these"])


@dataclass(frozen=True)
class Question:
    """The words of a message, normalised, and which of them are the question itself."""

    text: str  # the message without code blocks, on one line: what an answer quotes back
    words: tuple[str, ...]
    focus: tuple[bool, ...]  # one per word
    sentence: tuple[int, ...] = ()  # one per word: the number of its sentence
    pauses: frozenset[int] = frozenset()  # the words a comma, a semicolon or a dash comes before
    checked: frozenset[int] = frozenset()  # the sentences whose claim the message asks to check
    told: bool = False  # a story or a complaint: nothing asked, the question implied
    tags: frozenset[int] = frozenset()  # sentences only asking if a claim is so ("thats wrong lol")
    sarcastic: bool = False  # "love spending my friday on changelogs 🙃": praise meaning the opposite


# "k e r a s  v s  m x n e t": three or more lone letters in a row, one space apart, are a
# word written letter by letter (two spaces or more end it).
_LETTER_SPACED = re.compile(r"(?<![^\W_])[^\W\d_](?: [^\W\d_]){2,}(?![^\W_])")


def _joined(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", "")


# Dictated messages: "em ex net", "c plus plus", "… question mark". Only letter names that are
# no common word of their own are read as letters.
_LETTER_NAMES = {
    "aitch": "h",
    "cee": "c",
    "dee": "d",
    "ef": "f",
    "eff": "f",
    "el": "l",
    "em": "m",
    "en": "n",
    "ess": "s",
    "ex": "x",
    "gee": "g",
    "jay": "j",
    "kay": "k",
    "pee": "p",
    "tee": "t",
    "vee": "v",
    "zed": "z",
    "zee": "z",
}
_SPELLED = re.compile(
    r"\b(?:" + "|".join(_LETTER_NAMES) + r")(?:\s+(?:" + "|".join(_LETTER_NAMES) + r"))+\b", re.I
)
_SPOKEN = re.compile(r"\b(?:c\s+plus\s+plus|c\s+sharp)\b|\s*\bquestion\s+mark\b", re.I)
_SPOKEN_AS = {"plus": "c++", "sharp": "c#", "mark": "?"}


# "keras = automatic transmission, mxnet = manual gearbox": a sign between words, not in code
_EQUALS_SIGN = re.compile(r"(?<=[^\W\d_]) = (?=[^\W\d_])")


def _as_written(text: str) -> str:
    """A dictated message as it would be typed."""
    lowered = text.lower()
    said = set(lowered.split())
    if not said.isdisjoint(_LETTER_NAMES):
        text = _SPELLED.sub(
            lambda m: "".join(_LETTER_NAMES[name.lower()] for name in m.group(0).split()), text
        )
    if not said.isdisjoint(_SPOKEN_AS):
        text = _SPOKEN.sub(lambda m: _SPOKEN_AS[m.group(0).split()[-1].lower()], text)
    return text


# A sentence that only asks whether what was quoted is so: "is that true?", "facts?", "true or cap?"
_REALLY = r"(?:\s+(?:actually|really|even|truly|in\s+fact))?"
_CHECKING = re.compile(
    r"(?:\S+\s+){0,8}?(?:is|isnt|was)\s+(?:that|this|it)"
    + _REALLY
    + r"\s+(?:true|right|correct|accurate|legit|real|so|fair|normal|expected(?:\s+behaviou?r)?|a\s+thing"
    r"|a\s+fair\s+\w+)"
    r"(?:\s+\w+){0,5}|(?:is\s+)?(?:true|facts|real|legit|correct|right|accurate|fr|for\s+real|really|srsly)"
    r"(?:\s+(?:or|lol|tho|though|cap|not|no))*"
    r"|(?:\S+\s+){0,8}?(?:true|facts)\s+(?:or\s+)?(?:cap|not|nah|no)"
    r"|(?:\S+\s+){0,8}?cap\s+or\s+(?:no\s+cap|not|nah)"  # "… cap or no cap?"
    # "true or is he making it up?", "right or are they wrong"
    r"|(?:true|right|correct|legit)\s+or\s+(?:is|are|was|were|did)\s+(?:he|she|they|it|that|this)(?:\s+\w+){0,4}"
    # "…, isn't it?", "…, don't they?"
    r"|(?:isnt|is|doesnt|arent|dont|wasnt|didnt)\s+(?:it|they)(?:\s+not)?"
    # "legit or hallucination?", "real or fake", "sounds backwards to me?"
    r"|(?:true|legit|real|correct|right|accurate|facts)\s+or\s+\w+(?:\s+\w+)?"
    r"|(?:that\s+|it\s+|this\s+)?sounds?\s+(?:backwards|wrong|right|off|fishy|correct|sus|made\s+up|fake|false)"
    r"(?:\s+\w+){0,3}"
    # "fact check?", "is this statement supported by the article?"
    r"|fact[\s-]?check(?:\s+(?:pls|please|plz))?"
    r"|is\s+(?:this|that|it)\s+(?:statement|claim)\s+(?:supported|backed(?:\s+up)?)\s+by\s+the\s+(?:article|source)"
    # "says who?", "source??" after a claim: where what was said comes from
    r"|(?:yeah\s+right\s+|ok\s+)?(?:says\s+who|who\s+says(?:\s+so)?|sources?|citation(?:\s+needed)?)"
    r"(?:\s+(?:pls|please|plz))?"
    # "can someone confirm?"
    r"|(?:can|could|would)\s+(?:someone|anyone|somebody|you|u)\s+(?:pls\s+|please\s+|kindly\s+)?confirm(?:\s+\w+){0,4}"
    # "is that just me", "or is it just me?", "am i the only one who finds it slow?"
    r"|(?:or\s+)?(?:is\s+(?:that|it)\s+)?just\s+me|am\s+i\s+the\s+only\s+one(?:\s+\w+){0,5}"
    # "is it the framework or is it him"
    r"|is\s+it\s+(?:the\s+)?(?:framework|library|lib|tool)(?:\s+or\s+(?:is\s+it\s+)?(?:him|her|me|us|them))?"
    # "… or am i dumb", "am i missing something"
    r"|(?:or\s+)?(?:am\s+i|are\s+we)\s+(?:dumb|stupid|crazy|an\s+idiot|wrong|missing\s+something|doing\s+\w+\s+wrong"
    r"|trippin|tripping|overthinking|imagining\s+(?:it|things))"
    # "pretty sure thats wrong lol"
    r"|(?:pretty\s+sure\s+|i\s+think\s+|im\s+sure\s+)?(?:thats|that\s+is|its|it\s+is|this\s+is)\s+"
    r"(?:wrong|not\s+right|not\s+true|false|incorrect|nonsense|bs|a\s+myth)(?:\s+\w+){0,2}"
    # "does the article agree?", "is that actually what the article says?"
    r"|(?:\S+\s+){0,8}?(?:does|do|would)\s+(?:the\s+)?(?:article|author|source|it)" + _REALLY + r"\s+"
    r"(?:agree|say\s+(?:that|so|the\s+same)|back\s+(?:that|it|this)\s+up)(?:\s+\w+){0,3}"
    r"|(?:\S+\s+){0,8}?is\s+(?:that|this|it)"
    + _REALLY
    + r"\s+what\s+the\s+(?:article|author)\s+says(?:\s+\w+){0,3}"
    # "is that a criticism the article actually makes?"
    r"|(?:\S+\s+){0,8}?is\s+(?:that|this|it)\s+(?:a|an)\s+\w+\s+the\s+(?:article|author)"
    + _REALLY
    + r"\s+(?:makes|says|gives|raises)(?:\s+\w+){0,3}"
)


FEW_WORDS = 3
TERSE_WORDS = 4  # sentences this short, none asking, are one question written tersely


def parse(message: str) -> Question:
    """Split a message into its question and what surrounds it (a preamble, a quote)."""
    without_traceback = _TRACEBACK.sub(" ", message) if "Traceback" in message else message
    without_code = _without_code_blocks(without_traceback) if "```" in message else without_traceback
    without_code = without_code_lines(without_code)
    if not normalise(without_code):  # nothing but code: read it as it is
        without_code = message.replace("`", " ")
    without_links = _LINK.sub(" ", _LINK_ASIDE.sub(" ", without_code))
    if "]" in without_links:  # "[12:03] <kerem> django popularity?": a chat log's stamps and names
        without_links = _CHAT_LOG_STAMP.sub("\n", without_links)  # each stamped line said on its own
    without_code = _LETTER_SPACED.sub(_joined, _SHORTCODE.sub(" ", _DISCORD_MARKUP.sub(" ", without_links)))
    without_code = _as_written(without_code)
    if " = " in without_code:  # "keras = automatic transmission, mxnet = manual gearbox"
        without_code = _EQUALS_SIGN.sub(" is ", without_code)
    if not without_code.isascii():
        without_code = _EMOJI_BETWEEN.sub(". ", without_code)
    parts: list[tuple[tuple[str, ...], bool]] = []  # (words, asked) per sentence
    pauses: set[int] = set()
    read = 0  # words in the sentences so far
    quoted: list[bool] = []
    labels: set[int] = set()  # the sentences that label what follows ("saw this on HN:")
    asking_inside: set[int] = set()  # the sentences asking after their first words
    marked = "?" in without_code  # a question mark: no story, whatever else it says
    for line in _lines(without_code):
        is_quote = line.lstrip().startswith(">")
        # "what does MTV stand for (not the tv channel lol)": an aside, told after the sentence.
        said_aside = _ASIDE.sub(" ", line) if "(" in line else line
        asides = _ASIDE.findall(line) if said_aside is not line and normalise(said_aside) else []
        for written in _SENTENCE.findall(_ELLIPSIS.sub(_fragment, said_aside.lstrip("> "))):
            for said in _clauses(written) if "," in written else _clauses(_commas_where_unsaid(written)):
                said_words = tuple(normalise(said).split())
                if said_words:
                    if _PAUSE.search(said):
                        pauses |= {read + at for at in _pauses_in(said)}
                    parts.append((said_words, _asks(said, said_words)))
                    if not marked and _ASKING_INSIDE.search(said):
                        asking_inside.add(len(parts) - 1)
                    read += len(said_words)
                    quoted.append(is_quote)
                    if said.endswith(":"):
                        labels.add(len(parts) - 1)
        for aside in asides:
            if aside_words := tuple(normalise(aside).split()):
                parts.append((aside_words, False))
                quoted.append(is_quote)
                read += len(aside_words)
    own = [i for i, q in enumerate(quoted) if not q] or list(range(len(parts)))
    # The sentences that ask; if none does, the last with a few words ("… flask or django... lol"):
    # people tell their story, then ask.
    # ("… half of all python projects. sounds sus": a short check of what was said asks too)
    # "anyone??", "pls help?", "thx in advance": a ping or thanks, not the question
    unpinged = [i for i in own if not set(parts[i][0]) <= _PINGS] or own
    wordy = [i for i in unpinged if len(parts[i][0]) >= FEW_WORDS or _checks(parts, [i])] or unpinged
    # "Security posture. Flask vs Django. One line.": a few words at a time, all of them asked.
    terse = all(len(parts[i][0]) <= TERSE_WORDS for i in own)
    # A story tells at length, asks and requests nothing ("tell me the cons of caffe" requests;
    # "keras and mxnet pricing" is a terse question); all of it says what the teller wants.
    told = (
        not marked
        and not terse
        and not any(
            parts[i][1] or i in asking_inside or not _REQUESTING.isdisjoint(parts[i][0][:3])
            for i in own
            # "… decides everything for me. exactly what i wanted.": said sarcastically, asking nothing
            if not _SARCASTIC_WANT.fullmatch(" ".join(parts[i][0]))
        )
    )
    asked = [i for i in unpinged if parts[i][1]] or (unpinged if terse else wordy[-1:])
    if told and not _checks(parts, asked):  # "… pretty sure thats wrong lol": a claim to check
        asked = own
    focus_parts = set(asked)
    # "… a dependable model the team can maintain. Thoughts?": the whole situation is asked about
    if all(
        set(parts[i][0]) <= _OPINION_ASKED
        or _ADVICE_ASKED.fullmatch(" ".join(parts[i][0]))
        or _SITUATION_POINTED.search(" ".join(parts[i][0]))  # "… which would fit our situation"
        for i in asked
    ):
        focus_parts |= set(own)
        # the situation is the teller's: its own words need no answer
        told = told or not all(set(parts[i][0]) <= _OPINION_ASKED for i in asked)
    # "keras vs mxnet perf 🔥 who wins??": a bare question asks about the few words just before
    # it; "i code in R and julia. can i use mxnet from those?": about what they name.
    before = asked[0] - 1 if len(asked) == 1 else -1
    if (
        before in own
        and before not in asked
        and _asks_of_the_words_before(parts[asked[0]][0], parts[before][0])
    ):
        focus_parts.add(before)
    # "django templates: does it have its own?": the label names what "it" is.
    if before in labels and not _POINTING_AT_IT.isdisjoint(parts[asked[0]][0]):
        focus_parts.add(before)
    # "> keras has 100k stars and mxnet barely 5k / is that right?": the quote is what is asked;
    # so it is after "^ this" or "+1", a word or two of one's own.
    seconded = all(len(parts[i][0]) < FEW_WORDS and not parts[i][1] for i in own)
    checking = _checks(parts, asked)
    # "> keras has like 100k stars / fr? and mxnet?": the quote's question, asked of another
    continuing = all(_CONTINUING.fullmatch(" ".join(parts[i][0])) or _checks(parts, [i]) for i in asked)
    # "> Django enables many protections by default / which ones tho": what the quote names
    which_ones = len(asked) == 1 and _WHICH_ONES.fullmatch(" ".join(parts[asked[0]][0])) is not None
    # "> which one is more popular / very helpful as always 🙄 so which one is it": the quote's question
    which_is_it = len(asked) == 1 and _WHICH_IS_IT.search(" ".join(parts[asked[0]][0])) is not None
    if any(quoted) and (seconded or checking or continuing or which_ones or which_is_it):
        focus_parts |= {i for i, q in enumerate(quoted) if q}
    claims: dict[int, int] = {}  # per sentence brought into focus: where the claim in it starts
    if checking and not any(
        quoted
    ):  # "my prof says keras 'hides too much'. is that a criticism the article makes?"
        # "reddit comment: 'mxnet is made by google' true??": the label says who claims it.
        claims = {
            i: len(parts[i][0]) if i in labels else _claim_start(parts[i][0])
            for i in own
            if i not in focus_parts and not _checks(parts, [i])  # "… is that normal or am i dumb"
        }
    words: list[str] = []
    focus: list[bool] = []
    sentence: list[int] = []
    for number, (sentence_words, _) in enumerate(parts):
        words.extend(sentence_words)
        claim = claims.get(number, len(sentence_words))
        focus.extend(number in focus_parts or at >= claim for at in range(len(sentence_words)))
        sentence.extend([number] * len(sentence_words))
    text = " ".join(without_code.split())
    checked = set(claims) | ({i for i, q in enumerate(quoted) if q} if checking else set())
    tags = frozenset(asked) if checked else frozenset()
    sarcastic = _SARCASM.search(message) is not None
    return Question(
        text,
        tuple(words),
        tuple(focus),
        tuple(sentence),
        frozenset(pauses),
        frozenset(checked),
        told,
        tags,
        sarcastic,
    )


# A sentence saying, sarcastically, that what was just told is what one wanted: it asks nothing.
_SARCASTIC_WANTING = r"(?:exactly|just)\s+what\s+i\s+(?:wanted|needed|always\s+wanted)"
_SARCASTIC_WANT = re.compile(_SARCASTIC_WANTING + r"(?:\s+lol)?")
# An upside-down or eye-rolling face, "/s", "oh great", "just what i wanted", "what could go
# wrong": what is said means its opposite.
_SARCASM = re.compile(
    r"[\U0001F643\U0001F644]|(?:^|\s)/s\b|\boh\s+(?:great|joy|wonderful|perfect|fantastic)\b"
    rf"|\b{_SARCASTIC_WANTING}\b|\bwhat\s+could\s+(?:possibly\s+)?go\s+wrong",
    re.IGNORECASE,
)


# ", which means i watched two videos": "which" telling what the clause before it amounts to.
_SAYING_WHAT_IT_MEANS = (
    "means",
    "meant",
    "leaves",
    "left",
    "explains",
    "is why",
    "was why",
    "felt",
    "seemed",
    "sounded",
)
_SAID_WHAT_IT_MEANS = frozenset(tuple(phrase.split()) for phrase in _SAYING_WHAT_IT_MEANS)

# Asking inside a sentence: an asking word ("ngl im new to this, should i start with flask"), a
# verb before its subject, a verb first after a comma ("background jobs in django, is celery
# included"), "pls".
_ASKING_INSIDE = re.compile(
    # "want to learn how neural nets work": an asking word after such a verb asks nothing
    r"(?<!\blearn )(?<!\bknow )(?<!\bsee )(?<!\bunderstand )(?<!\bfigure out )(?<!\bwonder )"
    r"\b(?:" + "|".join(sorted(_OPENING_WORDS - {"which"})) + r")\b"
    r"|\bwhich\b(?!\s+(?:"
    + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _SAYING_WHAT_IT_MEANS)
    + r")\b)"
    r"|\b(?:should|can|could|would|do|does|is|are|will)\s+(?:i|we|you|u|it|they|he|she)\b"
    r"|[,;:]\s*(?:should|can|could|would|do|does|did|is|are|was|will|has|have)\s"
    r"|\b(?:pls|plz|please)\b",  # "just the numbers pls": a request
    re.IGNORECASE,
)


# The words a sentence checking a claim judges it with ("pretty sure thats wrong", "sounds fake").
JUDGING = frozenset(
    [
        "wrong",
        "right",
        "true",
        "false",
        "correct",
        "incorrect",
        "accurate",
        "fake",
        "real",
        "legit",
        "myth",
        "nonsense",
        "bs",
        "sure",
        "pretty",
        "backwards",
        "fishy",
        "sus",
        "off",
        "cap",
        "lol",
        "normal",
        "dumb",  # "is that normal or am i dumb"
        "expected",  # "is this expected behaviour"
        "behaviour",
        "behavior",
        "stupid",
        "crazy",
    ]
)


_CONTINUING = re.compile(
    r"(?:and|and\s+for|what\s+about|how\s+about|same\s+for)"
    r"(?!\s+(?:it|this|that|they|he|she|i|we|you)\b)(?:\s+\w+){1,2}"
)


def _checks(parts: list[tuple[tuple[str, ...], bool]], asked: list[int]) -> bool:
    """Whether the sentences asked only ask if what was said is so ("is that true?")."""
    return all(_CHECKING.fullmatch(" ".join(parts[i][0])) for i in asked)


def _asks_of_the_words_before(bare: tuple[str, ...], before: tuple[str, ...]) -> bool:
    """A bare question about the few words before it ("keras vs mxnet perf 🔥 who wins??"), or
    one pointing at them ("… julia. can i use mxnet from those?")."""
    # "who wins??", "which is bigger": an asking word, and at most a verb and a word comparing
    bare_enough = len(bare) < FEW_WORDS or (len(bare) == FEW_WORDS and bare[1] in ("is", "are", "one"))
    short = bare_enough and bare[0] in OPENING and len(before) <= TERSE_WORDS + 2
    # "django learning curve 😭 how bad is it": "it" is the few words before
    pointing = bare[-1] in _POINTING_AT_IT and len(before) <= TERSE_WORDS + 2
    # "PM wants a back-office admin by friday. does django give you one for free?"
    said = " ".join(bare)
    pointing_back = len(before) <= TOLD_WANT_WORDS and (
        _HAVING_ONE.search(said) is not None
        # "… the library with the bigger and more mature ecosystem. Which one would that be?"
        or _WHICH_IS_THAT.fullmatch(said) is not None
        # "> Django enables many protections by default / which ones tho": the things just said
        or _WHICH_ONES.fullmatch(said) is not None
        # "… our label printing thing as serverless functions. flask a good fit for that?"
        or _FIT_FOR_THAT.search(said) is not None
        # "i want to mix CPU, GPU and FPGA in one model. which library is able to do this?"
        or _DOES_THAT.search(said) is not None
    )
    # "… the GPU and the FPGA in the same network at the same time. its possible with something?"
    possible = _POSSIBLE.search(said) is not None and len(before) <= TOLD_WANT_WORDS + TOLD_WANT_WORDS // 2
    return short or pointing or pointing_back or possible or bare[-1] in _PLURAL_POINTING


_DOES_THAT = re.compile(
    r"\b(?:do|does|handle|handles|support|supports|manage|manages|pull\s+off)\s+(?:that|this)$"
)
_FIT_FOR_THAT = re.compile(
    r"\b(?:fit|choice|pick|option|suited|suitable|match)\s+(?:for|to)\s+(?:that|this|it|those|these)\b"
)
_WHICH_ONES = re.compile(
    r"(?:which|what)\s+ones(?:\s+(?:tho|though|exactly|then|specifically|pls|please|plz))?"
)


# "… so which one is it", "> Flask-Migrate for migrations / what's the django equivalent"
_WHICH_IS_IT = re.compile(r"\bwhich(?:\s+one)?\s+is\s+it$|\b(?:equivalent|counterpart)$")


# Having "one" (or it) of what was just said: the words before say what.
_HAVING_ONE = re.compile(
    r"\b(?:give|gives|have|has|ship|ships|come\s+with|comes\s+with|include|includes|provide|provides|offer"
    r"|offers)\s+(?:you\s+|u\s+|us\s+)?(?:one|it|that|those|them)\b"
)
_POSSIBLE = re.compile(r"\b(?:it|that|this|its|thats)\s+(?:is\s+)?(?:even\s+)?(?:possible|doable|feasible)\b")
# A bare request for an opinion, after a situation told.
_OPINION_ASKED = frozenset(
    [
        "thoughts",
        "ideas",
        "advice",
        "suggestions",
        "opinions",
        "opinion",
        "tips",
        "input",
        "recommendations",
        "any",
        "your",
        "pls",
        "please",
        "guys",
        "all",
        "folks",
        "so",
    ]
)
# "… also he wants to mix different accelerators. what do i tell him": advice on all that was told
_ADVICE_ASKED = re.compile(
    r"(?:so\s+)?(?:what\s+(?:do|should|would|can)\s+(?:i|we)\s+(?:tell|say\s+to|do|recommend\s+to)"
    r"(?:\s+(?:him|her|them|my\s+\w+|our\s+\w+|the\s+\w+))?|what\s+would\s+you\s+(?:do|suggest|recommend)"
    r"|what\s+do\s+you\s+(?:think|reckon|suggest|recommend))(?:\s+(?:then|now|here))?"
)
_SITUATION_POINTED = re.compile(
    r"\b(?:fit|fits|suit|suits|for|match|matches)\s+(?:our|my|this|that)\s+(?:situation|case|needs|use\s+case|scenario)\b"
)
_WHICH_IS_THAT = re.compile(
    r"(?:so\s+)?which\s+(?:one|of\s+them|of\s+the\s+two|lib|library|framework)\s+(?:would|is|will)\s+"
    r"(?:that|this|it)(?:\s+be)?(?:\s+then)?"
)
# A sentence this short, before one pointing back at it ("does it have one?"), says of what.
TOLD_WANT_WORDS = 20


def _pauses_in(clause: str) -> Iterator[int]:
    """The words of a clause that a comma, a semicolon or a dash comes before."""
    count = 0
    for piece in _PAUSE.split(clause)[:-1]:
        count += len(normalise(piece).split())
        yield count


_PAUSE = re.compile(r"[,;]|\s(?:-|--|–|—)\s")


# Words that report what someone says: the claim to check follows them ("my prof says …").
_REPORTING = frozenset(
    [
        "says",
        "said",
        "say",
        "saying",
        "thinks",
        "reckons",
        "claims",
        "claimed",
        "claiming",
        "swears",
        "swore",
        "assumed",
        "thought",
        "posted",
        "wrote",
        "tweeted",
        "insists",
        "told",
        "heard",
        "read",
    ]
)


def _claim_start(words: tuple[str, ...]) -> int:
    """Where the claim starts in a sentence reporting it: after "says (that)", else at once."""
    reported = next((at for at, word in enumerate(words) if word in _REPORTING), None)
    if reported is None:
        return 0
    after = reported + 1
    while after < len(words) and words[after] in ("that", "me", "us", "hearing"):
        after += 1
    if after + 1 < len(words) and words[after] in ("in", "on", "at", "during"):  # "said in standup"
        # "told me at the coffee machine that django was made at a newspaper": after "that"
        that = next(
            (at for at in range(after, min(after + REPORTED_WHERE, len(words))) if words[at] == "that"), None
        )
        after = that + 1 if that is not None else after + 2
    return after


REPORTED_WHERE = 6  # words between "told me" and "that", saying where it was said


MAX_ASKED = 4  # questions answered from one message
_FIRST_ITEM = re.compile(r"(?:^|\s)\(?(?:1|a)[).]\s+")
# "who made it and which languages does it support?": an asking word after "and" (or after a
# question mark) opens a question of its own.
_NEXT_QUESTION = re.compile(
    r"(?<=\?)\s+|,?\s+(?:and|also|plus|&)\s+(?=(?:" + "|".join(sorted(_OPENING_WORDS)) + r")\b)"
    # "what's the WSGI layer underneath, and does the core ship CSRF protection?"
    r"|,?\s+and\s+(?=(?:does|do|is|are|can|should|will)\s+(?:it|they)\b)|,\s+and\s+(?=(?:does|do|is|are|can|should|will)\b)"
    # "who develops mxnet, is it google?": a guess to check, after the question.
    r"|,\s+(?=(?:is|are|was|were|does|do|did|can|will)\s+(?:it|they|that|this|he|she)\b)"
    # "three quick ones: 1) who created flask, 2) which has more stars, and 3) …"
    r"|[,;:]?\s*(?:and\s+)?\(?\b(?:\d|[a-e])\)\s*|(?:^|\s)\d\.\s+",
    re.IGNORECASE,
)


_JOINING = frozenset(["and", "also", "plus", "so", "then", "ok", "okay"])
# "who develops mxnet, what langs does it support": after a comma, an asking word and two
# more words open a question of their own — when the words before the comma asked one too.
_ASKED_AFTER_COMMA = re.compile(
    r",\s+(?=(?:" + "|".join(sorted(_OPENING_WORDS)) + r")\b(?:\s+[\w'’]+){2})", re.IGNORECASE
)


def _after_commas(part: str) -> list[str]:
    """`part`, split where a comma ends one question and an asking word opens the next — when
    a question opens it, after a greeting ("hello everyone! who develops mxnet, what …")."""
    last_said = _SAID_BEFORE.split(part)[-1]
    words = normalise(last_said).split()
    while words and words[0] in _BEFORE_ASKING:  # "hey who develops mxnet, …"
        words = words[1:]
    if not words or words[0] not in _OPENING_WORDS:
        return [part]
    return _ASKED_AFTER_COMMA.split(part)


_SAID_BEFORE = re.compile(r"[.!]+\s+")  # a greeting or a plea before the question


MARKED_ALONE = 3  # words of a part ending in "?", after one that does, to ask on its own


# A part opening with these goes on with the question before it ("… fast? i mean for beginners?").
_ON_WITH_THE_LAST = frozenset(
    ["i", "like", "for", "even", "especially", "mainly", "as", "or", "but", "in", "on", "with"]
)


def questions_in(message: str) -> tuple[str, ...]:
    """The questions a message asks one after another ("who made mxnet and which languages
    does it support?"), or the message alone. A part that does not open with an asking word
    ("is it fast? i mean for beginners") belongs to the question before it; a message with a
    quote is read whole; a code block is set aside before the questions are told apart."""
    if any(line.lstrip().startswith(">") for line in message.splitlines()):
        return (message,)
    if "```" in message:  # "```…``` is this all a flask app needs? and how does django compare?"
        around = questions_in(_CODE_BLOCK.sub(" ", message))
        return around if len(around) > 1 else (message,)
    if (unfenced := without_code_lines(message)) != message:  # "MIDDLEWARE = [ … ]  is csrf on …?"
        around = questions_in(unfenced)
        return around if len(around) > 1 else (message,)
    # "Hey, three quick ones: 1) who …": what comes before the first item is told, with it.
    listed = _FIRST_ITEM.search(message)
    told, listing = (message[: listed.start()], message[listed.end() :]) if listed else ("", message)
    asked: list[str] = []
    for part in (piece for split in _NEXT_QUESTION.split(listing) for piece in _after_commas(split)):
        words = normalise(part).split()
        while words and words[0] in _JOINING:  # "… faster? and which scales?"
            words = words[1:]
        opens = len(words) >= 2 and (words[0] in ASKING or words[0] in _CONTRACTED)
        # "it mean what? It have database inside or not?": asked without the asking word
        marked = (
            len(words) >= MARKED_ALONE
            and words[0]
            not in _ON_WITH_THE_LAST  # "It have database inside or not?", not "i mean for beginners?"
            and part.rstrip().endswith("?")
            and bool(asked)
            and asked[-1].rstrip().endswith("?")
        )
        if asked and not listed and not opens and not marked:  # a listed item is a question of its own
            asked[-1] = f"{asked[-1]} {part}".strip()
        elif words:
            asked.append(part.strip())
    if asked and told.strip():
        asked[0] = f"{told.strip()} {asked[0]}"
    return tuple(asked[:MAX_ASKED]) if len(asked) > 1 else (message,)


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,3}\b")  # "LTS", "WSGI"; not "SOOOO" or "REALY", said loud


def acronyms(question: Question) -> frozenset[str]:
    """Short words written all in capitals ("LTS", "WSGI"): names, never a slip of the keys
    for an everyday word — unless the whole message shouts."""
    found = _ACRONYM.findall(question.text)
    if not found or _case_says_nothing(question.text):
        return frozenset()
    return frozenset(word for written in found for word in normalise(written).split())


@lru_cache(maxsize=1024)
def _case_says_nothing(text: str) -> bool:
    """A message shouting in capitals, or written in mocking case ("dJaNgO wHo MaDe It"):
    its capitals mark no names."""
    if sum(map(str.isupper, text)) > sum(map(str.isalpha, text)) / 2:
        return True
    words = [word for word in text.split() if word.isalpha() and len(word) > 1]
    mocking = [word for word in words if sum(a.isupper() != b.isupper() for a, b in pairwise(word)) >= 2]
    return len(mocking) * 2 >= len(words) > 1


@lru_cache(maxsize=1024)
def capitalised(question: Question) -> frozenset[str]:
    """Words written like names, inside a sentence: "Rust", "PyTorch", "TPU" — unless the
    whole message shouts in capitals."""
    text = question.text
    if _case_says_nothing(text):
        return frozenset()
    named: set[str] = set()
    for sentence in _SENTENCE.findall(text):
        for token in sentence.split()[1:]:
            core = token.strip("\"'()[]{}*_,;:!?.")
            if core[:1].isupper() and (len(core) > 1 or core not in "AI"):  # "R", not "I" or "A"
                named.update(normalise(core).split())
    return frozenset(named)


def _fragment(dots: re.Match[str]) -> str:
    """An ellipsis after a word or two ("django.... security..... rating?") joins the words
    into one sentence; after a whole statement ("I keep hearing X... is that right?") it
    ends it."""
    before = dots.string[: dots.start()].split("...")[-1].split("…")[-1]
    return " " if len(before.split()) <= SHORT_FRAGMENT else ". "


# A line of pasted code, not fenced: an assignment, an import or definition, a bracket alone,
# a quoted item of a list ("MIDDLEWARE = [", "'django.middleware.csrf.CsrfViewMiddleware',").
_CODE_LINE = re.compile(
    r"\s*(?:[\w.\[\]'\"]+\s*=[^=].*|(?:import|from|def|class|return)\s+\S.*|@[\w.]+(?:\(.*\))?"
    r"|[\[\](){},;]+|['\"][^'\"\s]+['\"],?)\s*"
)


def _without_code_blocks(message: str) -> str:
    """The message without its code blocks — or, when all it says besides is "is this right?",
    with each block quoted: someone pasted a claim in a block to have it checked."""
    rest = _CODE_BLOCK.sub(" ", message)
    said = normalise(rest).split()
    # "```from flask import Flask …``` is this seriously all i need?": the code is what "this" is
    pointing = len(said) <= POINTING_AT_CODE_WORDS and not _POINTING_AT_CODE.isdisjoint(said)
    if not (_CHECKING.fullmatch(" ".join(said)) or pointing):
        return rest
    return _CODE_BLOCK.sub(lambda block: _quoted(block.group(0).strip("`")), message)


POINTING_AT_CODE_WORDS = 12  # a short question pointing at the code pasted before it
_POINTING_AT_CODE = _PLURAL_POINTING | {"this", "that"}


def _quoted(text: str) -> str:
    return "\n" + "\n".join(f"> {line}" for line in text.splitlines() if line.strip()) + "\n"


def without_code_lines(message: str) -> str:
    """The message without lines of unfenced code, when it has other lines too."""
    lines = message.splitlines()
    if len(lines) < 2 or not any(_CODE_LINE.fullmatch(line) for line in lines):
        return message
    kept = [line for line in lines if not _CODE_LINE.fullmatch(line)]
    return "\n".join(kept) if any(line.strip() for line in kept) else message


def _lines(text: str) -> list[str]:
    """The message's lines, a sentence that goes on on the next line joined back: "which
    one\nis faster?" is one line; a quote stays a line of its own."""
    lines: list[str] = []
    paragraph = False  # a blank line ends a sentence, whatever its punctuation
    for line in text.splitlines():
        dashed = _DASHED.match(line) if lines and lines[-1].lstrip().startswith(">") else None
        if dashed is not None:  # "> django is bloat\n— some guy in #general. is he right?": who said it
            attribution = _ATTRIBUTION.match(line)
            if attribution is not None:
                line = line[attribution.end() :]
            else:  # "— bob" names who said it; "-- is that right?" asks
                line = line[dashed.end() :] if "?" in line else ""
            if not line.strip():
                continue
        elif lines and _SIGNATURE.match(line):  # "--", "Best regards," after the message: no question
            break
        if not line.strip():
            paragraph = True
            continue
        if (
            lines
            and not paragraph
            and not lines[-1].rstrip().endswith(_ENDINGS)
            and not line.lstrip().startswith(">")
            and not lines[-1].lstrip().startswith(">")
            and line.lstrip()[:1].islower()
        ):
            lines[-1] += " " + line
        else:
            lines.append(line)
        paragraph = False
    return lines


_INTERJECTIONS = frozenset(
    [
        "anyway",
        "anyways",
        "ugh",
        "ok",
        "okay",
        "so",
        "well",
        "also",
        "btw",
        "oh",
        "hey",
        "hi",
        "hello",
        "fine",
    ]
)


# "Sir please tell which framework …", "please explain me what is …": asked all the same.
_POLITE = frozenset(["sir", "madam", "dear", "please", "pls", "plz", "kindly", "tell", "explain", "me", "us"])
_BEFORE_ASKING = _INTERJECTIONS | _POLITE  # words that may come before the asking word
_PLEASE = frozenset([("pls",), ("plz",), ("please",), ("plox",)])
_REQUESTING = frozenset(
    [
        "tell",
        "give",
        "show",
        "list",
        "explain",
        "describe",
        "compare",
        "summarise",
        "summarize",
        "kindly",
        "advise",
    ]
)
_SAID_AGAIN = (
    ("i", "mean"),
    ("i", "meant"),
    ("sorry", "i", "mean"),
    ("sorry", "i", "meant"),
    ("in", "other", "words"),
)

_BUT_ASKS = re.compile(r"\bbut\s+(?=(?:is|are|does|do|did|can|could|will|would|what|which|how|who)\b)", re.I)
MIN_TOLD = 3  # words before "but" for them to be told, not asked
LABEL_WORDS = 6  # a few words and a colon before a question label it ("quick q: …"), told
_COLON_BEFORE_ASKING = re.compile(r":\s+(?=(?:" + "|".join(sorted(_OPENING_WORDS)) + r")\b)", re.I)
_AUXILIARIES = r"(?:is|are|does|do|can|will|would|should)"
_THEN_ASKS_WHOLE = re.compile(r",\s+(?=" + _AUXILIARIES + r"\s)", re.I)
MIN_WHOLE_ASKED_WORDS = 4
_THEN_ASKS = re.compile(r",\s+(?=" + _AUXILIARIES + r"\s+(?:it|they|this|that|he|she)\b)", re.I)
_CONDITION = re.compile(r"\s*(?:if|when|once|assuming|supposing|suppose|in case|provided)\b[^,]*,\s*", re.I)
_TAG = re.compile(r",\s*([^,?]{2,24}\?+)\s*$")  # "…, correct?", "…, isn't it?": checked by `_CHECKING`
_NOT_MEANT = re.compile(r"[\s,]+(?:lol\s+|haha\s+)?not\s+the\s+[a-z]+(?:\s+[a-z]+){0,3}\W*$", re.I)
_OR_ASKS = re.compile(
    r"\s+or\s+(?=(?:does|do|is|are|can|will|would|should|must)\s+(?:it|they|he|she)\b)", re.I
)
_OR_DOUBT = re.compile(
    r"\s+or\s+(?:is|am|are)\s+(?:i|we|it|that|this|they|these|those|\w+\s+(?:just|only|merely))\b(?!.*\b(?:better|faster|easier)\b).*$"
    r"|\s+or\s+(?:nah|not|no|cap)\W*$",
    re.I,
)


def _condition_then_question(sentence: str) -> list[str] | None:
    """ "if my dataset gets bigger later, which one scales better?": the condition told, the
    question word's clause asked — unless it points back ("…, which of them handles that?")."""
    condition = _CONDITION.match(sentence)
    if condition is None:
        return None
    asked = sentence[condition.end() :]
    words = tuple(normalise(asked).split())
    if len(words) >= MIN_TOLD and words[0] in OPENING and _POINTING_AT_IT.isdisjoint(words):
        return [condition.group(0).rstrip(" ,") + ".", asked]
    return None


def _clauses(sentence: str) -> list[str]:
    """A sentence — or its lead-in and its question, when a question word opens a later
    clause after a long lead-in ("long story, I got handed a project with no docs, anyway
    which one scales?"): the lead-in is told, the rest asked. Not when the question points
    back into the lead-in ("… lets newbies see results in minutes, which one was that")."""
    label, colon, rest = sentence.partition(":")  # "For the curriculum notes: which …?"
    if colon and len(normalise(label).split()) <= LABEL_WORDS and len(normalise(rest).split()) >= MIN_TOLD:
        return [label + ":", *_clauses(rest)]  # the colon kept: a label says who is quoted
    conditioned = _condition_then_question(sentence) if "," in sentence else None
    if conditioned:
        return conditioned
    # "django came from a newspaper in Texas, correct?": a claim, then a tag asking if it is so.
    tag = _TAG.search(sentence) if "," in sentence else None
    checks = tag is not None and _CHECKING.fullmatch(" ".join(normalise(tag.group(1)).split()))
    if tag and checks and len(normalise(sentence[: tag.start()]).split()) >= MIN_TOLD:
        return [sentence[: tag.start()] + ".", tag.group(1)]
    # "who created flask, not the drink container": an aside telling what is not meant.
    meant = _NOT_MEANT.search(sentence) if " not the " in sentence else None
    if meant and len(normalise(sentence[: meant.start()]).split()) >= MIN_TOLD:
        return [sentence[: meant.start()] + "?", meant.group(0).strip(" ,") + "."]
    # "which repo got more github stars lol, need ammo for an argument": laughter ends a thought
    laughed = _LAUGHED.search(sentence)
    if laughed and len(normalise(sentence[: laughed.start()]).split()) >= MIN_TOLD:
        return [sentence[: laughed.end()].rstrip(" ,") + ".", *_clauses(sentence[laughed.end() :])]
    doubt = _OR_DOUBT.search(sentence) if " or " in sentence else None  # "… or is that a pipe dream?"
    if doubt and len(normalise(sentence[: doubt.start()]).split()) >= MIN_TOLD:
        return [sentence[: doubt.start()] + "?", sentence[doubt.start() :].rstrip(" ?") + "."]
    other = _OR_ASKS.search(sentence) if " or " in sentence else None  # "… or does it sit on …?"
    if other and len(normalise(sentence[: other.start()]).split()) >= MIN_TOLD:
        return [sentence[: other.start()] + "?", sentence[other.end() :]]
    turn = _BUT_ASKS.search(sentence) if "but" in sentence else None  # "unrelated to it but is …?"
    if turn and len(normalise(sentence[: turn.start()]).split()) >= MIN_TOLD:
        return [sentence[: turn.start()] + ".", sentence[turn.end() :]]
    # "ngl django looks kinda scary, is it actually hard to learn?": told, then asked of it.
    then = _THEN_ASKS.search(sentence) if "," in sentence else None
    if then:
        told = tuple(normalise(sentence[: then.start()]).split())
        if len(told) >= MIN_TOLD and not _asks(sentence[: then.start()], told):
            return [sentence[: then.start()] + ".", sentence[then.end() :]]
    # "this is already 40 lines for a tiny net, is mxnet just more verbose than keras?": a
    # question whole in itself after the story, pointing at nothing in it.
    whole = _THEN_ASKS_WHOLE.search(sentence) if "," in sentence and sentence.rstrip().endswith("?") else None
    if whole:
        told = tuple(normalise(sentence[: whole.start()]).split())
        asked = normalise(sentence[whole.end() :]).split()
        on_its_own = len(asked) >= MIN_WHOLE_ASKED_WORDS and POINTING_BACK.isdisjoint(asked)
        on_a_condition = _CONDITION.match(sentence) is not None  # "assuming only CPUs, does mxnet work?"
        # "anyway before i fix this, does mxnet support julia?": a short lead-in about something else
        pointing_away = len(told) >= FEW_WORDS and told[-1] in POINTING_BACK
        if (
            (len(told) >= LEAD_IN_WORDS or pointing_away)
            and on_its_own
            and not on_a_condition
            and not _asks(sentence[: whole.start()], told)
        ):
            return [sentence[: whole.start()] + ".", sentence[whole.end() :]]
    # "…, anyway totally unrelated: how many stars does mxnet have": a colon before a question
    clauses = _COLON_BEFORE_ASKING.sub(",", sentence).split(",")
    # "which one has more built in, my client is very particular about it": the question,
    # then what the asker tells of themselves.
    telling = (
        next((i for i, clause in enumerate(clauses) if i and _tells(normalise(clause).split())), None)
        if len(clauses) > 1
        else None
    )
    if telling is not None and _opens_asking(normalise(clauses[0]).split()):
        return [",".join(clauses[:telling]) + "?", ",".join(clauses[telling:]) + "."]
    before = 0
    aside = normalise(clauses[0]).split()[:1] in ([w] for w in _INTERJECTIONS)  # "anyway forget that, who …"
    for index, clause in enumerate(clauses):
        words = normalise(clause).split()
        saying_what_it_means = words[:1] == ["which"] and (
            tuple(words[1:2]) in _SAID_WHAT_IT_MEANS or tuple(words[1:3]) in _SAID_WHAT_IT_MEANS
        )
        if (
            index
            and _OPENING_WORDS.intersection(words[:2])
            and (before >= LEAD_IN_WORDS or aside)
            and not saying_what_it_means
        ):  # "anyway, which"
            asked = normalise(",".join(clauses[index:])).split()
            # "… which one was that": it points back; "speed-wise, for a tiny network, who comes
            # out ahead?": too short to ask anything without what came before.
            # "… no idea what that means": it points back too.
            pointing = asked[-1] in POINTING_BACK or (len(asked) > 1 and asked[1] in _POINTING_AT_IT)
            if pointing or (len(asked) <= ELLIPTICAL_WORDS and not aside):
                break
            return [",".join(clauses[:index]) + ".", ",".join(clauses[index:])]
        before += len(words)
    return [sentence]


# A clause opening like this tells of the asker ("…, I am having my viva tomorrow").
_TELLING = (
    ("my",),
    ("our",),
    ("im",),
    ("ive",),
    ("were",),
    ("i", "am"),
    ("i", "have"),
    ("i", "was"),
    ("i", "need"),  # "which has more stars, i need it for my ppt tomorrow"
    ("i", "want"),
    ("i", "must"),
)


UNPUNCTUATED_WORDS = 12  # a sentence this long with no comma was typed without punctuation


def _commas_where_unsaid(sentence: str) -> str:
    """A long sentence typed without a comma ("so im in a bootcamp we only did pandas so far
    which of these is gentler"), with one where a clause plainly starts: before a question
    word after a long lead-in, and before the asker telling of themselves after a question."""
    tokens = sentence.split()
    if len(tokens) < UNPUNCTUATED_WORDS:
        return sentence
    words = [normalise(token) for token in tokens]
    asked = False
    for at in range(1, len(tokens)):
        before = words[at - 1]
        # "… on how safe they keep your app", "… but by how many percent": the sentence goes on
        opens = before.isalpha() and before not in _GOING_ON and not _relative(words, at)
        if at >= LEAD_IN_WORDS and words[at] in OPENING and opens and not asked:
            tokens[at - 1] += ","
            asked = True
        elif (
            at >= MIN_TOLD
            and words[at].partition(" ")[0] in _TELLING_FIRST  # only then is the rest read
            and _tells_as_subject(" ".join(words[at:]).split())
            and _opens_asking(" ".join(words[:at]).split())
        ):
            tokens[at - 1] += ","
            break
    return " ".join(tokens)


# Words after which a question word goes on with the sentence rather than opening a clause.
_GOING_ON = frozenset(
    [
        "and",
        "or",
        "but",
        "on",
        "about",
        "of",
        "in",
        "for",
        "to",
        "at",
        "by",
        "with",
        "than",
        "as",
        "is",
        "are",
    ]
)


_TELLING_FIRST = frozenset(opening[0] for opening in _TELLING)

_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "this",
        "these",
        "those",
        "some",
        "every",
        "each",
    ]
)
_RELATIVE = frozenset(["where", "who", "when", "which"])


def _relative(words: list[str], at: int) -> bool:
    """A question word right after a noun a determiner opens ("an app where walkers get
    booked", "a back office where my ops person sees everything") starts a relative clause
    that describes the noun; it asks nothing."""
    return words[at] in _RELATIVE and not _DETERMINERS.isdisjoint(words[max(0, at - 3) : at - 1])


def _tells_as_subject(words: list[str]) -> bool:
    """The asker telling of themselves as the subject ("i am doing my final year project"),
    not a word of theirs inside the question ("… messing with my database")."""
    return _tells(words) and words[0] not in ("my", "our")


def _tells(words: list[str]) -> bool:
    """The asker telling of themselves ("i need it for my ppt"), not asking to know ("please
    my brother, i want to know the github stars")."""
    return any(
        tuple(words[: len(opening)]) == opening for opening in _TELLING
    ) and not _WISHING_TO_KNOW.match(" ".join(words))


_WISHING_TO_KNOW = re.compile(
    # "… i need to know before the meeting": when, told; "i want to know the stars": what, asked
    r"i (?:want|need|wanna|would like|d like) (?:to )?(?:know|see|ask|find out) "
    r"(?:the|a|an|which|what|how|who|when|where|if|whether|about|more)\b"
)


def _opens_asking(words: list[str]) -> bool:
    """A clause that asks: a question word in it, or a request first ("kindly explain …")."""
    first = next((w for w in words if w not in _INTERJECTIONS), "")
    return bool(OPENING.intersection(words)) or first in _POLITE


_ENDING_MARKS = re.compile(r"[?!.]+\s*$")


def _asks(sentence: str, words: tuple[str, ...]) -> bool:
    """Whether a sentence asks: a question mark, or an asking word first ("ugh. anyway does
    flask ship csrf protection": after an interjection or two)."""
    ending = _ENDING_MARKS.search(sentence)  # "scalability?!?!?!"
    if ending is not None and "?" in ending.group(0):
        return True
    # "sorry, i mean what are the advantages": the question said again
    start = next((len(again) for again in _SAID_AGAIN if words[: len(again)] == again), 0)
    opening = next((w for w in words[start : start + 4] if w not in _INTERJECTIONS and w not in _POLITE), "")
    # "numbers pls": a few words and a please ask for them
    return opening in ASKING or (len(words) <= FEW_WORDS and words[-1:] in _PLEASE and len(words) > 1)

"""The frozen blind panels as regression suites (tests/panels.py says how they were written).

Each panel's answers are scored as `python -m bot ask` prints them; the number passing in each
category may not fall below what was measured when the panel was last scored. A fix that
passes more raises the floor here, in the same change.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.panels import PANELS, comparison_of, engine_for, load_cases, panel_files, run_cases

CATEGORIES = ("freeform", "unknown", "followup", "noisy", "command", "offtopic", "chat")

# Passing cases per category (in the order of CATEGORIES), as last measured (`python -m tests.panels`).
# Lowered once on purpose: a "not covered" answer no longer echoes the whole question (it names
# the words the article says nothing of), so cases whose must-have words were only in the
# echoed question no longer pass: flask heldout free-form 53 → 52, flask heldout10 noisy
# 12 → 11, flask tune free-form 57 → 56, keras heldout10 free-form 52 → 51 and noisy 11 → 10.
FLOORS: dict[str, tuple[int, ...]] = {
    "flask-vs-django.tune": (57, 21, 18, 12, 11, 5, 3),
    # tune2 free-form 45 → 44: in "I keep hearing Django's only for massive enterprise stuff and
    # is dumb for anything small... is that right?" the claim is now what is read (not "is that
    # right"); it answers the half about large projects, not the con on small jobs. 44 → 43:
    # "… big flask repos end up looking totally different from one team to the next... is that
    # actually a thing?" likewise reads the claim, and "different from one team to the next" is
    # not taken for the article's "vary widely from team to team". 43 → 42: documentation is no
    # longer a community word (the Keras article says nothing of documentation, only of
    # tutorials), so "…or just toys for tutorials" no longer meets "well-documented".
    "flask-vs-django.tune2": (44, 19, 16, 10, 9, 4, 3),
    "flask-vs-django.tune3": (56, 23, 18, 12, 12, 5, 3),
    "flask-vs-django.tune4": (40, 19, 17, 11, 10, 5, 3),
    "keras-vs-mxnet.tune": (57, 22, 19, 12, 11, 5, 3),
    "keras-vs-mxnet.tune2": (44, 19, 15, 10, 9, 3, 3),
    "keras-vs-mxnet.tune3": (54, 22, 19, 12, 11, 5, 3),
    "keras-vs-mxnet.tune4": (48, 22, 18, 12, 10, 5, 3),
    "keras-vs-mxnet.tune5": (54, 21, 18, 12, 10, 5, 3),
    "flask-vs-django.tune5": (51, 21, 19, 12, 11, 5, 3),
    "keras-vs-mxnet.tune6": (86, 21, 16, 4, 0, 0, 0),
    "flask-vs-django.tune6": (86, 19, 16, 5, 0, 0, 0),
    "keras-vs-mxnet.tune7": (52, 22, 17, 12, 10, 5, 3),
    "flask-vs-django.tune7": (54, 20, 18, 12, 10, 5, 3),
    "keras-vs-mxnet.tune8": (52, 20, 18, 12, 11, 5, 3),
    "flask-vs-django.tune8": (56, 22, 18, 12, 11, 5, 3),
    "keras-vs-mxnet.tune9": (57, 23, 17, 12, 11, 5, 3),
    "flask-vs-django.tune9": (53, 21, 19, 12, 11, 5, 3),
    # tune10: first run at bcc2e17, Keras 114/125, Flask 130/135.
    "keras-vs-mxnet.tune10": (51, 21, 18, 12, 10, 5, 3),
    "flask-vs-django.tune10": (62, 22, 19, 12, 12, 5, 3),
    # tune11: first run at 0917334, Keras 105/125, Flask 104/128.
    "keras-vs-mxnet.tune11": (50, 21, 18, 12, 10, 5, 3),
    "flask-vs-django.tune11": (50, 19, 18, 13, 11, 5, 3),
    # tune12: first run at 4b2b4e8 (with it), Keras 119/130, Flask 110/126.
    "keras-vs-mxnet.tune12": (53, 21, 19, 13, 11, 5, 3),
    # lowered by one: "the word escapes me" had met "escapes HTML", a wrong reason to pass
    "flask-vs-django.tune12": (53, 22, 19, 11, 10, 5, 3),
    # tune13: first run at 887f090, Keras 124/132, Flask 115/129.
    "keras-vs-mxnet.tune13": (57, 22, 19, 13, 11, 5, 3),
    "flask-vs-django.tune13": (52, 22, 18, 11, 11, 5, 3),
    # tune14: first run at 2dc2cc3, Keras 113/125, Flask 111/125.
    "keras-vs-mxnet.tune14": (53, 21, 18, 12, 10, 5, 3),
    "flask-vs-django.tune14": (52, 20, 16, 12, 10, 5, 3),
    # tune15: first run at b331226, Keras 117/126, Flask 107/125.
    "keras-vs-mxnet.tune15": (52, 22, 19, 12, 10, 5, 3),
    "flask-vs-django.tune15": (52, 19, 17, 12, 10, 5, 3),
    # tune16: first run at 1f54302, Keras 108/127, Flask 113/125.
    "keras-vs-mxnet.tune16": (53, 19, 15, 11, 10, 5, 3),
    "flask-vs-django.tune16": (54, 19, 17, 11, 10, 5, 3),
    # tune17: first run at e5f0614, Keras 112/128, Flask 110/133.
    "keras-vs-mxnet.tune17": (50, 22, 19, 12, 11, 5, 3),
    "flask-vs-django.tune17": (55, 20, 18, 10, 11, 5, 3),
    # tune18: first run at b61da00, Keras 113/127, Flask 106/128.
    "keras-vs-mxnet.tune18": (50, 22, 18, 11, 11, 5, 3),
    "flask-vs-django.tune18": (43, 20, 18, 11, 11, 5, 3),
    # tune19: first run at de6119e, Keras 114/130, Flask 114/131.
    "keras-vs-mxnet.tune19": (50, 22, 16, 11, 11, 5, 3),
    "flask-vs-django.tune19": (49, 20, 16, 12, 12, 5, 3),
    # tune20: first run at 79b2827, Keras 114/128, Flask 108/128.
    "keras-vs-mxnet.tune20": (54, 19, 19, 11, 10, 5, 3),
    "flask-vs-django.tune20": (51, 20, 17, 11, 10, 5, 3),
    # tune21: first run at 79b2827, Keras 111/128, Flask 101/128.
    "keras-vs-mxnet.tune21": (55, 19, 17, 11, 10, 5, 3),
    "flask-vs-django.tune21": (46, 20, 18, 10, 10, 5, 3),
    # heldout20 (blind): start e5f0614 Keras 108/129, Flask 113/133; first look at 5cf641a,
    # before any failure was read: Keras 110/129, Flask 116/133.
    "keras-vs-mxnet.heldout20": (46, 21, 19, 12, 11, 5, 3),
    "flask-vs-django.heldout20": (47, 21, 20, 13, 11, 5, 3),
    # heldout21 (blind, never read): start e5f0614 Keras 110/125, Flask 107/131; at f7a02ff,
    # the session's last reading commit: Keras 115/125, Flask 108/131; after the review's
    # mends, Flask 107/131 (one unknown case, unread, no longer split off and refused).
    "keras-vs-mxnet.heldout21": (48, 20, 18, 12, 10, 5, 3),
    "flask-vs-django.heldout21": (39, 21, 19, 10, 11, 5, 3),
    # heldout22 (blind, never read): start 79b2827 Keras 103/128, Flask 99/129; at c01d4fd,
    # the session's last commit to the reading: Keras 109/128, Flask 99/129.
    "keras-vs-mxnet.heldout22": (51, 18, 16, 12, 10, 4, 3),
    "flask-vs-django.heldout22": (42, 21, 16, 12, 10, 5, 3),
    # tune22: first run at 5774ac4, Keras 113/128, Flask 115/128.
    "keras-vs-mxnet.tune22": (52, 21, 16, 10, 10, 5, 3),
    "flask-vs-django.tune22": (50, 22, 18, 12, 10, 5, 3),
    # tune23: first run at 9ebe4d0, Keras 113/128, Flask 118/130.
    "keras-vs-mxnet.tune23": (53, 17, 18, 11, 10, 5, 3),
    "flask-vs-django.tune23": (51, 21, 18, 12, 10, 5, 3),
    # heldout23 (blind, never read): start 5774ac4 Keras 109/128, Flask 110/128.
    "keras-vs-mxnet.heldout23": (47, 18, 16, 11, 10, 5, 3),
    "flask-vs-django.heldout23": (45, 21, 14, 12, 10, 5, 3),
    # heldout24 (blind, never read), written at the session's end: start 5774ac4 Keras 114/128,
    # Flask 108/128; at 659a29d, the session's last commit to the reading: Keras 113, Flask 109.
    "keras-vs-mxnet.heldout24": (48, 19, 16, 12, 10, 5, 3),
    "flask-vs-django.heldout24": (43, 21, 16, 12, 10, 5, 2),
    "flask-vs-django.heldout": (54, 22, 19, 12, 12, 5, 3),
    "flask-vs-django.heldout2": (58, 25, 18, 12, 12, 5, 3),
    # heldout3 is never read. Saying a part not covered beside the part answered (session 8)
    # gained one of its unknown cases and lost one noisy case, unread: the noisy floor is 11.
    "flask-vs-django.heldout3": (53, 20, 18, 11, 10, 5, 3),
    "flask-vs-django.heldout4": (54, 22, 18, 12, 11, 5, 3),
    "flask-vs-django.heldout5": (55, 21, 18, 12, 10, 5, 3),
    "flask-vs-django.heldout6": (54, 22, 19, 13, 12, 5, 3),
    "flask-vs-django.heldout7": (51, 22, 19, 12, 10, 5, 3),
    "flask-vs-django.heldout8": (55, 21, 17, 12, 11, 5, 3),
    "flask-vs-django.heldout9": (55, 22, 18, 11, 10, 5, 3),
    "keras-vs-mxnet.heldout": (55, 22, 17, 10, 10, 5, 3),
    "keras-vs-mxnet.heldout2": (55, 24, 20, 12, 12, 5, 3),
    "keras-vs-mxnet.heldout3": (53, 21, 17, 12, 10, 5, 3),
    "keras-vs-mxnet.heldout4": (55, 22, 18, 12, 10, 5, 3),
    "keras-vs-mxnet.heldout5": (52, 21, 18, 12, 10, 5, 3),
    "keras-vs-mxnet.heldout6": (55, 21, 17, 12, 11, 5, 3),
    "keras-vs-mxnet.heldout7": (54, 21, 18, 11, 10, 5, 3),
    "keras-vs-mxnet.heldout8": (55, 23, 19, 13, 11, 5, 3),
    "keras-vs-mxnet.heldout9": (55, 21, 16, 12, 10, 5, 3),
    "flask-vs-django.heldout10": (51, 22, 18, 12, 10, 5, 3),
    "flask-vs-django.heldout11": (51, 19, 18, 12, 10, 5, 3),
    "keras-vs-mxnet.heldout10": (53, 23, 19, 11, 11, 5, 3),
    "keras-vs-mxnet.heldout11": (53, 21, 18, 11, 10, 5, 3),
    # Answered from the files `python -m bot draft` makes of tests/data/articles/.
    # p065 (noisy) was passed by "not covered"; it now gets the advice it asks for, which also
    # says when to choose MySQL, as every recommendation does — and its must_not forbids that.
    "postgresql-versus-mysql.tune-draft": (30, 9, 11, 6, 6, 2, 1),
    # noisy 7 → 6: "is that true according to the article?" now checks the quoted claim (> go is
    # basically as fast as C), which the Go passage meets only in part ("C" is not in it).
    "rust-vs-go.tune-draft": (29, 9, 10, 6, 6, 2, 1),
    # heldout12 and heldout13: first run at a5bb55a (the README's honest figures), then read and
    # tuned on; kept from here on as regression suites.
    "keras-vs-mxnet.heldout12": (55, 20, 18, 12, 10, 5, 3),
    "flask-vs-django.heldout12": (51, 19, 18, 12, 11, 5, 3),
    "keras-vs-mxnet.heldout13": (56, 20, 18, 12, 10, 5, 3),
    "flask-vs-django.heldout13": (53, 21, 18, 12, 10, 5, 3),
    "flask-vs-django.heldout-draft": (36, 16, 13, 7, 8, 3, 2),
    # heldout14: first run blind at 9b31790 (Keras 116/125, Flask 113/126) and at fe408be (117,
    # 114: the README's honest figures), then read; kept from here on as regression suites.
    "keras-vs-mxnet.heldout14": (53, 22, 18, 12, 10, 5, 3),
    "flask-vs-django.heldout14": (53, 22, 16, 12, 10, 5, 3),
    # heldout15 and heldout16: first run blind at a76123e (Keras 119/127 and 120/125, Flask
    # 115/129 and 113/127) and at 50b229b (121, 122; 115, 114: the README's honest figures),
    # then read; kept from here on as regression suites.
    "keras-vs-mxnet.heldout15": (54, 21, 17, 13, 11, 5, 3),
    "flask-vs-django.heldout15": (53, 22, 19, 12, 12, 5, 3),
    "keras-vs-mxnet.heldout16": (54, 21, 17, 12, 10, 5, 3),
    "flask-vs-django.heldout16": (53, 20, 18, 12, 11, 5, 3),
    # heldout17: first run blind at bcc2e17 (Keras 106/125, Flask 110/127) and at db8fdeb (113,
    # 113: the README's honest figures), then read; kept from here on as regression suites.
    "keras-vs-mxnet.heldout17": (52, 22, 18, 12, 10, 5, 3),
    "flask-vs-django.heldout17": (52, 21, 18, 11, 10, 5, 3),
    # heldout18: start (2dc2cc3) Keras 117/125, Flask 114/125; first look (092250a) 117, 115.
    "keras-vs-mxnet.heldout18": (52, 22, 18, 12, 10, 5, 3),
    "flask-vs-django.heldout18": (52, 21, 18, 12, 10, 5, 3),
    # heldout19: start (2dc2cc3) Keras 112/125, Flask 108/125; first look (d199bad) 114, 108.
    "keras-vs-mxnet.heldout19": (51, 21, 18, 11, 10, 5, 3),
    "flask-vs-django.heldout19": (47, 20, 18, 11, 10, 5, 3),
}

PANEL_FILES = panel_files()


@pytest.mark.parametrize("panel", PANEL_FILES, ids=lambda p: p.stem)
def test_a_panel_is_well_formed(panel: Path):
    """A typo in a panel must not turn a check into one that always passes."""
    cases = load_cases(panel)
    assert len({case["id"] for case in cases}) == len(cases), "ids are unique"
    for case in cases:
        assert set(case) <= {"id", "cat", "q", "context", "must", "must_not"}, case
        assert case["cat"] in CATEGORIES and isinstance(case["q"], str), case
        assert case.get("must") or case.get("must_not"), case
        checks = [*case.get("must", []), *case.get("must_not", [])]
        texts = [a for item in checks for a in (item if isinstance(item, list) else [item])]
        assert all(isinstance(text, str) and text for text in texts), case


def test_every_panel_has_a_comparison_and_a_floor():
    assert {comparison_of(p) for p in PANEL_FILES} == {
        "keras-vs-mxnet",
        "flask-vs-django",
        "postgresql-versus-mysql",
        "rust-vs-go",
    }
    assert set(FLOORS) <= {p.stem for p in PANEL_FILES}
    assert all(len(floors) == len(CATEGORIES) for floors in FLOORS.values())
    assert PANELS.is_dir()


@pytest.mark.parametrize("panel", [p for p in PANEL_FILES if p.stem in FLOORS], ids=lambda p: p.stem)
def test_a_panel_passes_no_fewer_cases_than_before(panel: Path):
    outcomes = run_cases(engine_for(panel), load_cases(panel))
    passed = Counter(o.case["cat"] for o in outcomes if o.passed)
    # A held-out panel's failures are not read while tuning: only a tuning panel names them.
    held_out = ".heldout" in panel.stem
    failing = [] if held_out else [f"{o.case['id']} {o.case['q']!r}" for o in outcomes if not o.passed]
    for category, floor in zip(CATEGORIES, FLOORS[panel.stem], strict=True):
        assert passed[category] >= floor, (category, passed[category], floor, failing)

"""One reading of a settings change for Discord and the shell (bot/core/edits.py): what it
accepts, what it refuses and in which words."""

from __future__ import annotations

import pytest

from bot.core.edits import parse_edit
from bot.core.settings import DEFAULTS, SettingError


def edited(engine, key: str, value: str):
    edit = parse_edit(engine, engine.default, key, value)
    return edit.change(DEFAULTS), edit.done


@pytest.mark.parametrize("value", ["mxnet", "mx net", "mxnt", "keras-vs-mxnet:mxnet"])
def test_a_default_library_is_named_any_way_a_member_would(engine, value):
    settings, done = edited(engine, "default-library", value)
    assert str(settings.default_library) == "keras-vs-mxnet:mxnet" and done == "Default library set to MXNet."


def test_none_clears_the_default_library(engine):
    settings, done = edited(engine, "default-library", "None")
    assert settings.default_library is None and done.startswith("No default library")


@pytest.mark.parametrize(
    ("key", "value", "refusal"),
    [
        ("default-library", "pytorch", "The default library must be one of: Keras, MXNet, or none."),
        ("comparison", "nope", "The comparison must be a loaded one, or default."),
        ("colour", "red", "There is no setting 'colour'."),
        ("style", "fancy", "Style must be one of: embed, text."),
    ],
)
def test_a_refused_value_says_what_is_allowed(engine, key, value, refusal):
    with pytest.raises(SettingError, match=refusal.replace(".", r"\.").replace("(", r"\(")):
        parse_edit(engine, engine.default, key, value)


def test_the_default_comparison_is_chosen_by_name(engine):
    settings, done = edited(engine, "comparison", "default")
    assert settings.comparison is None and done.endswith("(the default).")

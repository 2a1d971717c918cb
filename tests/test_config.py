"""Configuration from the environment: defaults, and combinations that cannot work refused
with what to set instead."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.knowledge import load_knowledge
from bot.ops.config import Config, ConfigError, load_engine
from tests.conftest import KNOWLEDGE_DIR


def test_defaults():
    config = Config.from_env({}, dotenv=False)
    assert (config.prefix, config.db_path, config.knowledge_path) == (
        "!",
        Path("data/versus.sqlite3"),
        Path("knowledge"),
    )
    assert config.token is None and config.message_content and config.question_rate == (5, 30.0)


def test_token_is_never_in_the_repr():
    config = Config.from_env({"DISCORD_TOKEN": "secret-token-value"}, dotenv=False)
    assert config.token == "secret-token-value"
    assert "secret-token-value" not in repr(config)


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"DISCORD_API_BASE": "http://127.0.0.1:1/api/v10"}, "DISCORD_GATEWAY_URL"),
        ({"VERSUS_SHARD_IDS": "0,1"}, "VERSUS_SHARD_COUNT"),
        ({"VERSUS_SHARD_COUNT": "2", "VERSUS_SHARD_IDS": "2"}, "below VERSUS_SHARD_COUNT"),
        ({"VERSUS_SHARD_COUNT": "0"}, "1 or more"),
        ({"VERSUS_LOG_LEVEL": "loud"}, "DEBUG, INFO"),
        ({"VERSUS_PREFIX": "@@"}, "1 to 5 visible characters"),
        ({"VERSUS_MESSAGE_CONTENT": "maybe"}, "true or false"),
        ({"VERSUS_QUESTION_RATE": "lots"}, "5/30"),
        ({"VERSUS_OWNER_IDS": "me"}, "numeric ids"),
        ({"VERSUS_LOG_FORMAT": "xml"}, "text or json"),
        ({"VERSUS_METRICS_PORT": "99999"}, "VERSUS_METRICS_PORT must be a port number"),
        ({"VERSUS_METRICS_HOST": "0.0.0.0"}, "VERSUS_METRICS_PORT is not"),
        ({"VERSUS_METRICS_PORT": "9100", "VERSUS_METRICS_HOST": "a b"}, "VERSUS_METRICS_HOST must be"),
    ],
)
def test_impossible_settings_are_refused_with_what_to_set(env, says):
    with pytest.raises(ConfigError, match=says):
        Config.from_env(env, dotenv=False)


def test_metrics_are_off_and_logs_text_by_default_and_both_read_when_set():
    config = Config.from_env({}, dotenv=False)
    assert config.metrics is None and config.log_format == "text"
    config = Config.from_env({"VERSUS_METRICS_PORT": "9100", "VERSUS_LOG_FORMAT": " JSON "}, dotenv=False)
    assert (config.metrics.port, config.metrics.host, config.log_format) == (9100, "127.0.0.1", "json")
    config = Config.from_env({"VERSUS_METRICS_PORT": "9100", "VERSUS_METRICS_HOST": "::"}, dotenv=False)
    assert config.metrics.host == "::"


def test_sharding_and_owners_parse():
    config = Config.from_env(
        {"VERSUS_SHARD_COUNT": "4", "VERSUS_SHARD_IDS": "3, 1", "VERSUS_OWNER_IDS": "1,2"}, dotenv=False
    )
    assert config.shard_count == 4 and config.shard_ids == (1, 3) and config.owner_ids == {1, 2}


def test_default_comparison_is_read_and_checked_against_the_knowledge():
    config = Config.from_env({"VERSUS_COMPARISON": " keras-vs-mxnet "}, dotenv=False)
    assert config.default_comparison == "keras-vs-mxnet"
    assert Config.from_env({}, dotenv=False).default_comparison is None
    assert load_engine(replace(config, knowledge_path=KNOWLEDGE_DIR)).default.id == "keras-vs-mxnet"


def test_an_unknown_default_comparison_stops_the_start_naming_the_loaded_ones():
    config = Config(knowledge_path=KNOWLEDGE_DIR, default_comparison="tensorflow-vs-pytorch")
    with pytest.raises(ConfigError) as refused:
        load_engine(config)
    loaded = ", ".join(c.id for c in load_knowledge(KNOWLEDGE_DIR).comparisons)
    assert str(refused.value) == (
        f"VERSUS_COMPARISON: no comparison 'tensorflow-vs-pytorch' is loaded (loaded: {loaded})"
    )

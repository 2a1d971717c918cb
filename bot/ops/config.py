"""Runtime configuration: every setting comes from the environment (optionally a `.env` file).

`.env` is read from the working folder — the folder Versus is run from, where relative paths
such as `VERSUS_DB` also point — never from the code's folder or above it; the environment
wins over it. `.env.example` lists each variable with its default. The Discord token is kept out of
`repr()` so it can never end up in a log line or a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dotenv import dotenv_values

from bot.core.engine import Engine, UnknownComparison
from bot.core.knowledge import load_knowledge
from bot.core.settings import SettingError, parse_prefix
from bot.ops.logs import LogFormat, parse_log_format

if TYPE_CHECKING:
    from bot.ops.metrics import MetricsConfig

DEFAULT_PREFIX = "!"
DEFAULT_DB = "data/versus.sqlite3"
DEFAULT_KNOWLEDGE = "knowledge"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A configuration variable holds a value Versus cannot use."""


def _parse_bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def _parse_ids(name: str, raw: str) -> frozenset[int]:
    parts = [p for p in raw.replace(",", " ").split() if p]
    try:
        return frozenset(int(p) for p in parts)
    except ValueError:
        raise ConfigError(f"{name} must be a comma-separated list of numeric ids") from None


def _parse_optional_int(name: str, raw: str) -> int | None:
    if not raw.strip():
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def _parse_rate(name: str, raw: str) -> tuple[int, float]:
    count, _, seconds = raw.partition("/")
    try:
        rate = (int(count), float(seconds))
    except ValueError:
        rate = (0, 0.0)
    if rate[0] < 1 or rate[1] <= 0:
        raise ConfigError(f"{name} must look like 5/30 (uses per seconds), not {raw!r}")
    return rate


def _parse_log_format(raw: str) -> LogFormat:
    try:
        return parse_log_format(raw)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _parse_metrics(port: str, host: str) -> MetricsConfig | None:
    """VERSUS_METRICS_PORT and VERSUS_METRICS_HOST (None: metrics off)."""
    if not port.strip() and not host.strip():
        return None
    from bot.ops.metrics import parse_metrics_env

    try:
        return parse_metrics_env(port, host)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def dotenv_file() -> Path | None:
    """`.env` in the working folder, if there is one."""
    path = Path.cwd() / ".env"
    return path if path.is_file() else None


@dataclass(frozen=True)
class Config:
    """Everything Versus reads from its environment."""

    token: str | None = field(default=None, repr=False)
    prefix: str = DEFAULT_PREFIX
    db_path: Path = field(default=Path(DEFAULT_DB), repr=False)  # a URL may hold a password
    knowledge_path: Path = Path(DEFAULT_KNOWLEDGE)
    owner_ids: frozenset[int] = frozenset()
    api_base: str | None = None
    gateway_url: str | None = None
    log_level: str = "INFO"
    log_format: LogFormat = "text"  # json: one JSON object per line
    metrics: MetricsConfig | None = None  # where /metrics and /healthz are served; None: off
    message_content: bool = True
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    question_rate: tuple[int, float] = (5, 30.0)  # free-form questions per user per window
    command_rate: tuple[int, float] = (10, 30.0)  # commands per user per window
    default_comparison: str | None = None  # a comparison id; None: the first knowledge file
    env_file: Path | None = None  # the .env read (for the start-up log line), None: none was

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, *, dotenv: bool = True) -> Config:
        """Read the configuration; `.env` fills in only what the environment leaves unset."""
        env_file = None
        if env is None:
            env_file = dotenv_file() if dotenv else None
            from_file = dotenv_values(env_file) if env_file else {}
            env = {k: v for k, v in from_file.items() if v is not None} | dict(os.environ)
        get = env.get
        shard_ids_raw = get("VERSUS_SHARD_IDS", "")
        config = cls(
            token=(get("DISCORD_TOKEN") or "").strip() or None,
            prefix=get("VERSUS_PREFIX") or DEFAULT_PREFIX,
            db_path=Path(get("VERSUS_DB") or DEFAULT_DB),
            knowledge_path=Path(get("VERSUS_KNOWLEDGE") or DEFAULT_KNOWLEDGE),
            owner_ids=_parse_ids("VERSUS_OWNER_IDS", get("VERSUS_OWNER_IDS", "")),
            api_base=(get("DISCORD_API_BASE") or "").rstrip("/") or None,
            gateway_url=get("DISCORD_GATEWAY_URL") or None,
            log_level=(get("VERSUS_LOG_LEVEL") or "INFO").upper(),
            log_format=_parse_log_format(get("VERSUS_LOG_FORMAT", "")),
            metrics=_parse_metrics(get("VERSUS_METRICS_PORT", ""), get("VERSUS_METRICS_HOST", "")),
            message_content=_parse_bool("VERSUS_MESSAGE_CONTENT", get("VERSUS_MESSAGE_CONTENT", "true")),
            question_rate=_parse_rate("VERSUS_QUESTION_RATE", get("VERSUS_QUESTION_RATE", "5/30")),
            command_rate=_parse_rate("VERSUS_COMMAND_RATE", get("VERSUS_COMMAND_RATE", "10/30")),
            default_comparison=(get("VERSUS_COMPARISON") or "").strip() or None,
            env_file=env_file,
            shard_count=_parse_optional_int("VERSUS_SHARD_COUNT", get("VERSUS_SHARD_COUNT", "")),
            shard_ids=tuple(sorted(_parse_ids("VERSUS_SHARD_IDS", shard_ids_raw)))
            if shard_ids_raw.strip()
            else None,
        )
        config.check()
        return config

    def check(self) -> None:
        """Refuse combinations that cannot work, with what to set instead."""
        if self.api_base and not self.gateway_url:
            # discord.py falls back to Discord's own gateway: the token would go there.
            raise ConfigError("DISCORD_API_BASE is set, so DISCORD_GATEWAY_URL must be set too (same server)")
        if self.shard_count is not None and self.shard_count < 1:
            raise ConfigError("VERSUS_SHARD_COUNT must be 1 or more")
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ConfigError("VERSUS_SHARD_IDS needs VERSUS_SHARD_COUNT (the total number of shards)")
            if max(self.shard_ids) >= self.shard_count:
                raise ConfigError(f"VERSUS_SHARD_IDS must be below VERSUS_SHARD_COUNT ({self.shard_count})")
        if self.log_level not in LOG_LEVELS:
            allowed = ", ".join(LOG_LEVELS)
            raise ConfigError(f"VERSUS_LOG_LEVEL must be one of {allowed}, not {self.log_level!r}")
        try:
            parse_prefix(self.prefix)
        except SettingError as exc:
            raise ConfigError(f"VERSUS_PREFIX: {exc}") from None


def load_engine(config: Config, knowledge: Path | None = None) -> Engine:
    """An engine over the knowledge base at `knowledge` (else VERSUS_KNOWLEDGE), answering by
    default from VERSUS_COMPARISON — a ConfigError naming the loaded ones when it is not
    loaded — or else the first file by name."""
    kb = load_knowledge(knowledge or config.knowledge_path)
    try:
        return Engine(kb, default_comparison=config.default_comparison)
    except UnknownComparison as exc:
        raise ConfigError(f"VERSUS_COMPARISON: {exc}") from None

"""A change of one server setting as an admin types it — `comparison keras-vs-mxnet`,
`default-library mx net`, `style text` — checked against the loaded knowledge and turned
into a change of `GuildSettings` and what to say once it is saved.

One reading for the `settings` command in Discord and `python -m bot settings` at the shell,
so both accept and refuse exactly the same values with the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.core.engine import Engine
from bot.core.knowledge import Comparison, find_comparison, loaded_comparisons
from bot.core.matching import EntityKind
from bot.core.query import QUALIFIER
from bot.core.settings import (
    BY_NAME,
    SETTINGS,
    GuildSettings,
    LibraryRef,
    Setting,
    SettingError,
    confirmation,
    with_comparison,
)

NO_LIBRARY = "none"  # `default-library none`: answer for every library
DEFAULT_COMPARISON = ("default", "none")  # `comparison default`: the knowledge's default
KEYS = tuple(spec.command for spec in SETTINGS if spec.command)  # what an admin types


@dataclass(frozen=True)
class Edit:
    """A validated change of one setting, and what to tell the admin once it is saved."""

    change: Callable[[GuildSettings], GuildSettings]
    done: str


def parse_edit(engine: Engine, answering: Comparison, key: str, value: str) -> Edit:
    """`settings KEY VALUE` for a server answering from `answering`; SettingError if refused."""
    if key not in KEYS:
        raise SettingError(f"There is no setting {key!r}. Settings: {', '.join(KEYS)}.")
    if key == BY_NAME["comparison"].command:
        return comparison_edit(engine, value)
    if key == BY_NAME["default_library"].command:
        return library_edit(engine, answering, value)
    return value_edit(next(s for s in SETTINGS if s.command == key), value)


def value_edit(spec: Setting, value: str) -> Edit:
    """A setting whose parser is all it needs."""
    parsed = spec.parse(value)
    return Edit(lambda s: replace(s, **{spec.name: parsed}), confirmation(spec, parsed))


def comparison_edit(engine: Engine, value: str) -> Edit:
    """The comparison a server answers from: a loaded one's id or title, or the default."""
    chosen = None
    if value.strip().casefold() not in DEFAULT_COMPARISON:
        chosen = find_comparison(engine.kb, value)
        if chosen is None:
            raise SettingError(
                f"The comparison must be a loaded one, or default. {loaded_comparisons(engine.kb)}"
            )
    answering = chosen or engine.default
    return Edit(
        lambda s: with_comparison(s, chosen.id if chosen else None, answering),
        f"Comparison set to {answering.title}" + (" (the default)." if chosen is None else "."),
    )


def library_edit(engine: Engine, answering: Comparison, value: str) -> Edit:
    """The server's default library: one of `answering` — `comparison:key` (autocomplete's
    values), or a name, alias or typo of one — or none."""
    if value.strip().casefold() == NO_LIBRARY:
        return Edit(
            lambda s: replace(s, default_library=None), "No default library: answers cover every library."
        )
    comparison, qualifier, key = value.strip().partition(QUALIFIER)
    named = find_comparison(engine.kb, comparison) if qualifier else None
    if named is not None and named.id != answering.id:
        raise SettingError(
            f"That library belongs to another comparison; this server uses {answering.title}. "
            "Change it first with `settings comparison`."
        )
    entity = engine.matcher.resolve(value if named is None else key, EntityKind.LIBRARY, answering.id).entity
    if entity is None:
        known = ", ".join(lib.name for lib in answering.libraries)
        raise SettingError(f"The default library must be one of: {known}, or none.")
    ref = LibraryRef(entity.key, entity.comparison)
    return Edit(lambda s: replace(s, default_library=ref), f"Default library set to {entity.name}.")

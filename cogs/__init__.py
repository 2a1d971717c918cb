"""One cog per thing users do; `extension_names` lists them for the bot to load."""

import pkgutil


def extension_names() -> list[str]:
    """Every module of this package (each has `async def setup(bot)`)."""
    return [f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]

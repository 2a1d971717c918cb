"""Point discord.py at a Discord-compatible server other than discord.com.

Used for self-hosted servers and for the loopback emulator in `tests/`. discord.py keeps
its REST base and default gateway in class attributes, so this is process-wide.
"""

from __future__ import annotations

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY = "wss://gateway.discord.gg/"


def point_discord_at(api_base: str | None, gateway_url: str | None) -> None:
    """Send REST calls to `api_base` and open the gateway at `gateway_url` (None = Discord's)."""
    Route.BASE = (api_base or DISCORD_API_BASE).rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url or DISCORD_GATEWAY)

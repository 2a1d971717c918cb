"""A loopback Discord API emulator for end-to-end tests with the real discord.py client.

An aiohttp server on 127.0.0.1 (free port) speaks REST `/api/v10` and the gateway websocket
closely enough that discord.py 2.7 cannot tell it from Discord, for prefix commands, hybrid
and slash commands (groups, subcommands, autocomplete), message context menus, buttons,
embeds, ephemeral replies, deferrals and follow-ups, DMs, mentions, permission checks and
command sync. It honours intents (MESSAGE_CONTENT blanking included), sharding, RESUME, and
resolves permissions exactly as Discord does (see `permissions.py`). The fixture is in
`world.py`.

Driver API (everything awaits events; nothing sleeps and polls)::

    emu = DiscordEmulator(refuse_message_content=False, extra_guilds=0, extra_members=0,
                          interaction_timeout=3.0, bot_denied={"muted": Permission.SEND_MESSAGES},
                          channel_rate_limit=False)
                                                  # bot_denied: extra channels where the bot's
                                                  #   member is denied those permission bits;
                                                  #   channel_rate_limit: Discord's 5 messages
                                                  #   per 5 s per channel (429 + X-RateLimit-*)
    await emu.start() / await emu.stop()          # or: async with DiscordEmulator() as emu
    emu.api_base, emu.gateway_url, emu.token      # http://127.0.0.1:PORT/api/v10, ws://.../gateway
    emu.ids                                       # FixtureIds: bot, application, owner, admin,
                                                  #   admin2, member, other_bot, guild,
                                                  #   extra_guilds, roles[key], channels[name]
    crowd_user(n), crowd_channel(n)               # extra member n's key ("user07") and own
                                                  #   channel ("room-07"), n < extra_members
    emu.world                                     # the fixture as it stands (users, guilds, channels,
                                                  #   roles): a frozen snapshot each change replaces
    emu.permissions_for(user, channel) -> int     # Discord's resolution, e.g. ("bot", "no-embeds")
    emu.channel_id(ref, user="member") -> int     # "general" / "dm" / id -> channel id
    emu.role(ref) -> Role                         # "bot" (the bot's role "Versus") / "everyone" /
                                                  #   "moderators" / "admin" / id, as it stands

    await emu.wait_for_identify(count=1) -> dict  # the count-th IDENTIFY (token removed)
    await emu.wait_ready_sent(count=1)            # READY + GUILD_CREATEs sent count times
    emu.identifies -> list[dict]

    await emu.send_message(channel="general", author="member", content="!ping",
                           mention_bot=False, reply_to=None) -> message id
    await emu.send_dm(author="member", content="hi") -> message id
    await emu.edit_message(message_id, "new content")              # MESSAGE_UPDATE
    await emu.create_thread(message_id, "name", author="member") -> thread id
                                                  # THREAD_CREATE; the thread takes the
                                                  #   message's id; send_message(channel=that id)
                                                  #   posts in it
    await emu.create_forum_post("help-forum", "member", title="t", content="c")
                                                  # -> (thread id, starter message id), equal:
                                                  #   THREAD_CREATE, then MESSAGE_CREATE
    await emu.invoke_slash("compare", {"aspect": "speed"}, user="member", channel="general",
                           locale="en-US", unsynced=False) -> InteractionHandle(id, token, channel_id)
    await emu.invoke_slash(("settings", "prefix"), {"value": "?"}, user="admin")
    await emu.invoke_slash("audit", user="member", override_permissions=True)  # Integrations override
    await emu.invoke_raw_slash(("settings", "prefix"), [], user="admin", channel="general",
                               locale="en-US")    # a stale client's command: leaf options sent
    await emu.invoke_raw_slash("compare", [{"name": "aspect", "type": 4, "value": 5}])
                                                  #   verbatim (missing, wrong type), no offer
                                                  #   checks (permissions, contexts)
    await emu.autocomplete("compare", {"aspect": "perf"}, focused="aspect") -> list of choices
    await emu.invoke_message_command("Ask Versus", message_id, user="member")
                                                  # right-click a message → Apps (type 2, data
                                                  #   type 3, target_id, resolved.messages)
    emu.buttons(message_id) -> list of buttons    # a message's components as they stand
    await emu.click_button(message_id, "label", user="member")
                                                  # a component interaction (type 3, custom_id,
                                                  #   the message); answers 4/5, 6 (ack) and 7
                                                  #   (update that message) are accepted

    out = await emu.next_output(timeout=5.0)      # Output: kind ("message" | "interaction_response"
                                                  #   | "defer" | "followup" | "edit" | "delete"
                                                  #   | "autocomplete" | "modal" | "reaction"
                                                  #   | "thread": the bot started one; its
                                                  #   channel_id is the thread, content its name),
                                                  #   channel_id, content, embeds, ephemeral,
                                                  #   allowed_mentions, choices, interaction_id,
                                                  #   message_id, message_reference, payload, .text
    await emu.expect_no_output_before("!help", shows="help", channel="general", author="member",
                                      mention_bot=False) -> Output
                                                  # "no reply" checks: sends a message the bot
                                                  #   surely answers; its answer must be the
                                                  #   next output (nothing before it)
    emu.outputs, emu.requests, emu.unknown_routes, emu.synced_commands(guild=None)

    emu.update_channel("general", overwrites=[Overwrite(emu.ids.roles["bot"], OverwriteType.ROLE,
                       deny=Permission.EMBED_LINKS)]) -> the channel as it was
                                                  # CHANNEL_UPDATE (whole channel); REST enforces
                                                  #   the new overwrites from then on
    emu.update_role("bot", permissions=bits) -> the role as it was
                                                  # GUILD_ROLE_UPDATE ({"guild_id", "role"}); REST
                                                  #   resolves with the new bits from then on
    emu.delete_channel("opted-in")                # CHANNEL_DELETE
    emu.remove_guild(guild_id, unavailable=False) -> Guild; emu.add_guild(guild)
                                                  # GUILD_DELETE (left, or an outage); GUILD_CREATE
    emu.inject_error("POST", "/channels/{channel_id}/messages", status=429, retry_after=0.2, times=1)
    await emu.request_reconnect(shard_id=None)    # op 7; returns once the client RESUMED
    await emu.invalidate_session(resumable=False) # op 9; returns after RESUMED / the new READY

    async with running_bot(emu, bot):             # or: task = await start_bot(emu, bot)
        ...                                       #     ...; await stop_bot(bot, task)

Faithful details worth knowing: the bot's own messages (and non-ephemeral interaction
responses) come back to it as MESSAGE_CREATE, as on Discord; without GUILD_MEMBERS the
GUILD_CREATE holds only the bot's member (with the true member_count); outputs are reported
only for requests Discord would accept (a 403/400 answer is in `emu.requests`, not an Output);
a reply (`message_reference`) needs Read Message History besides Send Messages (403 50013);
threads (from a message, or forum posts) resolve permissions with their parent's overwrites,
and posting in one needs Send Messages in Threads instead of Send Messages (starting one needs
Create Public Threads; a forum post, Send Messages in the forum).

For a fast start, give the bot a small `guild_ready_timeout` (discord.py waits 2 s after the
last GUILD_CREATE before on_ready; 0 also works, `start_bot` then waits for the guilds) and a
`before_identify_hook` that does not sleep (discord.py sleeps 5 s before every IDENTIFY but
the first: after op 9, and for each extra shard).

discord.py retries REST 500/502/504 itself after 1 + 2n s (five tries) and raises a 503 at
once; interaction callbacks and follow-ups are retried on any 5xx.

Modules: `emulator` (driver), `harness` (start/stop a client), `world` (fixture),
`permissions` (resolution), `ratelimit` (messages per channel), `gateway`, `rest` /
`command_routes` / `interaction_routes` / `thread_routes` (server), `interactions`
(INTERACTION_CREATE payloads), `validation` (Discord's limits).
"""

from .emulator import DiscordEmulator, InteractionHandle
from .harness import running_bot, start_bot, stop_bot
from .outputs import Output
from .permissions import ALL_PERMISSIONS, Overwrite, OverwriteType, Permission, resolve_permissions
from .rest import RequestRecord
from .world import FixtureIds, World, crowd_channel, crowd_user

__all__ = [
    "ALL_PERMISSIONS",
    "DiscordEmulator",
    "FixtureIds",
    "InteractionHandle",
    "Output",
    "Overwrite",
    "OverwriteType",
    "Permission",
    "RequestRecord",
    "World",
    "crowd_channel",
    "crowd_user",
    "resolve_permissions",
    "running_bot",
    "start_bot",
    "stop_bot",
]

"""The flood and refusal guards (bot/discord/guards.py) on their own, on a clock the test moves:
`UserLimit` (uses per user per window, one notice per window, a map that stays bounded),
`ChannelBudget` and `ChannelTurns` (a few messages on their way per channel, the rest in
line, the members who asked least first, stale messages dropped with one notice), `Refusals`
(channels Discord refused, logged once) and `Recent` (a bounded LRU map)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.discord.guards import (
    BUSY_NOTICE_SECONDS,
    DEMAND_SECONDS,
    SENDING_PER_CHANNEL,
    STALE_SECONDS,
    SWEEP_SIZE,
    WAITING_LIMIT,
    ChannelBudget,
    ChannelTurns,
    Recent,
    Refusals,
    Turn,
    UserLimit,
)

RATE, PER = 3, 10.0
ALICE, BOB = 1, 2


class Clock:
    """A monotonic clock that moves only when told."""

    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def at(self, offset: float) -> None:
        """Move to `offset` seconds after the clock's start."""
        self.now = 1_000.0 + offset


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limit(clock: Clock) -> UserLimit:
    return UserLimit(RATE, PER, clock=clock)


def use_up(limit: UserLimit, user: int = ALICE) -> None:
    """Every use left in the user's window."""
    for _ in range(RATE):
        assert limit.retry_after(user) == 0.0


# --- UserLimit: uses and windows --------------------------------------------------------


def test_rate_uses_per_window_then_the_seconds_until_it_ends(limit, clock):
    use_up(limit)
    clock.at(4.0)
    assert limit.retry_after(ALICE) == pytest.approx(6.0)
    clock.at(9.5)
    assert limit.retry_after(ALICE) == pytest.approx(0.5)


def test_the_window_opens_at_the_first_use_not_at_a_fixed_tick(limit, clock):
    clock.at(7.0)
    use_up(limit)
    clock.at(16.0)  # a fixed 10-second grid would have reset at 10
    assert limit.retry_after(ALICE) == pytest.approx(1.0)
    clock.at(17.0)
    assert limit.retry_after(ALICE) == 0.0


def test_uses_spread_over_a_window_still_count_in_it(limit, clock):
    for offset in (0.0, 4.0, 8.0):
        clock.at(offset)
        assert limit.retry_after(ALICE) == 0.0
    clock.at(9.0)
    assert limit.retry_after(ALICE) == pytest.approx(1.0)


def test_refused_uses_are_not_counted_nor_move_the_window(limit, clock):
    use_up(limit)
    clock.at(5.0)
    for _ in range(100):
        assert limit.retry_after(ALICE) == pytest.approx(5.0)
    clock.at(10.0)  # the window ends exactly `per` after it opened
    use_up(limit)  # a whole window's uses again: none of the 100 refusals carried over
    assert limit.retry_after(ALICE) == pytest.approx(PER)


def test_each_user_has_a_window_of_their_own(limit, clock):
    use_up(limit, ALICE)
    clock.at(5.0)
    assert limit.retry_after(BOB) == 0.0, "Alice's flood does not limit Bob"
    assert [limit.retry_after(BOB) for _ in range(RATE - 1)] == [0.0] * (RATE - 1)
    clock.at(10.0)
    assert limit.retry_after(ALICE) == 0.0
    assert limit.retry_after(BOB) == pytest.approx(5.0), "Bob's window opened 5 s after Alice's"


def test_the_real_clock_is_the_default():
    limit = UserLimit(1, 60.0)
    assert limit.retry_after(ALICE) == 0.0
    assert 59.0 < limit.retry_after(ALICE) <= 60.0


# --- UserLimit: notices -----------------------------------------------------------------


def test_a_flooding_user_is_noticed_once_per_window(limit, clock):
    use_up(limit)
    notices = []
    for offset in (1.0, 2.0, 9.9):
        clock.at(offset)
        notices.append(limit.should_notice(ALICE, limit.retry_after(ALICE)))
    assert notices == [True, False, False]

    clock.at(10.0)  # the next window, flooded again: one notice again
    use_up(limit)
    clock.at(11.0)
    assert limit.should_notice(ALICE, limit.retry_after(ALICE)) is True
    assert limit.should_notice(ALICE, limit.retry_after(ALICE)) is False


def test_notices_are_per_user(limit, clock):
    use_up(limit, ALICE)
    use_up(limit, BOB)
    assert limit.should_notice(ALICE, limit.retry_after(ALICE)) is True
    assert limit.should_notice(BOB, limit.retry_after(BOB)) is True
    assert limit.should_notice(ALICE, limit.retry_after(ALICE)) is False


# --- UserLimit: memory --------------------------------------------------------------------


def test_ended_windows_are_swept_so_the_map_stays_bounded(limit, clock):
    """Ten times SWEEP_SIZE users, each using the bot once, a hundred per window: the map
    never holds more than SWEEP_SIZE of them (without sweeping it would hold them all)."""
    largest = 0
    for n in range(10 * SWEEP_SIZE):
        clock.at(n * PER / 100)
        assert limit.retry_after(100 + n) == 0.0
        largest = max(largest, len(limit))
    assert largest <= SWEEP_SIZE
    assert len(limit) <= SWEEP_SIZE


def test_a_sweep_drops_ended_windows_and_keeps_open_ones(limit, clock):
    use_up(limit, ALICE)
    for user in range(100, 100 + 3 * SWEEP_SIZE):
        assert limit.retry_after(user) == 0.0
    # every window is open: past SWEEP_SIZE, nothing may go (the map grows instead)
    assert len(limit) == 3 * SWEEP_SIZE + 1
    assert limit.retry_after(ALICE) == pytest.approx(PER), "Alice is still limited"

    clock.at(PER)  # every window so far has ended
    for user in range(100_000, 100_000 + 3 * SWEEP_SIZE):
        assert limit.retry_after(user) == 0.0
    assert len(limit) == 3 * SWEEP_SIZE, "only the windows opened since are kept"
    assert limit.retry_after(ALICE) == 0.0, "Alice's window ended: she starts afresh"


# --- ChannelBudget: one channel's line ---------------------------------------------------------

CHANNEL, OTHER_CHANNEL = 111, 222
FLOODERS = range(100, 200)
MEMBER = 7


@pytest.fixture
def budget(clock: Clock) -> ChannelBudget[str]:
    """One message on its way per channel: the order of the line is plain to see."""
    return ChannelBudget(sending=1, clock=clock)


def in_line(budget: ChannelBudget[str], user: int, ticket: str, channel: int = CHANNEL) -> list:
    """A message that finds the channel taken: it waits (what that settled is returned)."""
    assert budget.arrive(channel, user) is False
    return budget.wait(channel, user, ticket)


def test_a_few_messages_go_at_once_per_channel_and_the_rest_wait(clock):
    budget: ChannelBudget[str] = ChannelBudget(clock=clock)
    assert [budget.arrive(CHANNEL, ALICE) for _ in range(SENDING_PER_CHANNEL)] == [True] * SENDING_PER_CHANNEL
    assert in_line(budget, BOB, "bob") == []
    assert budget.arrive(OTHER_CHANNEL, BOB) is True, "each channel has places of its own"
    assert budget.release(CHANNEL) == [("bob", Turn.SEND)]
    assert budget.release(CHANNEL) == []
    assert budget.arrive(CHANNEL, ALICE) is True, "a place is free again"


def test_a_free_channel_sends_at_once_and_the_next_when_a_place_frees(budget):
    assert budget.arrive(CHANNEL, ALICE) is True
    assert in_line(budget, BOB, "bob") == []
    assert budget.arrive(OTHER_CHANNEL, BOB) is True, "each channel has a line of its own"
    assert budget.release(CHANNEL) == [("bob", Turn.SEND)]
    assert budget.release(CHANNEL) == []
    assert budget.arrive(CHANNEL, ALICE) is True, "free again once everyone went"


def test_equals_go_first_come_first_served(budget, clock):
    assert budget.arrive(CHANNEL, ALICE)
    for n, user in enumerate(FLOODERS[:3]):
        clock.at(n)
        in_line(budget, user, f"flooder {n}")
    assert [budget.release(CHANNEL) for _ in range(3)] == [
        [("flooder 0", Turn.SEND)],
        [("flooder 1", Turn.SEND)],
        [("flooder 2", Turn.SEND)],
    ]


def test_a_member_who_asked_little_goes_before_a_flood_that_came_first(budget, clock):
    """A hundred members send five each; a member who sent one message comes last and goes
    next, then the flood in the order it came."""
    assert budget.arrive(CHANNEL, ALICE)
    for round_ in range(5):
        for user in FLOODERS:
            clock.at(round_ + (user - FLOODERS[0]) / 1000)
            in_line(budget, user, f"{user}/{round_}")
    assert budget.release(CHANNEL) == [(f"{FLOODERS[0]}/0", Turn.SEND)]
    in_line(budget, MEMBER, "member")
    assert budget.release(CHANNEL) == [("member", Turn.SEND)]
    assert budget.release(CHANNEL) == [(f"{FLOODERS[1]}/0", Turn.SEND)]


def test_what_a_member_sent_counts_for_a_while_only(budget, clock):
    assert budget.arrive(CHANNEL, ALICE)
    for _ in range(3):
        in_line(budget, BOB, "bob, earlier")
    budget.withdraw(CHANNEL, "bob, earlier")
    clock.at(DEMAND_SECONDS)  # Bob's three are forgotten: he and Alice have one each now
    in_line(budget, BOB, "bob")
    in_line(budget, ALICE, "alice")
    assert budget.release(CHANNEL) == [("bob", Turn.SEND)]


def test_stale_messages_are_dropped_and_the_channel_told_once_per_window(budget, clock):
    assert budget.arrive(CHANNEL, ALICE)
    in_line(budget, BOB, "bob, old")
    in_line(budget, BOB, "bob, older still")
    clock.at(STALE_SECONDS / 2)
    in_line(budget, MEMBER, "member")
    clock.at(STALE_SECONDS + 1)
    assert budget.release(CHANNEL) == [("bob, old", Turn.NOTICE), ("bob, older still", Turn.DROP)]
    assert budget.release(CHANNEL) == [("member", Turn.SEND)], "the notice took a turn; then the rest"

    in_line(budget, BOB, "bob, again")
    clock.at(2 * STALE_SECONDS + 2)
    assert budget.release(CHANNEL) == [("bob, again", Turn.DROP)], "told already"
    assert budget.arrive(CHANNEL, BOB)
    in_line(budget, BOB, "bob, later")
    clock.at(BUSY_NOTICE_SECONDS + STALE_SECONDS + 2)
    assert budget.release(CHANNEL) == [("bob, later", Turn.NOTICE)], "a new window: told again"


def test_waiting_up_to_the_stale_limit_is_not_stale(budget, clock):
    assert budget.arrive(CHANNEL, ALICE)
    in_line(budget, BOB, "bob")
    clock.at(STALE_SECONDS)
    assert budget.release(CHANNEL) == [("bob", Turn.SEND)]


def test_a_full_line_drops_its_least_wanted_message(budget, clock):
    assert budget.arrive(CHANNEL, ALICE)
    for n in range(WAITING_LIMIT):
        clock.at(n / 100)
        assert in_line(budget, BOB, f"bob {n}") == []
    assert in_line(budget, MEMBER, "member") == [(f"bob {WAITING_LIMIT - 1}", Turn.DROP)]
    assert in_line(budget, BOB, "bob, one more") == [("bob, one more", Turn.DROP)]
    assert budget.release(CHANNEL) == [("member", Turn.SEND)]


def test_idle_channels_are_swept_so_the_map_stays_bounded(budget, clock):
    """Ten times SWEEP_SIZE channels, each with one message, a hundred per DEMAND_SECONDS: the
    map never holds many more than SWEEP_SIZE (without sweeping it would hold them all)."""
    largest = 0
    for n in range(10 * SWEEP_SIZE):
        clock.at(n * DEMAND_SECONDS / 100)
        assert budget.arrive(n, ALICE)
        assert budget.release(n) == []
        largest = max(largest, len(budget))
    assert largest <= SWEEP_SIZE + 1


def test_a_sweep_forgets_idle_channels_and_keeps_busy_ones(budget, clock):
    assert budget.arrive(CHANNEL, ALICE)
    in_line(budget, BOB, "bob")
    for channel in range(10_000, 10_000 + SWEEP_SIZE):
        assert budget.arrive(channel, ALICE)
        budget.release(channel)
    clock.at(DEMAND_SECONDS)  # every idle channel's counts have ended
    for channel in range(20_000, 20_000 + SWEEP_SIZE):
        assert budget.arrive(channel, ALICE)
    assert len(budget) <= SWEEP_SIZE + 1, "the busy channel and the new ones"
    assert budget.release(CHANNEL) == [("bob", Turn.NOTICE)], "Bob still waited (too long, by now)"


# --- ChannelTurns: the same, for coroutines ----------------------------------------------


async def take(turns: ChannelTurns, user: int) -> Turn:
    """A place in CHANNEL, at once or after waiting in line."""
    return Turn.SEND if turns.enter(CHANNEL, user) else await turns.wait(CHANNEL, user)


async def test_turns_hand_the_place_on_as_each_message_goes():
    turns, order = ChannelTurns(ChannelBudget(sending=1)), []

    async def send(user: int, label: str) -> None:
        order.append((label, await take(turns, user)))
        await asyncio.sleep(0)
        turns.release(CHANNEL)

    await asyncio.gather(
        send(ALICE, "alice"), send(BOB, "bob"), send(BOB, "bob again"), send(MEMBER, "member")
    )
    assert order == [
        ("alice", Turn.SEND),
        ("member", Turn.SEND),
        ("bob", Turn.SEND),
        ("bob again", Turn.SEND),
    ]


async def test_a_waiter_cancelled_after_it_was_handed_a_place_passes_it_on():
    turns = ChannelTurns(ChannelBudget(sending=1))
    assert await take(turns, ALICE) is Turn.SEND
    bob = asyncio.create_task(take(turns, BOB))
    member = asyncio.create_task(take(turns, MEMBER))
    await asyncio.sleep(0)
    turns.release(CHANNEL)  # the place goes to Bob, who is cancelled before he can use it
    bob.cancel()
    assert await member is Turn.SEND
    assert bob.cancelled()


async def test_a_waiter_cancelled_in_line_leaves_it():
    turns = ChannelTurns(ChannelBudget(sending=1))
    assert await take(turns, ALICE) is Turn.SEND
    bob = asyncio.create_task(take(turns, BOB))
    await asyncio.sleep(0)
    bob.cancel()
    await asyncio.sleep(0)
    turns.release(CHANNEL)
    assert turns.enter(CHANNEL, MEMBER), "nobody left in line: the place is free"


# --- Refusals -------------------------------------------------------------------------------


@pytest.fixture
def refusals(clock: Clock) -> Refusals:
    return Refusals(seconds=600.0, clock=clock)


def logged(caplog: pytest.LogCaptureFixture, channel: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "versus" and str(channel) in r.getMessage()]


def test_a_refusal_by_discord_holds_the_channel_for_a_while(refusals, clock):
    assert refusals.refused(CHANNEL) is False
    refusals.refuse(CHANNEL, "Missing Permissions", hold=True)
    clock.at(599.0)
    assert refusals.refused(CHANNEL) is True
    assert refusals.refused(OTHER_CHANNEL) is False
    clock.at(600.0)
    assert refusals.refused(CHANNEL) is False


def test_a_missing_permission_seen_before_sending_holds_nothing(refusals):
    refusals.refuse(CHANNEL, "the bot lacks Send Messages there", hold=False)
    assert refusals.refused(CHANNEL) is False


def test_each_channel_is_logged_once_per_window_with_the_reason(refusals, clock, caplog):
    caplog.set_level(logging.WARNING, logger="versus")
    for _ in range(50):
        refusals.refuse(CHANNEL, "the bot lacks Send Messages there", hold=False)
    refusals.refuse(CHANNEL, "Missing Permissions", hold=True)
    refusals.refuse(OTHER_CHANNEL, "Missing Access", hold=True)
    assert logged(caplog, CHANNEL) == [
        f"Not answering in channel {CHANNEL} (logged once per 10 minutes): the bot lacks Send Messages there"
    ]
    assert len(logged(caplog, OTHER_CHANNEL)) == 1 and "Missing Access" in logged(caplog, OTHER_CHANNEL)[0]
    clock.at(600.0)
    refusals.refuse(CHANNEL, "Missing Permissions", hold=False)
    assert len(logged(caplog, CHANNEL)) == 2 and "Missing Permissions" in logged(caplog, CHANNEL)[1]


# --- Recent -----------------------------------------------------------------------------------


def test_recent_keeps_at_most_its_capacity_dropping_the_least_recently_used():
    recent: Recent[str, int] = Recent(capacity=3)
    for n, key in enumerate("abc"):
        recent.put(key, n)
    assert recent.get("a") == 0  # now the most recently used
    recent.put("d", 3)
    assert len(recent) == 3
    assert (recent.get("b"), recent.get("a"), recent.get("c"), recent.get("d")) == (None, 0, 2, 3)


def test_recent_put_replaces_and_refreshes_a_key():
    recent: Recent[str, int] = Recent(capacity=2)
    recent.put("a", 1)
    recent.put("b", 2)
    recent.put("a", 10)  # "b" is now the least recently used
    recent.put("c", 3)
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (10, None, 3)


def test_recent_keeps_falsy_values():
    recent: Recent[int, bool] = Recent(capacity=2)
    recent.put(1, False)
    recent.put(2, True)
    assert recent.get(1) is False  # and refreshed: 2 goes first
    recent.put(3, True)
    assert (recent.get(1), recent.get(2), recent.get(3)) == (False, None, True)

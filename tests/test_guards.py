"""The flood and refusal guards (bot/discord/guards.py) on their own, on a clock the test moves:
`UserLimit` (uses per user per window, one notice per window, a map that stays bounded),
`Refusals` (channels Discord refused, logged once) and `Recent` (a bounded LRU map)."""

from __future__ import annotations

import logging

import pytest

from bot.discord.guards import SWEEP_SIZE, Recent, Refusals, UserLimit

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


# --- Refusals -------------------------------------------------------------------------------

CHANNEL, OTHER_CHANNEL = 111, 222


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

"""The order the head start hands out jobs in (generator.head_start._next): the largest
first, as given, but a worker keeps to the locale and topic it started with, where it
already worked out the hyphenation, the dates and the shaped words."""
from __future__ import annotations

from generator.head_start import _next

# in the order to hand out: books first, then the pieces of each topic
KEYS = [("nl", None), ("en", None), ("nl", "a"), ("en", "a"), ("nl", "b"), ("en", "b"),
        ("nl", "a"), ("en", "a")]


def test_the_first_jobs_of_two_workers_are_of_two_locales():
    waiting = [0, 2, 4, 1, 3, 5]
    first = _next(waiting, set(), KEYS)
    second = _next(waiting, set(), KEYS, others={KEYS[first]})
    assert (first, second) == (0, 1)


def test_a_worker_takes_its_own_topic_then_its_own_locale_then_the_first():
    waiting = list(range(2, 8))
    assert _next(waiting, {("nl", "a")}, KEYS) == 2     # same locale and topic, first
    assert _next(waiting, {("nl", "a")}, KEYS) == 6     # again: the other nl/a job
    assert _next(waiting, {("nl", "a")}, KEYS) == 4     # then its locale's other topic
    assert _next(waiting, {("nl", "a")}, KEYS) == 3     # then the first of the rest
    assert waiting == [5, 7]


def test_without_shared_work_the_order_is_kept():
    waiting = [5, 3, 7]
    assert [_next(waiting, {("de", "x")}, KEYS) for _ in range(3)] == [5, 3, 7]

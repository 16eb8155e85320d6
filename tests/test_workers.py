"""The one worker pool (`debunk.build.workers`): forked workers see what the job shared, and where
processes cannot be forked the same work runs in this process with the same result."""

from __future__ import annotations

import os

import pytest

from debunk.build import workers


def _pid_and_sum(share: range) -> tuple[int, int]:
    offset: int = workers.shared()
    return os.getpid(), sum(share) + offset


def _shares() -> list[range]:
    return [range(start, 100, 3) for start in range(3)]


def test_forked_workers_read_the_shared_value_and_give_what_one_process_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    can_fork = workers.can_fork()
    with workers.sharing(1000):
        forked = workers.run(_pid_and_sum, _shares())
    monkeypatch.setattr(workers, "can_fork", lambda: False)  # as on macOS and Windows
    with workers.sharing(1000):
        alone = workers.run(_pid_and_sum, _shares())
    expected = [sum(share) + 1000 for share in _shares()]
    assert [total for _pid, total in forked] == [total for _pid, total in alone] == expected
    assert {pid for pid, _total in alone} == {os.getpid()}
    assert (os.getpid() not in {pid for pid, _total in forked}) == can_fork


def test_each_keeps_the_order_and_alongside_returns_later(monkeypatch: pytest.MonkeyPatch) -> None:
    items = [range(n) for n in range(50)]
    with workers.sharing(1):
        assert [total for _pid, total in workers.each(_pid_and_sum, items, 2, chunksize=4)] == [
            sum(item) + 1 for item in items
        ]
    later = workers.alongside(lambda: [os.getpid()], fork=True)
    (pid,) = later()
    assert (pid != os.getpid()) == workers.can_fork()
    assert workers.alongside(lambda: [os.getpid()], fork=False)() == [os.getpid()]


def test_one_rule_decides_how_many_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 32)
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    limit = workers.THRESHOLDS["cases"]
    assert workers.worker_count(limit - 1, "cases") == 1
    assert workers.worker_count(limit, "cases") == workers.MAX_WORKERS
    assert workers.worker_count(limit, "cases", workers=3) == 3
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    assert workers.worker_count(10**6, "cases") == 1

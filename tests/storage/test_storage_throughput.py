"""Throughput floors for a 50 MB stream, far below what this machine does (local disk saves
at several hundred MB/s), so they only catch a pathological regression such as tiny writes,
per-chunk round trips or re-reading the stream. Figures: `pytest -rP tests/storage -k throughput`."""

import time

import pytest

from tests.storage.streams import MiB, generated

SIZE = 50 * 1000 * 1000
FLOOR_MB_S = {"local": 100, "s3": 30}  # the issue asks >= 100 MB/s for local uploads over HTTP


def best_rate(action, attempts: int = 3) -> float:
    """MB/s of the fastest attempt: one slow attempt on a busy machine is noise."""
    best = float("inf")
    for _ in range(attempts):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return SIZE / 1e6 / best


@pytest.mark.parametrize("direction", ["save", "read"])
def test_a_50_mb_stream_moves_well_above_the_floor(backend, direction):
    backend.storage.check()  # connect first: client set-up is not throughput
    key = backend.new_key()
    backend.storage.save(key, generated(SIZE, MiB))

    if direction == "save":
        rate = best_rate(lambda: backend.storage.save(backend.new_key(), generated(SIZE, MiB)))
    else:
        rate = best_rate(lambda: sum(len(chunk) for chunk in backend.storage.open(key)))

    print(f"{backend.name} {direction} 50 MB: {rate:.0f} MB/s")
    assert rate >= FLOOR_MB_S[backend.name], f"{backend.name} {direction}: only {rate:.0f} MB/s"

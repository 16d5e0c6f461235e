"""Contract: a save streams; 200 MB never cost the process more than a few parts of memory."""

import threading
import time

import psutil

from tests.storage.streams import MiB, generated

LIMIT = 64 * MiB


class PeakRss:
    """Samples this process's RSS in a thread: the peak may fall between two chunks
    (e.g. inside an S3 upload_part call), where the iterator cannot see it."""

    def __init__(self, interval: float = 0.002):
        self.process, self.interval = psutil.Process(), interval
        self.start = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def growth(self) -> int:
        return self.peak - self.start


def test_saving_200_mb_keeps_memory_growth_small(backend):
    backend.storage.check()  # creates the S3 client first: loading botocore's models is not streaming
    key = backend.new_key()
    with PeakRss() as rss:
        blob = backend.storage.save(key, generated(200 * MiB))

    assert blob.size == 200 * MiB
    assert rss.growth < LIMIT, f"RSS grew by {rss.growth / MiB:.1f} MiB while saving 200 MiB"


def test_reading_200_mb_keeps_memory_growth_small(backend):
    key = backend.new_key()
    blob = backend.storage.save(key, generated(200 * MiB))
    with PeakRss() as rss:
        total = sum(len(chunk) for chunk in backend.storage.open(key))

    assert total == blob.size
    assert rss.growth < LIMIT, f"RSS grew by {rss.growth / MiB:.1f} MiB while reading 200 MiB"

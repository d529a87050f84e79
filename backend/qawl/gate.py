"""A bounded pool for predictions, so /health and /setup always find a free thread.

Each worker runs at most ``running`` predictions at once (they are CPU-bound: more only contend for
the GIL) and lets at most ``waiting`` more wait for a slot; a request beyond that is refused at once
with 503 and Retry-After, instead of taking the thread Label Studio's 1-second /health needs.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

__all__ = ["Busy", "PredictionGate"]


class Busy(Exception):
    """Every prediction slot and waiting place is taken."""


class PredictionGate:
    def __init__(self, running: int, waiting: int, wait_seconds: float = 90.0):
        self.running, self.waiting, self.wait_seconds = max(1, running), max(0, waiting), wait_seconds
        self._slots = threading.BoundedSemaphore(self.running)
        self._admitted = threading.BoundedSemaphore(self.running + self.waiting)

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._admitted.acquire(blocking=False):
            raise Busy(f"{self.running} predictions are running and {self.waiting} waiting")
        try:
            if not self._slots.acquire(timeout=self.wait_seconds):
                raise Busy(f"no prediction slot freed in {self.wait_seconds:.0f} s")
            try:
                yield
            finally:
                self._slots.release()
        finally:
            self._admitted.release()

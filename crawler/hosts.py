"""Per-host politeness: one request at a time per host, and a gap between them.

The gap is measured from the end of one request to the start of the next,
so the intervals the server sees are never shorter than the delay, however
slow its responses. 429 and 503 answers push the host's next turn back by
their Retry-After; retries back off the same way.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass(slots=True)
class _Host:
    delay: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_at: float = 0.0
    last_end: float = 0.0
    requests: int = 0


class HostPacer:
    """Turns at each host, ``delay`` seconds apart (raised per host by Crawl-delay)."""

    def __init__(self, delay: float = 1.0) -> None:
        self.default_delay = delay
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        h = self._hosts.get(host)
        if h is None:
            h = self._hosts[host] = _Host(self.default_delay)
        return h

    def set_delay(self, host: str, delay: float | None) -> float:
        """Use the larger of the default delay and ``delay`` (robots.txt's Crawl-delay)."""
        h = self._host(host)
        h.delay = max(self.default_delay, delay or 0.0)
        if h.last_end:
            h.next_at = max(h.next_at, h.last_end + h.delay)
        return h.delay

    def delay_of(self, host: str) -> float:
        return self._host(host).delay

    def block(self, host: str, seconds: float) -> None:
        """No request to ``host`` for ``seconds`` from now (Retry-After, backoff)."""
        h = self._host(host)
        h.next_at = max(h.next_at, time.monotonic() + seconds)

    @asynccontextmanager
    async def turn(self, host: str) -> AsyncIterator[None]:
        """Wait for ``host``'s turn and hold it for one request."""
        h = self._host(host)
        async with h.lock:
            while (wait := h.next_at - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                h.requests += 1
                h.last_end = time.monotonic()
                h.next_at = max(h.next_at, h.last_end + h.delay)

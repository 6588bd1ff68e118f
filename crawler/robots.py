"""robots.txt, as RFC 9309 and the sites' Crawl-delay lines ask (parsed by protego).

- 2xx: the rules apply to the ``chiso`` token (or ``*``).
- 4xx: no rules: everything is allowed.
- 5xx or unreachable: everything is disallowed for this run (the site may
  be down; the next run asks again).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

#: The product token robots.txt groups are matched against.
ROBOTS_AGENT = "chiso"


@dataclass(slots=True)
class Robots:
    """The rules of one origin."""

    allow_all: bool = False
    disallow_all: bool = False
    parser: Protego | None = None
    reason: str = ""
    sitemaps: list[str] = field(default_factory=list)

    def allowed(self, url: str, agent: str = ROBOTS_AGENT) -> bool:
        if self.disallow_all:
            return False
        if self.allow_all or self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str = ROBOTS_AGENT) -> float | None:
        """The Crawl-delay for our agent, in seconds, when robots.txt sets one."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        if delay is None:
            rate = self.parser.request_rate(agent)
            if rate is not None and rate.requests:
                return rate.seconds / rate.requests
            return None
        return float(delay)


def robots_from_response(status: int | None, body: bytes) -> Robots:
    """Rules from a robots.txt fetch result (``status`` None: no response at all)."""
    if status is None or status >= 500 or status == 429:
        return Robots(disallow_all=True, reason=f"robots.txt unavailable ({status or 'no response'})")
    if status >= 400:
        return Robots(allow_all=True, reason=f"robots.txt {status}: no rules")
    if status >= 300:
        return Robots(allow_all=True, reason="robots.txt redirected out of reach: no rules")
    text = body.decode("utf-8", "replace")
    parser = Protego.parse(text)
    return Robots(parser=parser, sitemaps=list(parser.sitemaps), reason="robots.txt")

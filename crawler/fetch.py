"""One HTTP exchange at a time, recorded whole: what was sent, what came back, why it stopped.

The fetcher does no politeness and no retries (the crawl loop does, per
host, because every attempt must wait its turn and be archived); it does
enforce what protects the crawler itself: a total time limit per page (a
server that drips bytes forever still ends), a size cap read from
Content-Length and enforced while streaming, and a content-type gate so
that PDFs and videos are not downloaded. Redirects are not followed here:
the crawl loop checks each hop's scope and robots.txt.

The raw body (as sent, content-encoding kept) goes to the WARC; the decoded
body to the parsers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # httpx is imported when a Fetcher is built, not by WARC readers
    import httpx

#: Who site operators can reach: the operator of a crawl sets ``--contact`` (or the
#: CHISO_CONTACT environment variable) to a URL or address of their own.
CONTACT_URL = os.environ.get("CHISO_CONTACT", "https://pypi.org/project/chiso/")


def user_agent(contact: str = CONTACT_URL) -> str:
    """The User-Agent of every request: names chiso and a contact."""
    return f"chiso/0.1 (+{contact}; research crawler for public-administration news)"


USER_AGENT = user_agent()

#: Media types worth reading: pages, feeds, sitemaps, robots.txt.
TEXTUAL_TYPES = (
    "text/html", "application/xhtml+xml", "text/xml", "application/xml", "text/plain",
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
)
GZIP_TYPES = ("application/x-gzip", "application/gzip", "application/octet-stream")


def utcnow_iso() -> str:
    """Now, UTC, ISO 8601 with a Z: the form WARC-Date and Article.fetched_at use."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(slots=True)
class Response:
    """An HTTP response as the parsers need it: read back from a WARC or just fetched.

    ``headers`` has lower-case names (repeated headers joined with ", ");
    ``body`` is decoded of any content-encoding; ``date`` is when it was
    fetched (ISO 8601, UTC).
    """

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    date: str | None = None
    truncated: str | None = None

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)

    @property
    def content_type(self) -> str | None:
        """The Content-Type header value as sent (with any ``charset=``)."""
        return self.headers.get("content-type")

    @property
    def mime_type(self) -> str:
        """The bare media type, lower-case ('' when absent)."""
        return (self.content_type or "").split(";", 1)[0].strip().lower()


def headers_dict(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in pairs:
        k = k.lower()
        out[k] = f"{out[k]}, {v}" if k in out else v
    return out


@dataclass(slots=True)
class Exchange:
    """One request and what came of it; the unit the WARC records and the crawl loop judges."""

    url: str
    request_headers: list[tuple[str, str]]
    started: str
    method: str = "GET"
    status: int | None = None
    reason: str = ""
    http_version: str = "HTTP/1.1"
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    raw_body: bytes = b""
    body: bytes = b""
    truncated: str | None = None  # WARC-Truncated: length | time | unspecified
    error: str | None = None
    elapsed: float = 0.0
    peer: str | None = None

    @property
    def headers(self) -> dict[str, str]:
        return headers_dict(self.response_headers)

    def response(self) -> Response | None:
        if self.status is None:
            return None
        return Response(self.url, self.status, self.headers, self.body, self.started, self.truncated)

    @property
    def transient(self) -> bool:
        """Worth another try later: timeouts, broken connections, 5xx (not 501)."""
        if self.status is None:
            return self.error is not None and not self.error.startswith(("too large", "not a page"))
        return 500 <= self.status < 600 and self.status != 501


def decode_content(raw: bytes, encoding: str | None, limit: int) -> bytes:
    """Undo gzip/deflate content-encoding, never inflating past ``limit`` bytes."""
    enc = (encoding or "").strip().lower()
    if not raw or enc in ("", "identity"):
        return raw
    if enc in ("gzip", "x-gzip", "deflate"):
        for wbits in (47, -15):  # gzip or zlib header; raw deflate
            try:
                d = zlib.decompressobj(wbits)
                out = d.decompress(raw, limit + 1)
                return out
            except zlib.error:
                continue
    raise ValueError(f"unsupported or broken content-encoding {enc!r}")


class Fetcher:
    """An httpx AsyncClient with chiso's limits. ``transport`` lets tests and WARC replay
    stand in for the network."""

    def __init__(
        self,
        *,
        user_agent: str = USER_AGENT,
        timeout: float = 30.0,
        max_bytes: int = 5_000_000,
        transport: httpx.AsyncBaseTransport | None = None,
        trust_env: bool = True,
    ) -> None:
        import httpx

        self.timeout = timeout
        self.max_bytes = max_bytes
        self._httpx = httpx
        self.client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(timeout),
            headers={
                "User-Agent": user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
                "Accept-Language": "vi,en;q=0.5",
                "Accept-Encoding": "gzip, deflate",
            },
            transport=transport,
            trust_env=trust_env,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )

    async def aclose(self) -> None:
        await self.client.aclose()

    @staticmethod
    def _acceptable(mime: str, url: str) -> bool:
        if not mime or mime in TEXTUAL_TYPES or mime.endswith(("+xml", "/xml")):
            return True
        return mime in GZIP_TYPES and url.lower().split("?", 1)[0].endswith(".gz")

    async def get(self, url: str, headers: dict[str, str] | None = None) -> Exchange:
        """GET ``url`` once. Never raises for network trouble: the Exchange says what happened."""
        httpx = self._httpx
        request = self.client.build_request("GET", url, headers=headers)
        ex = Exchange(
            url=url,
            request_headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw],
            started=utcnow_iso(),
        )
        chunks: list[bytes] = []
        t0 = time.monotonic()
        try:
            async with asyncio.timeout(self.timeout):
                response = await self.client.send(request, stream=True)
                try:
                    ex.status = response.status_code
                    ex.reason = response.reason_phrase
                    ex.http_version = response.http_version or "HTTP/1.1"
                    ex.response_headers = [
                        (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
                    ]
                    mime = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
                    length = response.headers.get("content-length", "")
                    if not self._acceptable(mime, url):
                        ex.error, ex.truncated = f"not a page: {mime}", "unspecified"
                    elif length.isdigit() and int(length) > self.max_bytes:
                        ex.error = f"too large: Content-Length {length} > {self.max_bytes}"
                        ex.truncated = "length"
                    else:
                        size = 0
                        async for chunk in response.aiter_raw():
                            chunks.append(chunk)
                            size += len(chunk)
                            if size > self.max_bytes:
                                ex.error = f"too large: more than {self.max_bytes} bytes"
                                ex.truncated = "length"
                                break
                finally:
                    await response.aclose()
        except TimeoutError:
            ex.error = f"timeout after {self.timeout:g} s"
            if ex.status is not None:
                ex.truncated = "time"
        except httpx.HTTPError as exc:
            ex.error = f"{type(exc).__name__}: {exc}".strip()
            if ex.status is not None:
                ex.truncated = "disconnect"
        ex.elapsed = time.monotonic() - t0
        ex.raw_body = b"".join(chunks)
        if ex.status is not None and ex.error is None:
            try:
                ex.body = decode_content(
                    ex.raw_body, ex.headers.get("content-encoding"), self.max_bytes
                )
                if len(ex.body) > self.max_bytes:
                    ex.error, ex.truncated = f"too large: inflates past {self.max_bytes} bytes", "length"
            except ValueError as exc:
                ex.error = str(exc)
        return ex

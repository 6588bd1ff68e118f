"""WARC archives: every request and response the crawler makes, readable to the end.

Writing: one file per run (and per ~1 GB segment), each record its own gzip
member (warcio's way), flushed after every exchange. A file being written
is named ``*.warc.gz.open``; a clean close renames it to ``*.warc.gz``.
A crawl killed mid-write leaves an ``.open`` file whose last member may be
torn: :func:`repair_open_files` cuts it back to the last complete member and
gives it its final name, so every ``*.warc.gz`` in the directory reads to
the end. The page whose record was torn had not been marked done in the
crawl state (that happens after the WARC write), so it is fetched again.

Reading: :func:`iter_responses` yields the HTTP responses of any ``.warc`` or
``.warc.gz`` (ours or another crawler's), bodies decoded of transfer and
content encodings, for re-extraction without refetching.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.fetch import Exchange, Response, headers_dict

OPEN_SUFFIX = ".open"
SEGMENT_BYTES = 1_000_000_000

_HOP_BY_HOP = frozenset({"transfer-encoding", "connection", "keep-alive"})


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S%f")


class WarcWriter:
    """Appends exchanges to ``directory/<prefix>-<timestamp>-<n>.warc.gz``.

    Use as a context manager, or call :meth:`close`; a new segment starts when
    the current file passes ``segment_bytes``.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        prefix: str = "chiso",
        segment_bytes: int = SEGMENT_BYTES,
        info: dict[str, str] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.segment_bytes = segment_bytes
        self.info = dict(info or {})
        self.run_stamp = _stamp()
        self.segment = 0
        self.records = 0
        self.files: list[Path] = []
        self._fh: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        self._path: Path | None = None

    # -- files -------------------------------------------------------------
    def _open(self) -> WARCWriter:
        if self._writer is not None and self._fh is not None:
            if self._fh.tell() < self.segment_bytes:
                return self._writer
            self._finish()
        self.segment += 1
        name = f"{self.prefix}-{self.run_stamp}-{self.segment:05d}.warc.gz"
        self._path = self.directory / (name + OPEN_SUFFIX)
        self._fh = open(self._path, "ab")  # noqa: SIM115 - closed in _finish
        self._writer = WARCWriter(self._fh, gzip=True)
        info = {"software": "chiso crawler (warcio)", "format": "WARC File Format 1.1"}
        info.update(self.info)
        self._writer.write_record(self._writer.create_warcinfo_record(name, info))
        self._fh.flush()
        return self._writer

    def _finish(self) -> None:
        if self._fh is None or self._path is None:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        final = self._path.with_name(self._path.name.removesuffix(OPEN_SUFFIX))
        os.replace(self._path, final)
        self.files.append(final)
        self._fh = self._writer = self._path = None

    def close(self) -> None:
        self._finish()

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- records -----------------------------------------------------------
    def write_exchange(self, ex: Exchange) -> None:
        """A request record and, when a response began, a response record (marked
        WARC-Truncated when the body was cut by the size cap, the timeout or the
        content-type gate), flushed together."""
        writer = self._open()
        request_line = f"{ex.method} {_request_target(ex.url)} HTTP/1.1"
        req_headers = StatusAndHeaders(
            request_line, ex.request_headers, protocol="", is_http_request=True
        )
        request = writer.create_warc_record(
            ex.url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=req_headers,
            warc_headers_dict={"WARC-Date": ex.started},
        )
        records = [request]
        if ex.status is not None:
            headers = [(k, v) for k, v in ex.response_headers if k.lower() not in _HOP_BY_HOP]
            status_line = f"{ex.status} {ex.reason}".strip()
            resp_headers = StatusAndHeaders(status_line, headers, protocol="HTTP/1.1")
            warc_headers = {"WARC-Date": ex.started}
            if ex.truncated:
                warc_headers["WARC-Truncated"] = ex.truncated
            if ex.peer:
                warc_headers["WARC-IP-Address"] = ex.peer
            response = writer.create_warc_record(
                ex.url,
                "response",
                payload=io.BytesIO(ex.raw_body),
                length=len(ex.raw_body),
                http_headers=resp_headers,
                warc_headers_dict=warc_headers,
            )
            request.rec_headers.add_header(
                "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
            )
            records.insert(0, response)
        for record in records:
            writer.write_record(record)
        assert self._fh is not None
        self._fh.flush()
        self.records += len(records)


def _request_target(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


# -- repair ------------------------------------------------------------------------------------


def complete_gzip_prefix(path: str | os.PathLike[str], chunk: int = 1 << 20) -> tuple[int, int]:
    """(bytes, members): the length of the longest prefix of ``path`` made of complete,
    CRC-checked gzip members, and how many there are."""
    good = 0
    members = 0
    with open(path, "rb") as fh:
        pos = 0  # offset of the start of the member being read
        d = zlib.decompressobj(31)
        buf = b""
        while True:
            if not buf:
                buf = fh.read(chunk)
                if not buf:
                    break
            try:
                d.decompress(buf)
            except zlib.error:
                break
            if d.eof:
                consumed = len(buf) - len(d.unused_data)
                pos += consumed
                good, members = pos, members + 1
                buf = d.unused_data
                d = zlib.decompressobj(31)
            else:
                pos += len(buf)
                buf = b""
    return good, members


@dataclass(frozen=True, slots=True)
class Repair:
    path: Path
    kept_bytes: int
    dropped_bytes: int
    records: int


def repair_open_files(directory: str | os.PathLike[str]) -> list[Repair]:
    """Close out the ``*.warc.gz.open`` files a killed crawl left: cut each back to its
    last complete record and rename it, or delete it when nothing complete is left.
    Call only while holding the crawl directory's lock."""
    out: list[Repair] = []
    for path in sorted(Path(directory).glob(f"*.warc.gz{OPEN_SUFFIX}")):
        size = path.stat().st_size
        good, members = complete_gzip_prefix(path)
        if members <= 1:  # nothing but the warcinfo record, or not even that
            path.unlink()
            out.append(Repair(path, 0, size, 0))
            continue
        if good < size:
            with open(path, "r+b") as fh:
                fh.truncate(good)
                fh.flush()
                os.fsync(fh.fileno())
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        os.replace(path, final)
        out.append(Repair(final, good, size - good, members))
    return out


# -- reading -----------------------------------------------------------------------------------


def iter_records(path: str | os.PathLike[str]) -> Iterator[tuple[str, str, int]]:
    """(WARC-Type, WARC-Target-URI, payload bytes) of every record, reading each to the
    end: raises if the file is damaged anywhere."""
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh, arc2warc=True):
            payload = record.content_stream().read()
            yield (
                record.rec_type,
                record.rec_headers.get_header("WARC-Target-URI") or "",
                len(payload),
            )


def iter_responses(path: str | os.PathLike[str]) -> Iterator[Response]:
    """The HTTP responses in a ``.warc`` / ``.warc.gz`` file, in order.

    Bodies are decoded of chunked transfer and gzip/deflate content encoding
    (warcio); ``Response.truncated`` carries WARC-Truncated when the crawler
    cut the body. Request, warcinfo, metadata and revisit records are skipped.
    """
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh, arc2warc=True):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            http = record.http_headers
            try:
                status = int(http.get_statuscode() or 0)
            except ValueError:
                status = 0
            body = record.content_stream().read()
            yield Response(
                url=record.rec_headers.get_header("WARC-Target-URI") or "",
                status=status,
                headers=headers_dict(list(http.headers)),
                body=body,
                date=record.rec_headers.get_header("WARC-Date"),
                truncated=record.rec_headers.get_header("WARC-Truncated"),
            )

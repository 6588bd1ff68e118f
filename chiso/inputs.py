"""Readers: every input chiso extracts from, turned into Articles one at a time.

Supported inputs (by name, case-insensitive):

- Article JSONL: ``.jsonl``, ``.ndjson``, ``.jsonl.gz``, ``.ndjson.gz`` (one Article object a line);
- plain text: ``.txt`` in UTF-8, UTF-16 with BOM or a legacy Vietnamese encoding, CRLF or LF;
  the first non-blank line is the title, the whole file is the text, the file name is the id;
- HTML pages: ``.html``, ``.htm``, ``.html.gz`` (parsed as the crawler parses a fetched page);
- WARC archives: ``.warc``, ``.warc.gz`` (the HTML responses in them);
- tar archives (``.tar``, ``.tar.gz``, ``.tgz``, ``.tar.xz``, ``.txz``, ``.tar.bz2``) of any of
  the above, read as a stream;
- directories of these (recursively, hidden files skipped) and glob patterns.

Reading is split in two steps so that the batch engine can put a time limit around the
expensive one: :func:`iter_raw` does the I/O and yields :class:`Raw` documents (bytes,
where they came from), :func:`parse` turns one into an :class:`~extract.articles.Article`
(decoding, HTML parsing, "one normalization at the door"). :func:`read` chains both for
callers that just want Articles.

Bad input never raises: it comes out as a :class:`Problem` ("FILE:LINE: problem") that
the caller reports, counts and skips, so one broken line does not cost a whole archive.
Everything streams: memory is bounded by the largest single document, not the input.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import tarfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from extract.articles import Article

# name ending -> reader kind; longest ending wins (".jsonl.gz" before ".gz").
SUFFIXES: dict[str, str] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl.gz",
    ".ndjson.gz": "jsonl.gz",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".html.gz": "html.gz",
    ".htm.gz": "html.gz",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".tar": "tar",
    ".tar.gz": "tar",
    ".tgz": "tar",
    ".tar.xz": "tar",
    ".txz": "tar",
    ".tar.bz2": "tar",
    ".tbz2": "tar",
}
_ENDINGS = sorted(SUFFIXES, key=len, reverse=True)
READABLE = ", ".join(sorted(SUFFIXES))

# A single .txt/.html document larger than this is not an article; reading it whole
# would break the constant-memory promise.
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Problem:
    """One piece of input that could not be read: reported, counted, skipped.

    ``where`` names the file, and the line or archive member when there is one;
    ``kind`` is a short category for the end-of-run summary."""

    where: str
    message: str
    kind: str = "bad-input"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class InputFile:
    """A readable file found by :func:`expand`; ``display`` is the path as the user wrote
    it (used in messages), ``path`` the absolute one (used in shard identities)."""

    path: str
    display: str
    kind: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Part:
    """A readable piece of one input file: the whole file, or for plain JSONL a byte range
    ``[start, stop)`` that begins on a line start (line number ``first_line``)."""

    file: InputFile
    start: int = 0
    stop: int | None = None
    first_line: int = 1

    @property
    def nbytes(self) -> int:
        stop = self.file.size if self.stop is None else self.stop
        return max(0, stop - self.start)

    def key(self) -> str:
        """What identifies this piece across runs: path, size, mtime and range."""
        f = self.file
        return f"{f.path}\t{f.size}\t{f.mtime_ns}\t{self.start}\t{self.stop}"


@dataclass(slots=True)
class Raw:
    """One document as read, before decoding or parsing."""

    origin: str  # "FILE", "ARCHIVE:MEMBER" or "WARC URL"
    kind: str  # "json", "txt" or "html"
    data: bytes
    name: str = ""  # file stem: the id of a .txt/.html article without a URL
    url: str = ""
    content_type: str | None = None
    fetched_at: str | None = None
    quiet: bool = False  # a WARC page that is not an article is not a problem
    line: int = 0  # the JSONL line, 0 when the document is a whole file

    @property
    def where(self) -> str:
        """"FILE:LINE" for a JSONL record, else the origin: built only when a message
        needs it, not for each of a million lines."""
        return f"{self.origin}:{self.line}" if self.line else self.origin


def kind_of(name: str) -> str | None:
    """The reader kind for a file name, or None when chiso cannot read it."""
    low = name.lower()
    for ending in _ENDINGS:
        if low.endswith(ending):
            return SUFFIXES[ending]
    return None


def _stem(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name
    kind_end = next((e for e in _ENDINGS if base.lower().endswith(e)), "")
    return base[: len(base) - len(kind_end)] if kind_end else base


# -- finding the files -------------------------------------------------------------------


def _input_file(path: Path, display: str, kind: str) -> InputFile:
    st = path.stat()
    return InputFile(str(path.resolve()), display, kind, st.st_size, st.st_mtime_ns)


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath, name)


def expand(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[InputFile | Problem]:
    """The readable files named by ``inputs`` (files, directories, globs), in a stable order,
    each once; a missing path, an empty match, a directory with nothing readable or a file
    of unknown type comes out as a :class:`Problem`. Files of unknown type found *inside*
    a directory are passed over silently (READMEs, checksums)."""
    seen: set[str] = set()
    for item in inputs:
        text = os.fspath(item)
        if not os.path.exists(text) and _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                yield Problem(text, "no file matches this pattern", "missing")
            for match in matches:
                yield from _expand_one(Path(match), match, seen)
        else:
            yield from _expand_one(Path(text), text, seen)


def _expand_one(path: Path, display: str, seen: set[str]) -> Iterator[InputFile | Problem]:
    if not path.exists():
        yield Problem(display, "no such file or directory", "missing")
        return
    if not path.is_dir():
        kind = kind_of(path.name)
        if kind is None:
            yield Problem(display, f"unknown file type (readable: {READABLE})", "unknown-type")
            return
        yield from _emit(path, display, kind, seen)
        return
    found = False
    for child in _walk(path):
        kind = kind_of(child.name)
        if kind is not None:
            found = True
            yield from _emit(child, str(child), kind, seen)
    if not found:
        yield Problem(display, f"directory has no readable files ({READABLE})", "empty")


def _emit(path: Path, display: str, kind: str, seen: set[str]) -> Iterator[InputFile | Problem]:
    try:
        f = _input_file(path, display, kind)
    except OSError as exc:
        yield Problem(display, f"cannot read: {exc.strerror or exc}", "unreadable")
        return
    if f.path not in seen:
        seen.add(f.path)
        yield f


# -- reading: raw documents ----------------------------------------------------------------


def iter_raw(part: Part) -> Iterator[Raw | Problem]:
    """The raw documents of one file piece, in file order. I/O errors become a Problem
    for the file (the documents read before the error stay read)."""
    f = part.file
    try:
        if f.kind == "jsonl":
            with open(f.path, "rb", buffering=READ_BUFFER) as fh:
                yield from _jsonl_lines(fh, f.display, part.start, part.stop, part.first_line)
        elif f.kind == "jsonl.gz":
            with gzip.open(f.path, "rb") as fh:
                yield from _jsonl_lines(fh, f.display, 0, None, 1)
        elif f.kind in ("txt", "html", "html.gz"):
            if f.size > MAX_DOCUMENT_BYTES:
                yield _too_large(f.display, f.size)
                return
            data = Path(f.path).read_bytes()
            if f.kind == "html.gz":
                data = _gunzip(data, f.display)
                if isinstance(data, Problem):
                    yield data
                    return
            yield Raw(f.display, "txt" if f.kind == "txt" else "html", data, _stem(f.display))
        elif f.kind == "warc":
            yield from _warc(f.path, f.display)
        elif f.kind == "tar":
            yield from _tar(f.path, f.display)
        else:  # pragma: no cover - kind_of() only returns the kinds above
            yield Problem(f.display, f"no reader for {f.kind}", "unknown-type")
    except (OSError, EOFError, tarfile.TarError, gzip.BadGzipFile) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield Problem(f.display, f"cannot read: {reason}", "unreadable")


def _gunzip(data: bytes, where: str) -> bytes | Problem:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
        out = gz.read(MAX_DOCUMENT_BYTES + 1)
    return _too_large(where, len(out)) if len(out) > MAX_DOCUMENT_BYTES else out


def _too_large(where: str, size: int) -> Problem:
    return Problem(
        where, f"{size / 2**20:.0f} MiB is larger than a document can be", "too-large"
    )


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _jsonl_lines(
    fh: io.BufferedIOBase, display: str, start: int, stop: int | None, first_line: int
) -> Iterator[Raw | Problem]:
    if start == 0:
        head = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
        if head in _UTF16_BOMS:
            yield Problem(display, "encoded as UTF-16; JSONL must be UTF-8", "undecodable")
            return
    else:
        fh.seek(start)
    pos = start
    line = first_line - 1
    for raw in fh:
        if stop is not None and pos >= stop:
            break
        pos += len(raw)
        line += 1
        if raw.isspace():
            continue
        yield Raw(display, "json", raw, line=line)


def _warc(path: str, display: str) -> Iterator[Raw | Problem]:
    from crawler.archive import iter_responses  # the crawler's reader: same bodies, same rules

    for resp in iter_responses(path):
        ctype = resp.content_type
        if resp.status != 200 or (ctype and "html" not in ctype.lower()):
            continue
        where = f"{display}: {resp.url}" if resp.url else display
        if len(resp.body) > MAX_DOCUMENT_BYTES:
            yield _too_large(where, len(resp.body))
            continue
        yield Raw(where, "html", resp.body, url=resp.url, content_type=ctype,
                  fetched_at=resp.date, quiet=True)


def _tar(path: str, display: str) -> Iterator[Raw | Problem]:
    found = False
    with tarfile.open(path, mode="r|*") as tf:
        for member in tf:
            if not member.isfile():
                continue
            kind = kind_of(member.name)
            if kind not in ("txt", "html", "html.gz", "jsonl", "jsonl.gz"):
                continue
            found = True
            where = f"{display}:{member.name}"
            if kind in ("txt", "html", "html.gz") and member.size > MAX_DOCUMENT_BYTES:
                yield _too_large(where, member.size)
                continue
            fh = tf.extractfile(member)
            if fh is None:
                continue
            if kind == "jsonl":
                yield from _jsonl_lines(io.BufferedReader(fh), where, 0, None, 1)
            elif kind == "jsonl.gz":
                with gzip.GzipFile(fileobj=fh) as gz:
                    yield from _jsonl_lines(gz, where, 0, None, 1)
            else:
                data = fh.read()
                if kind == "html.gz":
                    data = _gunzip(data, where)
                    if isinstance(data, Problem):
                        yield data
                        continue
                yield Raw(where, "txt" if kind == "txt" else "html", data, _stem(member.name))
    if not found:
        yield Problem(display, "archive has no .txt, .html or .jsonl members", "empty")


# -- parsing: raw document -> Article -------------------------------------------------------


#: JSONL is read through a 1 MiB buffer: line iteration is then a third of the default's cost
READ_BUFFER = 1 << 20

#: what :func:`parse` returns for a JSONL record its ``keep`` test turned down
PASSED_OVER = object()


def parse(raw: Raw, keep: Callable[[str, str], bool] | None = None) -> Article | Problem | None | object:
    """One raw document as a normalized Article, a Problem, or None for a WARC page that is
    not an article (navigation, listings: expected, not an error).

    ``keep(text, title)``, when given, is asked with the normalized text and title of a
    JSONL record before the Article is built; a record it turns down comes back as
    :data:`PASSED_OVER` (the batch cascade's fast path: most records are never built)."""
    if raw.kind == "json":
        return _from_json(raw, keep)
    if raw.kind == "txt":
        return _from_txt(raw)
    return _from_html(raw)


def _from_json(raw: Raw, keep: Callable[[str, str], bool] | None = None) -> Article | Problem | object:
    from nlp.normalize import normalize

    try:
        d = json.loads(raw.data)
    except UnicodeDecodeError:
        return Problem(raw.where, "not valid UTF-8", "undecodable")
    except json.JSONDecodeError as exc:
        return Problem(raw.where, f"invalid JSON ({exc.msg}, column {exc.colno})", "bad-json")
    if not isinstance(d, dict):
        return Problem(raw.where, f"expected a JSON object, got {type(d).__name__}", "bad-json")
    text = d.get("text")
    if not isinstance(text, str):
        return Problem(raw.where, "record has no 'text' string", "no-text")
    if not text.strip():
        return Problem(raw.where, "record has an empty 'text'", "no-text")
    d["text"] = text = normalize(text)  # before from_dict: an id hashed from text must be stable
    if keep is not None:
        title = d.get("title")
        title = normalize(title) if isinstance(title, str) and title else ""
        if not keep(text, title):
            return PASSED_OVER
    try:
        article = Article.from_dict(d)
    except (ValueError, TypeError) as exc:
        return Problem(raw.where, str(exc), "bad-record")
    if article.title:
        article.title = normalize(article.title)
    return article


def _from_txt(raw: Raw) -> Article | Problem:
    from nlp.encodings import decode
    from nlp.normalize import normalize

    try:
        text, _encoding = decode(raw.data)
    except (UnicodeError, ValueError) as exc:
        return Problem(raw.where, f"cannot decode text ({exc})", "undecodable")
    if "\x00" in text:
        return Problem(raw.where, "cannot decode text (binary data)", "undecodable")
    if not text.strip():
        return Problem(raw.where, "file is empty", "no-text")
    text = normalize(text)  # also turns CRLF and CR into LF
    title = next((ln.strip() for ln in text.split("\n", 20) if ln.strip()), "")
    return Article(id=raw.name or _stem(raw.where), text=text, title=title)


def _from_html(raw: Raw) -> Article | Problem | None:
    from crawler.pages import html_to_article
    from nlp.normalize import normalize

    article = html_to_article(
        raw.data, raw.url, content_type=raw.content_type, fetched_at=raw.fetched_at
    )
    if article is None or not article.text.strip():
        return None if raw.quiet else Problem(raw.where, "no article text found", "no-text")
    article.text = normalize(article.text)
    article.title = normalize(article.title) if article.title else ""
    if not raw.url and not article.url and raw.name:
        article.id = raw.name  # a saved page: its file name is the only stable identity
    return article


# -- convenience ----------------------------------------------------------------------------


def read(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Article | Problem]:
    """Every Article in ``inputs``, in order, with Problems in place of what could not be read:
    the sequential reader for tools and tests; the batch engine reads :class:`Part` s."""
    for item in expand(inputs):
        if isinstance(item, Problem):
            yield item
            continue
        for raw in iter_raw(Part(item)):
            if isinstance(raw, Problem):
                yield raw
                continue
            out = parse(raw)
            if out is not None:
                yield out

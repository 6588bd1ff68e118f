"""Canonical URLs: one spelling per page, so that seen-sets, article ids and
per-path trap bounds all agree.

Provincial sites link the same article with tracking parameters, fragments,
shuffled queries, ``www.`` or not and upper-case hosts; each spelling would
otherwise be fetched and stored again.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

#: Query parameters that only track the visitor or the campaign, never select content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
        "ref_src", "ref_url", "zarsrc", "zaloid", "vn_source", "vn_medium",
        "vn_campaign", "vn_term", "vn_content", "gidzl", "cmpid",
        "sessionid", "phpsessid", "jsessionid", "aspsessionid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_", "hsa_")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_SAFE_QUERY = "/:@!$'()*+,;-._~%?"
_SESSION_IN_PATH = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)


def is_tracking_param(name: str) -> bool:
    """True for a query parameter that never changes what the page shows."""
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def _requote(part: str, safe: str) -> str:
    # Decode then re-encode so that %C3%A1 and á, or %7E and ~, spell one URL.
    return quote(unquote(part), safe=safe)


def canonicalize(url: str, base: str | None = None) -> str:
    """The canonical spelling of ``url`` (resolved against ``base`` when relative).

    Lower-case scheme and host, no default port, no fragment, dot segments
    resolved, percent-encoding normalized, tracking parameters (``utm_*``,
    ``fbclid`` ...) and session ids dropped, the remaining query sorted, empty
    path made ``/``. Raises ValueError for anything that is not http(s).
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError(f"no host in URL: {url!r}")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        host = host.lower()
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"bad port in URL: {url!r}") from exc
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _SESSION_IN_PATH.sub("", parts.path) or "/"
    trailing = path.endswith("/")
    path = posixpath.normpath(path)
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    if trailing and path != "/":
        path += "/"
    path = _requote(path, _SAFE_PATH)
    pairs = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    ]
    pairs.sort()
    query = urlencode(pairs, quote_via=quote, safe=_SAFE_QUERY) if pairs else ""
    return urlunsplit((scheme, netloc, path, query, ""))


def try_canonicalize(url: str, base: str | None = None) -> str | None:
    """:func:`canonicalize`, or None for a URL that cannot be crawled (mailto:, javascript:, junk)."""
    try:
        return canonicalize(url, base)
    except ValueError:
        return None


def host_of(url: str) -> str:
    """``host[:port]`` of a URL, lower-case: the unit of politeness and scope."""
    return urlsplit(url).netloc.lower()


def origin_of(url: str) -> str:
    """``scheme://host[:port]``, where robots.txt lives."""
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}"


def path_of(url: str) -> str:
    """The path without the query: URLs that share it are 'variants' of one page."""
    return urlsplit(url).path or "/"


def bare_host(host: str) -> str:
    """A host without ``www.``, so that vnexpress.net and www.vnexpress.net share a scope."""
    return host[4:] if host.startswith("www.") else host


def in_scope(url: str, hosts: set[str] | frozenset[str]) -> bool:
    """Whether ``url``'s host is one of ``hosts`` (given with or without ``www.``)."""
    return bare_host(host_of(url)) in {bare_host(h) for h in hosts}


#: Extensions of files that are never HTML pages or feeds: not worth a request.
BINARY_EXTENSIONS = frozenset(
    """pdf doc docx xls xlsx ppt pptx odt ods rtf zip rar 7z gz tgz bz2 xz tar exe msi dmg apk
    jpg jpeg png gif bmp webp svg ico tif tiff mp3 mp4 m4a wav avi mov wmv flv mkv webm ogg
    css js json woff woff2 ttf eot swf iso bin""".split()
)


def extension_of(url: str) -> str:
    """The lower-case file extension of the URL's path ('' when none)."""
    last = path_of(url).rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[-1].lower() if "." in last else ""


def looks_binary(url: str) -> bool:
    """True for links to PDFs, images, archives, office files: skipped without fetching."""
    ext = extension_of(url)
    if ext == "gz":
        return not path_of(url).lower().endswith((".xml.gz", ".rss.gz"))
    return ext in BINARY_EXTENSIONS


def looks_like_trap(url: str, *, max_length: int = 2048, max_repeats: int = 3) -> bool:
    """URLs that only a loop produces: very long, or one path segment repeated
    (``/a/b/a/b/a/b``, relative-link bugs)."""
    if len(url) > max_length:
        return True
    segments = [s for s in path_of(url).split("/") if s]
    counts: dict[str, int] = {}
    for s in segments:
        counts[s] = counts.get(s, 0) + 1
        if counts[s] > max_repeats:
            return True
    return len(segments) > 30

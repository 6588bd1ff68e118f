"""Sentence split with character offsets into the (normalized) article text.

A claim's evidence is the sentence that states it, stored as a span into the
article text, so the splitter returns offsets, never copies, and never drops
text: every non-blank stretch of the input is inside exactly one span.

Why not a general-purpose tokenizer: Vietnamese administrative prose is full of
periods that end nothing — "TP. Hồ Chí Minh", "PGS.TS.", "89,64", "13.218",
numbered lists ("1. Quảng Ninh: 92,18%"), document numbers — and the press puts
one paragraph per line, so line ends are the strongest boundary there is. The
rules here are few and written down:

* every newline ends a sentence;
* inside a line, ".", "!", "?", "…" (and runs of them, e.g. "...") end one when
  followed, after any closing quotes/brackets, by whitespace and then an
  uppercase letter, a digit, or an opening quote/bracket;
* except after an abbreviation (``corpora/nlp/abbreviations.txt``), a single
  capital letter or a chain of initials ("A.", "H.T.P."), a list number at the
  start of the line ("1.", "1.2.", "a.", "IV."), or inside parentheses/quotes.
  A bracket or quote that is still open 400 characters later is taken to be
  stray (one-line article bodies would otherwise lose every later boundary).
"""

from __future__ import annotations

import re
from functools import cache

from nlp.resources import corpora_path

__all__ = ["sentences", "split_sentences"]

#: capitals that can start a sentence: ASCII, Latin-1 and every Vietnamese capital
_UPPER = "A-ZÀ-ÖØ-ÞĂĐĨŨƠƯ" + "".join(c for c in map(chr, range(0x1EA0, 0x1EFA)) if c.isupper())
_OPENERS = "\"'“‘«([{"
_CLOSERS = "\"'”’»)]}"

#: a terminator run, the closers glued to it, then the whitespace and the start of
#: the next sentence (looked at, not consumed)
_BOUNDARY = re.compile(
    r"[.!?…]+["
    + re.escape(_CLOSERS)
    + r"]*(?=[ \t]+(?:["
    + _UPPER
    + r"0-9]|["
    + re.escape(_OPENERS)
    + r"]))"
)
#: brackets and quotes whose nesting we track inside a line
_GROUP_CHARS = re.compile(r"[()\[\]{}“”«»\"]")
_PAIRS = {")": "(", "]": "[", "}": "{", "”": "“", "»": "«"}

_INITIALS = re.compile(r"(?:[" + _UPPER + r"]\.)+")
_LIST_MARKER = re.compile(r"\s*[(\[]?(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ])\.", re.ASCII)
_LEADING_PUNCT = "([{\"'“‘«-–—•*"

_MAX_GROUP = 400


@cache
def _abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """(abbreviations with their period, their period-separated parts)."""
    whole: set[str] = set()
    with open(corpora_path("nlp", "abbreviations.txt"), encoding="utf-8") as fh:
        for line in fh:
            entry = line.strip()
            if entry and not entry.startswith("#"):
                whole.add(entry)
    parts = {part for entry in whole for part in entry.split(".") if part}
    return frozenset(whole), frozenset(parts)


def _is_abbreviation(token: str) -> bool:
    """True for "TP.", "Th.S.", "PGS.TS.", "v.v.", "A.", "H.T.P." (token ends with the period)."""
    token = token.lstrip(_LEADING_PUNCT)
    if not token:
        return False
    whole, parts = _abbreviations()
    if token in whole or _INITIALS.fullmatch(token):
        return True
    pieces = token[:-1].split(".")
    return len(pieces) > 1 and all(
        piece in parts or (len(piece) == 1 and piece.isupper()) for piece in pieces
    )


def _line_boundaries(text: str, start: int, end: int) -> list[int]:
    """Offsets (after terminator and closers) where sentences end inside text[start:end]."""
    cuts: list[int] = []
    stack: list[tuple[str, int]] = []  # open brackets/quotes: (char, offset)
    groups = _GROUP_CHARS.finditer(text, start, end)
    pending = next(groups, None)
    for m in _BOUNDARY.finditer(text, start, end):
        cut = m.end()
        # bring the bracket/quote nesting up to the cut
        while pending is not None and pending.start() < cut:
            ch = pending.group()
            if ch == '"':
                if stack and stack[-1][0] == '"':
                    stack.pop()
                else:
                    stack.append((ch, pending.start()))
            elif ch in _PAIRS:
                for k in range(len(stack) - 1, -1, -1):
                    if stack[k][0] == _PAIRS[ch]:
                        del stack[k:]
                        break
            else:
                stack.append((ch, pending.start()))
            if len(stack) > 16:
                del stack[0]  # nesting that deep is not prose; keep the work bounded
            pending = next(groups, None)
        while stack and stack[0][1] < cut - _MAX_GROUP:
            stack.pop(0)  # stray: never closed within reach
        if stack:
            continue
        dot = m.start()
        if text[dot] == "." and text[dot + 1 : dot + 2] != ".":
            near = max(start, dot - 40)  # abbreviations are short; keeps this O(1)
            token_start = max(near, text.rfind(" ", near, dot) + 1, text.rfind("\t", near, dot) + 1)
            if _is_abbreviation(text[token_start : dot + 1]):
                continue
            if _LIST_MARKER.fullmatch(text, start, dot + 1):
                continue
        cuts.append(cut)
    return cuts


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, whitespace-trimmed, in order.

    Pass the normalized article text (``nlp.normalize.normalize``): the offsets are
    then the ones chiso stores.
    """
    spans: list[tuple[int, int]] = []
    line_start = 0
    n = len(text)
    while line_start <= n:
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = n
        piece_start = line_start
        for cut in (*_line_boundaries(text, line_start, line_end), line_end):
            a, b = piece_start, cut
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                spans.append((a, b))
            piece_start = cut
        line_start = line_end + 1
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (see :func:`split_sentences`)."""
    return [text[a:b] for a, b in split_sentences(text)]

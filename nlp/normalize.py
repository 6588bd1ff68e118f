"""The one normalization applied to text at the door, and the keys built on it.

Every span chiso stores (evidence, claims) is an offset into ``normalize(text)``:
the normalized string *is* the article text from then on, so this runs once,
must be idempotent, and must be cheap enough for millions of articles. Clean
NFC text — the overwhelming majority — takes a fast path made of two C-level
checks (``unicodedata.is_normalized`` and one precompiled regex search that
finds nothing), so it is returned as the very same object.

What it settles, so that nothing downstream has to care:

* Unicode form: NFC, plus the decomposed sequences NFC leaves alone (a tone
  mark typed before the circumflex/breve: "e" + acute + circumflex).
* Line ends (CRLF, CR, NEL, U+2028/9 → "\\n"), invisible characters (zero
  width spaces and joiners, word joiner, BOM, soft hyphen: removed) and the
  Unicode space variants (NBSP, en/em/thin spaces, ideographic space → " ").
  Tabs are kept. Removal happens before anything else so that "ho\u200bà"
  is repaired as one word.
* Tone-mark placement: chiso writes the style of its gold data and of most
  of today's press (DESIGN: "Hòa, Hóa, Thụy"): in an open syllable with the
  glides oa/oe/uy the mark sits on the first vowel ("hoà" → "hòa", "thuỷ" →
  "thủy"); with a final consonant on the second ("hoàng", "thuyết"); after
  "qu"/"gi" the u/i belongs to the consonant ("Qúy" → "Quý", "gìa" → "già").
  Only words that parse as a Vietnamese syllable are touched.
* "Ð" (U+00D0, Icelandic eth) typed for "Đ" at the start of a word.

``match_key`` and ``fold`` are the comparison keys built on top: the first
ignores case, tone style and spacing but keeps diacritics ("Hà Nam" is not
"Hà Năm"); the second drops all diacritics for slugs and loose matching.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache

from nlp.resources import corpora_path

__all__ = [
    "fold",
    "is_syllable",
    "match_key",
    "normalize",
    "parse_syllable",
    "place_tone",
    "split_tone",
]

# --- character classes --------------------------------------------------------

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_LINE_BREAKS = "\u0085\u2028\u2029"

#: The one-character fixes: drop invisibles, unify spaces and the rare Unicode line
#: breaks. CR is handled apart because CRLF is two characters.
_CHAR_FIX_MAP = {
    **dict.fromkeys(_INVISIBLE, ""),
    **dict.fromkeys(_SPACES, " "),
    **dict.fromkeys(_LINE_BREAKS, "\n"),
}
_CHAR_FIX = re.compile("[" + "".join(_CHAR_FIX_MAP) + "]")

# Tone marks (the five non-level tones) and the shape marks that make ă â ê ô ơ ư.
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền sắc hỏi ngã nặng
_SHAPE_MARKS = "\u0302\u0306\u031b"  # circumflex breve horn

_PLAIN_VOWELS = "aăâeêioôơuưy"
_SHAPE_VOWELS = frozenset("ăâêôơư")


def _toned_forms() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], str]]:
    """toned letter → (untoned letter, tone mark) and back, for all 12 vowels × 2 cases."""
    split: dict[str, tuple[str, str]] = {}
    join: dict[tuple[str, str], str] = {}
    for vowel in _PLAIN_VOWELS + _PLAIN_VOWELS.upper():
        for mark in _TONE_MARKS:
            toned = unicodedata.normalize("NFC", vowel + mark)
            assert len(toned) == 1, (vowel, mark)
            split[toned] = (vowel, mark)
            join[(vowel, mark)] = toned
    return split, join


_SPLIT, _JOIN = _toned_forms()


def _forms(vowels: str, marks: str = _TONE_MARKS) -> str:
    """The toned letters of ``vowels`` (both cases) as a regex character-class body."""
    return "".join(_JOIN[(v, m)] for v in vowels + vowels.upper() for m in marks)


_TONED = "".join(_SPLIT)
_VOWEL_LETTERS = _PLAIN_VOWELS + _PLAIN_VOWELS.upper() + _TONED
_LETTER = r"[^\W\d_]"

# --- the fast-path regex --------------------------------------------------------
#
# One regex finds everything the slow path would change. It starts with a single
# character class, so the engine skips through clean text at C speed testing each
# character against that set only; the set is kept small (specials, "o", "q" and
# the toned i/y/o/u/ư, about 6% of the characters of Vietnamese prose) because
# every character in it costs a trip through the branches. Each branch then
# confirms one tone placement that is never canonical, so text in chiso's style
# never matches.
_SPECIALS = "\r" + _INVISIBLE + _SPACES + _LINE_BREAKS + "\u0300-\u036f\u00d0\u00f0"
_NOT_LETTER_AFTER = "(?!" + _LETTER + ")"
_VOWEL_AFTER = "(?=[" + _VOWEL_LETTERS + "])"
_BRANCHES = [
    # old-style open oa/oe: hoà, khoẻ, HOÀ (trigger "o", then the toned a/e)
    "[" + _forms("ae") + "](?<=[oO].)" + _NOT_LETTER_AFTER,
    # mark on the u of qu: qúy, qủa
    "[" + _forms("u") + "](?<=[qQ].)" + _VOWEL_AFTER,
    # first-vowel mark before a final consonant: hòang, hủynh
    "[aăeAĂE](?<=[" + _forms("o") + "].)" + _LETTER,
    "[yY](?<=[" + _forms("u") + "].)" + _LETTER,
    # mark before the vowel that carries the shape mark: tìên, mùôn, ngừơi, hòăc
    "[êÊ](?<=[" + _forms("iy") + "].)",
    "[ôơâêÔƠÂÊ](?<=[" + _forms("u") + "].)",
    "[ơƠ](?<=[" + _forms("ư") + "].)",
    "[ăĂ](?<=[" + _forms("o") + "].)",
    # mark after the vowel that carries the shape mark: đôị
    "(?<=[âăêôơưÂĂÊÔƠƯ][" + _forms("iyou") + "])",
    # old-style open uy, but not after q: thuỷ, uỷ (quý is right)
    "(?<=[" + _forms("y") + "])(?<=[uU].)(?<![qQ]..)" + _NOT_LETTER_AFTER,
    # mark on the i of a word-initial gi: gìa
    "(?<=[" + _forms("i") + "])(?<=(?<!" + _LETTER + ")[gG].)" + _VOWEL_AFTER,
    # a character the slow path rewrites
    "(?<=[" + _SPECIALS + "])",
]
_TRIGGER = re.compile(
    "[" + _SPECIALS + "oOqQ" + _forms("yiouư") + "](?:" + "|".join(_BRANCHES) + ")"
)

_MARK_RUN = re.compile(r"[^\u0300-\u036f][\u0300-\u036f]+")
_ETH = re.compile(r"(?<!" + _LETTER + r")[\u00d0\u00f0](?=[" + _VOWEL_LETTERS + "])")
_WORD_CHAR = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])")
_WORD_RIGHT = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f]){0,12}")

#: Vietnamese syllables are at most 7 letters ("nghiêng"); longer runs are not
#: Vietnamese words and are never touched (this also bounds the work per hit).
_MAX_WORD = 10


# --- syllables ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Orthography:
    """The syllable table of corpora/nlp/syllables.toml, ready for parsing."""

    onsets: tuple[str, ...]  # longest first
    nuclei: frozenset[str]
    codas: frozenset[str]
    no_coda: frozenset[str]
    needs_coda: frozenset[str]


@cache
def _orthography() -> _Orthography:
    with open(corpora_path("nlp", "syllables.toml"), "rb") as fh:
        data = tomllib.load(fh)
    return _Orthography(
        onsets=tuple(sorted(data["onsets"], key=len, reverse=True)),
        nuclei=frozenset(data["nuclei"]),
        codas=frozenset(data["codas"]),
        no_coda=frozenset(data["no_coda"]),
        needs_coda=frozenset(data["needs_coda"]),
    )


def parse_syllable(skeleton: str) -> tuple[str, str, str] | None:
    """Split a lowercase, toneless syllable into (onset, nucleus, coda), or None.

    None means "not a Vietnamese syllable": callers leave such words alone. The
    u of "qu" and the i of "gi" go with the onset when a vowel follows, which is
    what puts the mark of "quý" on the y and of "già" on the a.
    """
    table = _orthography()
    onset = ""
    for candidate in table.onsets:
        if skeleton.startswith(candidate):
            rest = skeleton[len(candidate) :]
            if candidate in ("qu", "gi") and not (rest and rest[0] in _PLAIN_VOWELS):
                continue
            onset = candidate
            break
    i = len(onset)
    j = i
    while j < len(skeleton) and skeleton[j] in _PLAIN_VOWELS:
        j += 1
    nucleus, coda = skeleton[i:j], skeleton[j:]
    if nucleus not in table.nuclei:
        return None
    if coda:
        if coda not in table.codas or nucleus in table.no_coda:
            return None
    elif nucleus in table.needs_coda:
        return None
    return onset, nucleus, coda


def _tone_index(nucleus: str, coda: str) -> int:
    """Where the tone mark goes inside the nucleus, in chiso's style.

    A vowel with a shape mark takes it (the second one in ươ); else a lone
    vowel; else, before a final consonant, the last vowel (hoàng, huỳnh); else
    the first of two (hòa, khỏe, thủy, múa) or the middle of three (ngoài, khuỷu).
    """
    shaped = [k for k, ch in enumerate(nucleus) if ch in _SHAPE_VOWELS]
    if shaped:
        return shaped[-1]
    if len(nucleus) == 1:
        return 0
    if coda:
        return len(nucleus) - 1
    return 0 if len(nucleus) == 2 else 1


def split_tone(word: str) -> tuple[str, str] | None:
    """(``word`` without its tone mark, the combining tone mark or ""); None if it has two."""
    tone = ""
    plain: list[str] = []
    for ch in word:
        hit = _SPLIT.get(ch)
        if hit is None:
            plain.append(ch)
            continue
        if tone:
            return None
        plain.append(hit[0])
        tone = hit[1]
    return "".join(plain), tone


def is_syllable(word: str) -> bool:
    """True when ``word`` (any case, NFC, at most one tone mark) spells a Vietnamese syllable.

    Orthography only: "Hòa", "nghiêng", "QUÝ" pass; "Néi", "Hµ", "ViÖt" (legacy
    bytes read as Windows-1252) and most foreign words do not.
    """
    split = split_tone(word)
    if split is None:
        return False
    skeleton = split[0].lower()
    return skeleton.isalpha() and parse_syllable(skeleton) is not None


def place_tone(word: str) -> str:
    """``word`` with its tone mark where chiso writes it; unchanged if not Vietnamese.

    Case is kept per letter ("HOÀ" → "HÒA", "Hoà" → "Hòa"). A word with two
    tone marks, a combining mark, or a shape that is not a syllable is returned as is.
    """
    split = split_tone(word)
    if split is None or not split[1]:
        return word
    plain, tone = split
    skeleton = plain.lower()
    if not skeleton.isalpha():
        return word
    parsed = parse_syllable(skeleton)
    if parsed is None:
        return word
    onset, nucleus, coda = parsed
    k = len(onset) + _tone_index(nucleus, coda)
    return plain[:k] + _JOIN[(plain[k], tone)] + plain[k + 1 :]


# --- the passes -------------------------------------------------------------------


def _repair_marks(match: re.Match[str]) -> str:
    """Compose a letter + combining-marks run that NFC had to leave apart.

    Two shapes occur in real text: a tone typed before the circumflex/breve
    ("e" + acute + circumflex, which NFC cannot compose into "ế"), and a tone
    mark doubled onto a letter that already carries it ("thị" + dot below, seen
    in the baomoi corpus). Shape marks go first, repeated identical marks are
    dropped; anything else (two different tones) stays as written.
    """
    base, *marks = unicodedata.normalize("NFD", match.group())
    marks.sort(key=lambda m: m not in _SHAPE_MARKS)  # stable: shape marks first
    kept = [m for k, m in enumerate(marks) if k == 0 or m != marks[k - 1]]
    return unicodedata.normalize("NFC", base + "".join(kept))


def _fix_tones(text: str) -> str:
    """Re-place tone marks in the words the trigger regex points at."""
    pieces: list[str] = []
    done = 0  # text[:done] is already in pieces
    for m in _TRIGGER.finditer(text):
        pos = m.start()
        if pos < done or not text[pos].isalpha():
            continue  # inside a word already rewritten, or a leftover special character
        start = pos
        while start > done and pos - start < _MAX_WORD and _WORD_CHAR.match(text, start - 1):
            start -= 1
        if start > 0 and _WORD_CHAR.match(text, start - 1):
            continue  # too long to be a syllable, or overlaps the previous word
        end = _WORD_RIGHT.match(text, pos).end()
        if end - start > _MAX_WORD or _WORD_CHAR.match(text, end):
            continue
        word = text[start:end]
        fixed = place_tone(word)
        if fixed != word:
            pieces.append(text[done:start])
            pieces.append(fixed)
            done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _fix_char(match: re.Match[str]) -> str:
    return _CHAR_FIX_MAP[match.group()]


def normalize(text: str) -> str:
    """The canonical form of ``text``: NFC, "\\n" line ends, plain spaces, chiso tone style.

    Idempotent, and returns ``text`` itself when nothing needs changing.
    """
    nfc = unicodedata.is_normalized("NFC", text)
    if nfc and _TRIGGER.search(text) is None:
        return text
    if _CHAR_FIX.search(text):
        size = len(text)
        text = _CHAR_FIX.sub(_fix_char, text)
        nfc = nfc and len(text) == size  # a removed joiner may bring a mark to a letter
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not nfc:
        text = unicodedata.normalize("NFC", text)
    if _MARK_RUN.search(text):
        text = _MARK_RUN.sub(_repair_marks, text)
    if "\u00d0" in text or "\u00f0" in text:
        text = _ETH.sub(lambda m: "Đ" if m.group() == "\u00d0" else "đ", text)
    return _fix_tones(text)


# --- keys ---------------------------------------------------------------------------


def match_key(text: str) -> str:
    """A key equal for texts that differ only in case, tone style or spacing.

    Diacritics stay significant: "Hà Nam" and "Hà Năm" are different places.
    """
    return " ".join(normalize(text).lower().split())


_STRIP_MARKS = re.compile(r"[\u0300-\u036f]+")
_DSTROKE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lowercase, all diacritics removed, đ → d: for slugs and loose matching only."""
    bare = _STRIP_MARKS.sub("", unicodedata.normalize("NFD", normalize(text)))
    return bare.translate(_DSTROKE).lower()

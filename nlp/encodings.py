"""Legacy Vietnamese encodings, their detection, and the repair of text decoded wrongly.

Vietnamese text predates Unicode on the web and in government archives. Three
legacy encodings matter: TCVN3 (TCVN 5712:1993 "VN3", the ABC fonts used in
the north and in state documents), VNI-Windows (the VNI fonts, popular in the
south) and Windows-1258. Python ships only the last one, and its output is
decomposed (base letter + combining tone), so it is NFC'd here. The two others
are implemented from their published code tables and registered as codecs
("tcvn3", "vni") on import, so ``b.decode("tcvn3")`` works everywhere once
``nlp.encodings`` has been imported.

Two failure modes are handled:

* bytes whose charset is unknown or wrong → :func:`decode` tries BOMs, the
  declared charset, strict UTF-8, then picks among the single-byte encodings
  the one whose output reads most like Vietnamese (:func:`vietnamese_score`);
* text that was already decoded wrongly, typically legacy bytes read as
  Windows-1252 ("ViÖt Nam" is TCVN3, "Vieät Nam" is VNI, "Viá»‡t Nam" is UTF-8)
  → :func:`repair_mojibake` maps it back to bytes and re-decodes, keeping a
  line only if it then reads more like Vietnamese. Genuine text is never touched.

The results are NFC but not yet :func:`nlp.normalize.normalize`\\ d: the caller
applies that once, at the door, to whatever text it finally keeps.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable

from nlp.normalize import is_syllable

__all__ = [
    "decode",
    "decode_cp1258",
    "decode_tcvn3",
    "decode_vni",
    "encode_cp1258",
    "encode_tcvn3",
    "encode_vni",
    "repair_mojibake",
    "vietnamese_score",
]

# --- the code tables ----------------------------------------------------------------
#
# TCVN 5712:1993. VN3 ("TCVN3", the ABC fonts) assigns 0xA0-0xFE: the 67 lowercase
# letters, the 7 untoned uppercase ones (Ă Â Ê Ô Ơ Ư Đ) and NBSP; toned capitals were
# drawn by switching to an all-capitals font over the *lowercase* codes, so such text
# decodes to lowercase and nothing can tell. VN1, the full form of the same
# standard, puts the 60 toned capitals in the codes VN3 leaves free (0x80-0x9F, a
# few in 0xAF-0xFF, twelve in C0) and the five tone marks as combining characters
# at 0xB0-0xB4. The decoder reads VN1 with one exception: 0x80-0x9F, where files
# typed in Windows with the ABC fonts hold Windows-1252 punctuation (Word's curly
# quotes, dashes and ellipsis), read as that punctuation wherever Windows-1252
# defines a character. Every VN3 file decodes as its fonts showed it, and the
# encoder still writes all 134 letters: the capitals VN1 put at 0x80-0x9F as
# their base letter plus a VN1 combining tone mark.

_VN1_80_9F = "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"
_TCVN3_A0_FF = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
_TCVN3_C0 = {
    0x01: "Ú",
    0x02: "Ụ",
    0x04: "Ừ",
    0x05: "Ử",
    0x06: "Ữ",
    0x11: "Ứ",
    0x12: "Ự",
    0x13: "Ỳ",
    0x14: "Ỷ",
    0x15: "Ỹ",
    0x16: "Ý",
    0x17: "Ỵ",
}


def _tcvn3_decode_table() -> str:
    low = "".join(_TCVN3_C0.get(b, chr(b)) for b in range(0x80))
    middle = "".join(
        bytes([0x80 + k]).decode("cp1252", errors="ignore") or vn1
        for k, vn1 in enumerate(_VN1_80_9F)
    )
    return low + middle + _TCVN3_A0_FF


_TCVN3_DECODE = _tcvn3_decode_table()
assert len(_TCVN3_DECODE) == 256
_TCVN3_ENCODE = {ch: b for b, ch in enumerate(_TCVN3_DECODE)}

# VNI-Windows keeps ASCII and the Windows-1252 punctuation, writes a few letters as
# one byte, and every other Vietnamese letter as its base letter followed by a
# modifier byte: a tone, a shape (circumflex, breve), or a shape and tone in one
# byte. Modifiers come in a lowercase and an uppercase form, following the letter.
# Decoding turns every modifier into its combining marks and lets NFC compose them
# with the letter before, which also reads the two-modifier spelling (base + shape
# byte + tone byte) some converters produced.

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"

#: modifier byte (lowercase form, uppercase form) → combining marks
_VNI_MODIFIERS: dict[tuple[int, int], str] = {
    (0xF9, 0xD9): _ACUTE,
    (0xF8, 0xD8): _GRAVE,
    (0xFB, 0xDB): _HOOK,
    (0xF5, 0xD5): _TILDE,
    (0xEF, 0xCF): _DOT,
    (0xE2, 0xC2): _CIRCUMFLEX,
    (0xE1, 0xC1): _CIRCUMFLEX + _ACUTE,
    (0xE0, 0xC0): _CIRCUMFLEX + _GRAVE,
    (0xE5, 0xC5): _CIRCUMFLEX + _HOOK,
    (0xE3, 0xC3): _CIRCUMFLEX + _TILDE,
    (0xE4, 0xC4): _CIRCUMFLEX + _DOT,
    (0xEA, 0xCA): _BREVE,
    (0xE9, 0xC9): _BREVE + _ACUTE,
    (0xE8, 0xC8): _BREVE + _GRAVE,
    (0xFA, 0xDA): _BREVE + _HOOK,
    (0xFC, 0xDC): _BREVE + _TILDE,
    (0xEB, 0xCB): _BREVE + _DOT,
}
#: one-byte letters (lowercase byte, uppercase byte) → lowercase letter
_VNI_SINGLES: dict[tuple[int, int], str] = {
    (0xF4, 0xD4): "ơ",
    (0xF6, 0xD6): "ư",
    (0xF1, 0xD1): "đ",
    (0xEC, 0xCC): "ì",
    (0xED, 0xCD): "í",
    (0xE6, 0xC6): "ỉ",
    (0xF3, 0xD3): "ĩ",
    (0xF2, 0xD2): "ị",
    (0xEE, 0xCE): "ỵ",
}


def _cp1252_chars() -> list[str]:
    """Windows-1252 as decoded by browsers: its five holes read as the C1 controls."""
    return [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def _vni_decode_table() -> dict[int, str]:
    table = dict(enumerate(_cp1252_chars()))
    for (lower, upper), marks in _VNI_MODIFIERS.items():
        table[lower] = table[upper] = marks
    for (lower, upper), letter in _VNI_SINGLES.items():
        table[lower], table[upper] = letter, letter.upper()
    return table


_VNI_DECODE = _vni_decode_table()
_VNI_TONE_BYTES = {mark: pair for pair, mark in _VNI_MODIFIERS.items()}
_VNI_SINGLE_BYTES = {
    **{letter: lower for (lower, _), letter in _VNI_SINGLES.items()},
    **{letter.upper(): upper for (_, upper), letter in _VNI_SINGLES.items()},
}
_CP1252_BYTES = {ch: b for b, ch in enumerate(_cp1252_chars())}
_VNI_PASSTHROUGH = {
    ch: b
    for ch, b in _CP1252_BYTES.items()
    if b < 0x80 or not any(b in pair for pair in (*_VNI_MODIFIERS, *_VNI_SINGLES))
}
_TONES = frozenset(_GRAVE + _ACUTE + _HOOK + _TILDE + _DOT)


# --- decoders and encoders --------------------------------------------------------------


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 (TCVN 5712:1993, read as its VN1 superset) bytes → NFC text. Never fails."""
    return unicodedata.normalize("NFC", codecs.charmap_decode(data, "strict", _TCVN3_DECODE)[0])


def decode_vni(data: bytes) -> str:
    """VNI-Windows bytes → NFC text. Never fails (a stray modifier stays a combining mark)."""
    return unicodedata.normalize("NFC", codecs.charmap_decode(data, "strict", _VNI_DECODE)[0])


def decode_cp1258(data: bytes, errors: str = "strict") -> str:
    """Windows-1258 bytes → NFC text (Python's codec leaves the tone marks combining)."""
    return unicodedata.normalize("NFC", bytes(data).decode("cp1258", errors))


def _cp1258_char(ch: str) -> bytes | None:
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        pass
    split = _split_tone(ch)
    if split is None:
        return None
    try:
        return (split[0] + split[1]).encode("cp1258")
    except UnicodeEncodeError:
        return None


def encode_cp1258(text: str, errors: str = "strict") -> bytes:
    """Text → Windows-1258 as Windows writes it: ă â ê ô ơ ư đ whole, the tone combining."""
    return _encode_with(text, _cp1258_char, "cp1258", errors)


def _encode_with(
    text: str, encode_char: Callable[[str], bytes | None], name: str, errors: str
) -> bytes:
    """Encode NFC ``text`` char by char, routing failures through the codecs error handlers."""
    text = unicodedata.normalize("NFC", text)
    out = bytearray()
    i = 0
    while i < len(text):
        chunk = encode_char(text[i])
        if chunk is not None:
            out += chunk
            i += 1
            continue
        exc = UnicodeEncodeError(name, text, i, i + 1, "character maps to <undefined>")
        if errors == "strict":
            raise exc
        replacement, i = codecs.lookup_error(errors)(exc)
        out += replacement.encode("ascii") if isinstance(replacement, str) else replacement
    return bytes(out)


def _split_tone(ch: str) -> tuple[str, str] | None:
    """A letter as (the letter without its tone, NFC; the combining tone mark), if it has one."""
    base, *marks = unicodedata.normalize("NFD", ch)
    tones = [m for m in marks if m in _TONES]
    if len(tones) != 1:
        return None
    shapes = "".join(m for m in marks if m not in _TONES)
    return unicodedata.normalize("NFC", base + shapes), tones[0]


def _tcvn3_char(ch: str) -> bytes | None:
    b = _TCVN3_ENCODE.get(ch)
    if b is not None:
        return bytes([b])
    # no precomposed code: the letter without its tone, then a VN1 combining tone
    split = _split_tone(ch)
    if split is None or split[0] not in _TCVN3_ENCODE:
        return None
    return bytes([_TCVN3_ENCODE[split[0]], _TCVN3_ENCODE[split[1]]])


def encode_tcvn3(text: str, errors: str = "strict") -> bytes:
    """Text → TCVN3 bytes (VN1 codes for the toned capitals, which VN3 fonts cannot show)."""
    return _encode_with(text, _tcvn3_char, "tcvn3", errors)


def _vni_char(ch: str) -> bytes | None:
    if ch in _VNI_SINGLE_BYTES:
        return bytes([_VNI_SINGLE_BYTES[ch]])
    b = _VNI_PASSTHROUGH.get(ch)
    if b is not None:
        return bytes([b])
    base, *marks = unicodedata.normalize("NFD", ch)
    if not base.isascii() or not base.isalpha() or not marks:
        return None
    marks.sort(key=lambda m: m not in (_CIRCUMFLEX, _BREVE, _HORN))  # NFD puts a dot below first
    upper = base.isupper()
    out = bytearray()
    if marks[0] == _HORN:
        # ơ ư are one byte; their tone follows as a modifier
        letter = unicodedata.normalize("NFC", base + _HORN)
        out.append(_VNI_SINGLE_BYTES[letter])
        marks = marks[1:]
    else:
        out += base.encode("ascii")
    if marks:
        pair = _VNI_TONE_BYTES.get("".join(marks))
        if pair is None:
            return None
        out.append(pair[1] if upper else pair[0])
    return bytes(out)


def encode_vni(text: str, errors: str = "strict") -> bytes:
    """Text → VNI-Windows bytes (base letter + one modifier byte, as the VNI fonts expect)."""
    return _encode_with(text, _vni_char, "vni", errors)


# --- codec registration ------------------------------------------------------------------


class _LineBufferedDecoder(codecs.BufferedIncrementalDecoder):
    """Decodes each chunk up to its last ASCII whitespace byte and keeps the rest.

    A VNI letter is a base byte plus modifier bytes, and a TCVN3 combining tone
    follows its letter: cutting at whitespace never separates them, so NFC sees
    whole letters even when data arrives in arbitrary chunks.
    """

    decode_bytes: Callable[[bytes], str] = staticmethod(decode_tcvn3)

    def _buffer_decode(self, data: bytes, errors: str, final: bool) -> tuple[str, int]:
        cut = len(data) if final else max(data.rfind(c) for c in (b" ", b"\n", b"\t", b"\r")) + 1
        return self.decode_bytes(data[:cut]), cut


def _codec(
    name: str, decoder: Callable[[bytes], str], encoder: Callable[..., bytes]
) -> codecs.CodecInfo:
    def stateless_decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
        return decoder(bytes(data)), len(data)

    def stateless_encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        return encoder(text, errors), len(text)

    class IncrementalEncoder(codecs.IncrementalEncoder):
        def encode(self, text: str, final: bool = False) -> bytes:
            return encoder(text, self.errors)

    class IncrementalDecoder(_LineBufferedDecoder):
        decode_bytes = staticmethod(decoder)

    class StreamWriter(codecs.StreamWriter):
        encode = staticmethod(stateless_encode)

    class StreamReader(codecs.StreamReader):
        # StreamReader hands over whatever it read and gets it all decoded: a letter
        # split from its modifier at a read boundary is the caller's risk
        decode = staticmethod(stateless_decode)

    return codecs.CodecInfo(
        stateless_encode,
        stateless_decode,
        StreamReader,
        StreamWriter,
        IncrementalEncoder,
        IncrementalDecoder,
        name=name,
    )


_CODECS = {
    "tcvn3": _codec("tcvn3", decode_tcvn3, encode_tcvn3),
    "vni": _codec("vni", decode_vni, encode_vni),
}

#: every spelling of a charset label this module resolves itself, after lowercasing
#: and turning "-" and " " into "_" (what codecs.lookup hands a search function)
_ALIASES = {
    "tcvn3": "tcvn3",
    "tcvn": "tcvn3",
    "tcvn_3": "tcvn3",
    "vn3": "tcvn3",
    "abc": "tcvn3",
    "tcvn5712": "tcvn3",
    "tcvn_5712": "tcvn3",
    "tcvn5712_1": "tcvn3",
    "tcvn5712_3": "tcvn3",
    "x_viet_tcvn5712": "tcvn3",
    "x_viet_tcvn": "tcvn3",
    "vni": "vni",
    "vni_windows": "vni",
    "vniwin": "vni",
    "x_viet_vni": "vni",
}


def _search(name: str) -> codecs.CodecInfo | None:
    key = _ALIASES.get(name.lower().replace("-", "_").replace(" ", "_"))
    return _CODECS.get(key) if key else None


codecs.register(_search)


# --- how Vietnamese a text looks -------------------------------------------------------------

_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?…-–—/*•·"


def vietnamese_score(text: str) -> int:
    """Syllables with diacritics that spell Vietnamese, minus non-ASCII tokens that do not.

    The yardstick for choosing a decoding: the right one turns "ViÖt", "Vieät" or
    "Viá»‡t" into "Việt" (+1 each instead of −1). ASCII-only tokens and tokens
    without a letter ("©", "–", "92,18%") count zero, so English, numbers, symbols
    and markup do not sway it.
    """
    score = 0
    for token in _TOKEN.findall(text):
        if token.isascii() or not any(ch.isalpha() for ch in token):
            continue
        word = token.strip(_EDGE_PUNCT)
        if word and is_syllable(word):
            score += 1
        else:
            score -= 1
    return score


# --- mojibake repair ------------------------------------------------------------------------

#: characters that Vietnamese text never needs but Windows-1252 mojibake is made of:
#: Latin-1 letters outside the Vietnamese alphabet, the Latin-1 symbols that legacy
#: encodings used for letters ("©" is TCVN3 "â", "®" is "đ"), the C1 controls and
#: the Windows-1252 extras. Only a line with one of them *touching a letter* ("ViÖt",
#: "®øng", "Viá»‡t") is worth re-reading: a lone "©" or "°" is just a symbol.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_SUSPECT_CHARS = (
    "".join(
        re.escape(ch)
        for ch in map(chr, range(0x80, 0x100))
        if ch not in _VIETNAMESE_LATIN1 and ch not in "\u00a0\u00ad"
    )
    + "ƒˆ‰Š‹ŒŽ˜™š›œžŸ‡†‚„"  # the Windows-1252 extras that genuine Vietnamese text does not use
)
_SUSPECT = re.compile(r"[^\W\d_][" + _SUSPECT_CHARS + r"]|[" + _SUSPECT_CHARS + r"][^\W\d_]")
#: text → the bytes a Windows-1252 (or Latin-1) decoder read it from
_TO_LATIN1 = str.maketrans({ch: chr(b) for ch, b in _CP1252_BYTES.items() if ord(ch) != b})


def _as_bytes(line: str) -> bytes | None:
    try:
        return line.translate(_TO_LATIN1).encode("latin-1")
    except UnicodeEncodeError:
        return None


def _decode_utf8(data: bytes) -> str:
    return data.decode("utf-8")


_REPAIRS: tuple[tuple[str, Callable[[bytes], str]], ...] = (
    ("utf-8", _decode_utf8),
    ("tcvn3", decode_tcvn3),
    ("vni", decode_vni),
)


def repair_mojibake(text: str) -> str:
    """Undo legacy or UTF-8 bytes that were decoded as Windows-1252/Latin-1.

    One reading (UTF-8, TCVN3 or VNI) is chosen for the whole text, by how much it
    raises :func:`vietnamese_score`; it is then applied line by line, to the lines
    that show a tell-tale character and that it improves, so a page whose title is
    fine and whose body is not comes out whole. A line of valid Vietnamese has no
    tell-tale and could not score higher re-read anyway, so genuine text stays.
    Run it before :func:`nlp.normalize.normalize`, which would turn the NBSP and
    soft hyphen that stand for "à" and "ư" in such text into a space and nothing.
    """
    if not _SUSPECT.search(text):
        return text
    lines = text.splitlines(keepends=True)
    raw = [_as_bytes(line) if _SUSPECT.search(line) else None for line in lines]
    base = [
        vietnamese_score(line) if data is not None else 0
        for line, data in zip(lines, raw, strict=True)
    ]
    best_gain, best_lines = 0, lines
    for _name, decoder in _REPAIRS:
        gain, fixed = 0, []
        for line, data, before in zip(lines, raw, base, strict=True):
            if data is None:
                fixed.append(line)
                continue
            try:
                candidate = unicodedata.normalize("NFC", decoder(data))
            except UnicodeDecodeError:
                fixed.append(line)
                continue
            delta = vietnamese_score(candidate) - before
            if delta > 0:
                gain += delta
                fixed.append(candidate)
            else:
                fixed.append(line)
        if gain > best_gain:
            best_gain, best_lines = gain, fixed
    return "".join(best_lines)


# --- detection --------------------------------------------------------------------------------

_DECLARED = {
    "windows_1258": "cp1258",
    "cp1258": "cp1258",
    "x_cp1258": "cp1258",
    "utf_16": "utf-16",
    "utf16": "utf-16",
    "utf_16le": "utf-16-le",
    "utf_16be": "utf-16-be",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
    **_ALIASES,
}
#: labels servers put on anything; Vietnamese legacy pages were routinely sent as
#: "windows-1252" or "iso-8859-1" while their fonts read the bytes as TCVN3 or VNI
_WEAK_LABELS = frozenset({"latin_1", "iso8859_1", "cp1252", "ascii"})

_SINGLE_BYTE: tuple[tuple[str, Callable[[bytes], str]], ...] = (
    ("cp1258", decode_cp1258),
    ("tcvn3", decode_tcvn3),
    ("vni", decode_vni),
    ("cp1252", lambda data: data.decode("cp1252")),
)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        if encoding == "cp1258":
            return decode_cp1258(data)
        return unicodedata.normalize("NFC", data.decode(encoding))
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order of BOM-less data whose every other byte is mostly NUL.

    Checked before UTF-8 because NUL is valid UTF-8: ASCII-heavy UTF-16 would
    otherwise "decode" cleanly into text with a NUL after every letter.
    """
    if len(data) < 8 or len(data) % 2:
        return None
    sample = data[:4096]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Bytes of unknown encoding → (NFC text, name of the encoding used).

    Order: a BOM (UTF-8, UTF-16/32 LE/BE); the declared charset if it decodes
    without error; strict UTF-8; the best of Windows-1258, TCVN3, VNI and
    Windows-1252 by :func:`vietnamese_score`; charset-normalizer as a last
    resort. A declared Windows-1252/Latin-1/ASCII is only a hint: such labels
    were sent with UTF-8 and with TCVN3/VNI pages alike, so it competes in the
    scoring step instead of winning outright. The text is not ``normalize``\\ d.
    """
    data = bytes(data)
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            name = {"utf-8-sig": "utf-8"}.get(encoding, encoding)
            if encoding in ("utf-16", "utf-32"):
                name += "-le" if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE) else "-be"
            return unicodedata.normalize("NFC", text), name

    weak = None
    if declared:
        label = declared.strip().strip("\"'").lower().replace("-", "_").replace(" ", "_")
        encoding = _DECLARED.get(label)
        if encoding is None:
            try:
                encoding = codecs.lookup(label).name
            except LookupError:
                encoding = None
        if encoding is not None:
            key = encoding.replace("-", "_")
            if key in _WEAK_LABELS:
                weak = encoding
            else:
                text = _strict(data, encoding)
                if text is not None:
                    return text, encoding

    utf16 = _utf16_without_bom(data)
    if utf16 and (text := _strict(data, utf16)) is not None:
        return text, utf16

    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"

    best: tuple[int, str, str] | None = None
    for name, decoder in _SINGLE_BYTE:
        try:
            candidate = unicodedata.normalize("NFC", decoder(data))
        except UnicodeDecodeError:
            continue
        score = vietnamese_score(candidate)
        if best is None or score > best[0]:
            best = (score, candidate, name)
    if best is not None and best[0] > 0:
        return best[1], best[2]
    if weak is not None and (text := _strict(data, weak)) is not None:
        return text, weak

    from charset_normalizer import from_bytes  # imported late: slow to import, rarely needed

    match = from_bytes(data).best()
    if match is not None:
        return unicodedata.normalize("NFC", str(match)), match.encoding
    return unicodedata.normalize("NFC", data.decode("cp1252", errors="replace")), "cp1252"

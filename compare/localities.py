"""Locality names as comparison keys, file-name slugs and post-2025 provinces.

Claims, reference tables and user filters spell the same unit differently
("Hoà Bình" / "Hòa Bình", "Bà Rịa-Vũng Tàu" / "Bà Rịa - Vũng Tàu"), so every
comparison goes through :func:`name_key`, which ignores case, spacing around
hyphens and where the tone mark sits in a syllable, and nothing else.
Old names are never rewritten: the post-1-July-2025 province is an added
column (:func:`new_province`).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

# Combining tone marks (huyền, sắc, ngã, hỏi, nặng); vowel-shape marks (â, ă, ơ …) are kept.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_HYPHEN = re.compile(r"\s*[-–—]\s*")
_SPACES = re.compile(r"\s+")

# The five centrally-run cities are provinces in every national table.
CENTRAL_CITIES = ("Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh")


@lru_cache(maxsize=65536)
def name_key(name: str | None) -> str:
    """A matching key: NFC, casefolded, one space, " - " hyphens, and each syllable's
    tone mark moved to its end so that old and new tone placement (hoà/hòa, qúy/quý)
    give the same key while different words (Hà Nam/Hà Nội) stay different."""
    if not name:
        return ""
    text = unicodedata.normalize("NFD", name.casefold().strip())
    text = _SPACES.sub(" ", _HYPHEN.sub(" - ", text))
    syllables = []
    for syllable in text.split(" "):
        tones = "".join(ch for ch in syllable if ch in _TONES)
        base = "".join(ch for ch in syllable if ch not in _TONES)
        syllables.append(unicodedata.normalize("NFC", base) + tones)
    return " ".join(syllables)


def ascii_fold(text: str) -> str:
    """Vietnamese without diacritics (đ → d), for slugs only — never for matching."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(*parts: str | None) -> str:
    """A file-name-safe slug for a locality page: readable ASCII plus a short hash of the
    exact names, so that two units with the same name in different provinces
    (several "Châu Thành") never share a page."""
    words = "-".join(p for p in parts if p)
    readable = re.sub(r"[^a-z0-9]+", "-", ascii_fold(words).lower()).strip("-")[:60] or "x"
    digest = hashlib.sha1("|".join(name_key(p) for p in parts).encode()).hexdigest()[:8]
    return f"{readable}-{digest}"


def is_province_level(locality: str, locality_type: str, province: str | None) -> bool:
    """True when the claim is about a province in a national table: a ``tỉnh``, or one of
    the five centrally-run cities. A provincial city shares its province's name (the
    city of Thanh Hóa in Thanh Hóa) but is not the province."""
    if locality_type == "tỉnh":
        return True
    if locality_type != "thành phố" or name_key(locality) not in _CENTRAL_KEYS:
        return False
    return not province or name_key(province) == name_key(locality)


_CENTRAL_KEYS = frozenset(name_key(c) for c in CENTRAL_CITIES)


# -- post-2025 provinces ------------------------------------------------------


def new_province(old_province: str | None) -> str | None:
    """The province (of 34) that ``old_province`` (of 63) belongs to since 1 July 2025,
    or None when unknown. Uses the gazetteer when it is installed; otherwise reads
    underthesea's bundled mapping directly (the same data)."""
    if not old_province:
        return None
    try:
        from nlp.gazetteer import gazetteer  # the project's gazetteer, when present

        return gazetteer().new_province(old_province)
    except (ImportError, AttributeError):
        return _underthesea_new_provinces().get(name_key(old_province))


@cache
def _underthesea_new_provinces() -> dict[str, str]:
    """name_key(old short name) → new short name, from underthesea's
    ``address/data/mapping.json`` (vietnamadminunits, effective 2025-07-01)."""
    import underthesea

    path = Path(underthesea.__file__).parent / "address" / "data" / "mapping.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    new_names = {k: v["short"] for k, v in data["province_names"].items()}
    out: dict[str, str] = {}
    for old_key, info in data["old_province_names"].items():
        new_key = data["province_mapping"].get(old_key)
        if new_key in new_names:
            out[name_key(info["short"])] = new_names[new_key]
    # The mapping already calls Thừa Thiên Huế by its 2025 name (city of Huế).
    for old, current in _OLD_NAMES.items():
        if name_key(current) in out:
            out.setdefault(name_key(old), out[name_key(current)])
    return out


# Names that claims and the reference tables use for years up to 2024 but the mapping
# spells in their later form.
_OLD_NAMES = {"Thừa Thiên Huế": "Huế"}

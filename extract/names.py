"""The names stage: localities the gazetteer does not know.

News text names units the bundled lists lack — a district spelled the old way ("huyện
Krông Pắk"), a body ranked among a province's departments ("Ban Quản lý dự án đầu tư xây
dựng tỉnh", "Trung tâm Xúc tiến đầu tư"). For those, a unit word followed by a
capitalized name is a locality too:

- after a unit word (huyện, thị xã, quận, xã, phường, thị trấn), the name is the run of
  capitalized syllables that follows ("Krông Pắk"). underthesea's word segmentation was
  tried here and joins an unknown name with the next verb ("Pắk xếp"); capitalization is
  what Vietnamese writes proper names with, so it is the better cut;
- after an organization head (Ban, Trung tâm, Chi cục, Cục, …) the name runs to the
  verb or punctuation that follows it, as department names do.

Only candidate sentences are read. The article's province is their province (resolved
with the rest in the subject stage).
"""

from __future__ import annotations

import re

from extract.doc import Doc, Locality, PlaceRef
from extract.pipeline import stage
from extract.places import _is_source

_UNIT = re.compile(
    r"(?<!\w)(?P<unit>[Hh]uyện|[Tt]hị\s+xã|[Qq]uận|[Xx]ã|[Pp]hường|[Tt]hị\s+trấn)\s+(?=[A-ZĐÀ-Ỹ])"
)
_ORG = re.compile(
    r"(?<!\w)(?P<name>(?:Ban|Trung\s+tâm|Chi\s+cục|Cục|Văn\s+phòng|Kho\s+bạc|Bảo\s+hiểm|Thanh\s+tra|Công\s+an"
    r"|Sở|Đài|Báo|Liên\s+minh|Ngân\s+hàng)\s+[A-ZĐÀ-Ỹ][^\d,;:.()%“”\"]{2,80}?)"
    r"(?=\s*(?:[,;:.()%]|\s(?:đứng|xếp|đạt|dẫn|giành|được|có|với|tăng|giảm|tụt|là|nằm|chiếm|vươn|lọt|thứ|hạng|cùng"
    r"|và|giữ|đồng)(?!\w)))"
)
_UNIT_TYPES = {"huyện": "huyện", "thị xã": "thị xã", "quận": "quận", "xã": "xã", "phường": "phường",
               "thị trấn": "thị trấn"}
# bodies that publish or steer rankings are not ranked units
_NOT_UNITS = re.compile(r"^(?:Ban\s+Chỉ\s+đạo|Văn\s+phòng\s+Chính\s+phủ|Báo|Đài|Ban\s+Thường\s+vụ|Ban\s+Tuyên\s+giáo)", re.IGNORECASE)


@stage("names")
def names(doc: Doc) -> None:
    text = doc.text
    for s in doc.sentences:
        if not s.candidate or s.context_index is None:
            continue
        taken = [(r.start, r.end) for r in s.places if not r.generic]
        added: list[PlaceRef] = []
        for m in _UNIT.finditer(text, s.start, s.end):
            if any(a <= m.start() < b for a, b in taken):
                continue
            name = _capitalized_name(text, m.end(), s.end)
            if name is None:
                continue
            unit = " ".join(m.group("unit").lower().split())
            loc = Locality(name, _UNIT_TYPES[unit], None)
            added.append(PlaceRef(m.start(), m.end() + len(name), loc, loc.type, False, (loc,)))
        for m in _ORG.finditer(text, s.start, s.end):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                continue
            name = " ".join(m.group("name").split())
            if _NOT_UNITS.match(name) or len(name.split()) < 2:
                continue
            loc = Locality(name, "sở", None)
            ref = PlaceRef(m.start(), m.end(), loc, "sở", False, (loc,))
            if not _is_source(text, ref, s.start):
                added.append(ref)
        if added:
            # a unit word inside a new name ("… xây dựng tỉnh") is part of it
            kept = [r for r in s.places if not (r.generic and any(a.start <= r.start < a.end for a in added))]
            s.places = sorted(kept + added, key=lambda r: r.start)


_SYLLABLE = re.compile(r"[^\W\d_][\w']*")


def _capitalized_name(text: str, start: int, end: int) -> str | None:
    """The run of two or more capitalized syllables at ``start`` ("Krông Pắk", "Phan Rang-Tháp Chàm")."""
    pos, words = start, []
    while pos < end:
        m = _SYLLABLE.match(text, pos, end)
        if m is None or not m.group()[0].isupper():
            break
        words.append(m.group())
        pos = m.end()
        if text[pos:pos + 1] in {" ", "-"} and pos + 1 < end and text[pos + 1].isupper():
            pos += 1
        else:
            break
    if len(words) < 2:
        return None
    return text[start:pos].rstrip(" -")

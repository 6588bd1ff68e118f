"""The places stage: localities named or referred to in each sentence.

Named places come from the gazetteer (:mod:`nlp.gazetteer`); a bare unit
word standing alone ("chỉ số CCHC của huyện", "tỉnh xếp thứ 20") is a
generic reference that the subject stage resolves to the article's own
district or province. Choosing among a name's candidates (the city or the
province of Thanh Hóa, the many "Châu Thành") also waits for the subject
stage, which knows the article's province.
"""

from __future__ import annotations

import re

from extract.doc import Doc, Locality, PlaceRef
from extract.pipeline import stage
from nlp.gazetteer import gazetteer

_GENERIC = re.compile(
    r"(?<![\w])(?P<word>huyện|tỉnh|thị\s+xã|thành\s+phố|quận|địa\s+phương|đơn\s+vị|thị\s+trấn|xã|phường)"
    r"(?![\w])(?!\s*,?\s*(?:thị\s+xã|thành\s+phố|huyện|tỉnh)\b)",
    re.IGNORECASE,
)
_PLURAL_BEFORE = re.compile(
    r"(?:các|những|mỗi|từng|nhiều|một\s+số|toàn|cả|cấp|khối|số|trong|giữa|(?<![\d.,])\d{1,3}|là|hai|ba|bốn|sáu|mười"
    r"|UBND|HĐND|Ủy\s+ban\s+nhân\s+dân|Hội\s+đồng\s+nhân\s+dân|ủy|Chủ\s+tịch|Bí\s+thư|Ban|Sở|Văn\s+phòng"
    r"|Công\s+an|Trung\s+tâm|Đảng\s+bộ|lãnh\s+đạo|Phòng|Thường\s+trực|Thanh\s+tra|Đài|Báo|đầu|cuối)\s*$",
    re.IGNORECASE,
)
_SCOPE_BEFORE = re.compile(
    r"(?:top|tốp|nhóm|dẫn\s+đầu|đứng\s+đầu|cuối|thứ|hạng)\s*\d*(?:\s+\S+){0,5}\s+(?:của|trong|toàn|cả)\s*$",
    re.IGNORECASE,
)
# "khối huyện, thị xã, thành phố": a bloc of units, not a reference to one
_BLOC_BEFORE = re.compile(
    r"khối(?:\s+(?:huyện|thị\s+xã|thành\s+phố|quận|xã|phường|thị\s+trấn|sở|ban|ngành|địa\s+phương|đơn\s+vị|UBND|cấp)"
    r"\s*,?\s*(?:và\s+)?)*\s*$",
    re.IGNORECASE,
)
_COUNTED_BEFORE = re.compile(
    r"\d+\s+(?:(?:tỉnh|thành\s+phố|huyện|thị\s+xã|quận|xã|phường|thị\s+trấn|sở|ban|ngành|đơn\s+vị|địa\s+phương)"
    r"\s*,?\s*(?:và\s+)?)*$",
    re.IGNORECASE,
)
_GENERIC_TYPE = {
    "huyện": "huyện",
    "tỉnh": "tỉnh",
    "thị xã": "thị xã",
    "thành phố": "thành phố",
    "quận": "quận",
    "thị trấn": "thị trấn",
    "xã": "xã",
    "phường": "phường",
    "địa phương": "",
    "đơn vị": "",
}


@stage("places")
def places(doc: Doc) -> None:
    """Attach named places and generic references to the candidate sentences."""
    if not doc.sentences:
        return
    mentions = gazetteer().find(doc.text)
    by_sentence: dict[int, list[PlaceRef]] = {}
    starts = [s.start for s in doc.sentences]
    import bisect

    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0 or m.end > doc.sentences[i].end:
            continue
        cands = tuple(Locality(p.name, p.type, p.province) for p in m.candidates)
        by_sentence.setdefault(i, []).append(
            PlaceRef(m.start, m.end, cands[0] if cands else None, m.unit, False, cands)
        )
    for i, s in enumerate(doc.sentences):
        refs = [r for r in by_sentence.get(i, []) if not _is_source(doc.text, r, s.start)]
        if s.candidate:
            # "xã Sơn Kim 1", "phường 12": a number inside a place's name is not a figure
            s.figures = [f for f in s.figures if not any(r.start <= f.start and f.end <= r.end for r in refs)]
            taken = [(f.start, f.end) for f in s.figures if f.kind in {"total", "rank"}]
            refs = refs + [
                r for r in _generic_refs(doc.text, s.start, s.end, refs)
                if not any(a <= r.start < b for a, b in taken)  # "63 tỉnh, thành phố" counts
            ]
            refs.sort(key=lambda r: r.start)
        s.places = refs


_SOURCE_BEFORE = re.compile(
    r"(?:[Tt]heo|do|của|[Gg]iám\s+đốc|[Pp]hó\s+[Gg]iám\s+đốc|[Ll]ãnh\s+đạo|[Đđ]ại\s+diện|[Cc]hủ\s+tịch|[Tt]rưởng\s+phòng"
    r"|[Cc]hánh\s+[Vv]ăn\s+phòng|[Bb]ộ\s+trưởng|[Tt]hứ\s+trưởng|[Cc]án\s+bộ|[Tt]ại|[Pp]hối\s+hợp\s+với)\s*$"
)
_SOURCE_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:cho\s+biết|nhấn\s+mạnh|khẳng\s+định|thông\s+tin|công\s+bố|ban\s+hành|chủ\s+trì|tổ\s+chức|phát\s+biểu"
    r"|đề\s+nghị|yêu\s+cầu|trao|tặng|đánh\s+giá|xếp\s+loại|công\s+nhận|khen\s+thưởng)(?!\w)"
)


_REPORTED_BY = re.compile(
    r"[Tt]heo\s+(?:báo\s+cáo|thông\s+tin|số\s+liệu|kết\s+quả|đánh\s+giá|công\s+bố|thông\s+báo)(?:\s+\S+){0,2}?\s+của\s*$"
)


def _is_source(text: str, ref: PlaceRef, start: int) -> bool:
    """"Theo Sở Nội vụ", "Giám đốc Sở TT&TT cho biết", "do Bộ TT&TT công bố": a body
    that speaks or publishes, not the locality a figure belongs to. Only departments and
    ministries are read this way; "của tỉnh Quảng Nam" stays a place."""
    if ref.locality is None or ref.locality.type not in {"sở", "bộ"}:
        return False
    before = text[max(start, ref.start - 40):ref.start]
    if _REPORTED_BY.search(before):
        return True  # "Theo báo cáo của Sở Kế hoạch và Đầu tư"
    if re.search(r"của\s*$", before):
        return False  # "Chỉ số CCHC của Sở Tư pháp"
    return bool(_SOURCE_BEFORE.search(before[-20:]) or _SOURCE_AFTER.match(text, ref.end))


def _generic_refs(text: str, start: int, end: int, named: list[PlaceRef]) -> list[PlaceRef]:
    out = []
    for m in _GENERIC.finditer(text, start, end):
        if any(r.start <= m.start() < r.end for r in named):
            continue
        nxt = text[m.end():m.end() + 2]
        if nxt[:1] == " " and nxt[1:2].isupper():  # "huyện Yên Thế" the gazetteer did not know
            continue
        if _PLURAL_BEFORE.search(text[max(start, m.start() - 12):m.start()]):
            continue
        if _SCOPE_BEFORE.search(text[max(start, m.start() - 30):m.start()]):
            continue  # "vào top 5 của tỉnh": the scope of a ranking, not its subject
        if _BLOC_BEFORE.search(text[max(start, m.start() - 50):m.start()]):
            continue
        if _COUNTED_BEFORE.search(text[max(start, m.start() - 40):m.start()]):
            continue  # "xếp thứ 25/63 tỉnh, thành phố": the counted units
        word = " ".join(m.group("word").lower().split())
        out.append(PlaceRef(m.start(), m.end(), None, _GENERIC_TYPE[word], True))
    return out

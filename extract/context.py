"""Document context: what the article is about, and which year its figures are for.

An article names its district once ("Huyện Yên Thế tổ chức hội nghị …") and
then writes "huyện", "địa phương"; it states a year once and implies it
afterwards. The subject stage finds the article's province and its main
locality of each type; the years stage gives each sentence the assessment
year in force and the article a default (the publication year minus one:
index results come out the year after the assessment).
"""

from __future__ import annotations

import re
from collections import Counter

from extract.doc import Doc, Locality, PlaceRef
from extract.pipeline import stage
from nlp.gazetteer import gazetteer
from nlp.numbers import find_years

_WRITTEN_SCOPE = re.compile(r"\s+(tỉnh|thành phố)(?![\w]|\s+[A-ZĐ])")
CENTRAL_CITIES = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh"})
_DISTRICT_TYPES = ("huyện", "thị xã", "thành phố", "quận")
_WARD_TYPES = ("xã", "phường", "thị trấn")


def province_locality(name: str) -> Locality:
    """A province (or centrally-run city) as a claim's locality."""
    return Locality(name, "thành phố" if name in CENTRAL_CITIES else "tỉnh", name)


@stage("subject")
def subject(doc: Doc) -> None:
    """Find the article's province and main localities, then resolve every place."""
    if not doc.sentences:
        return
    head = (doc.article.title or "") + "\n" + doc.text[: doc.text.find("\n", 200) if "\n" in doc.text[200:] else 400]
    weights: Counter[Locality] = Counter()
    provinces: Counter[str] = Counter()
    for m in gazetteer().find(head):
        _count(m.candidates, m.unit, 3, weights, provinces)
    for s in doc.sentences:
        for r in s.places:
            if not r.generic:
                _count(r.candidates, r.written_type, 1, weights, provinces)
    total = sum(provinces.values())
    if provinces:
        top, n = provinces.most_common(1)[0]
        if n >= 0.4 * total:
            doc.province = top
    if doc.province:
        doc.subject["tỉnh"] = province_locality(doc.province)
        if doc.province in CENTRAL_CITIES:
            # in a Hà Nội or Hải Phòng article "thành phố" is the city itself
            doc.subject["thành phố"] = doc.subject["tỉnh"]
    for loc, _w in weights.most_common():
        if doc.province and loc.province != doc.province:
            continue
        if loc.type in _DISTRICT_TYPES and loc.type not in doc.subject and loc.name != loc.province:
            doc.subject[loc.type] = loc
    main = None
    for loc, _w in weights.most_common():
        if doc.province is None or loc.province == doc.province:
            main = loc
            break
    if main is not None:
        doc.subject[""] = main
    elif doc.province:
        doc.subject[""] = doc.subject["tỉnh"]
    for s in doc.sentences:
        for r in s.places:
            r.locality = _resolve(r, doc)


def _count(cands, unit, weight, weights: Counter, provinces: Counter) -> None:
    cands = [c if isinstance(c, Locality) else Locality(c.name, c.type, c.province) for c in cands]
    if not cands:
        return
    if unit:
        typed = [c for c in cands if c.type == unit or (unit == "tỉnh" and c.name == c.province)]
        cands = typed or cands
    top = cands[0]
    if top.type == "bộ":
        return
    weights[top] += weight
    provs = {c.province for c in cands if c.province}
    if len(provs) == 1:
        provinces[provs.pop()] += weight


def _resolve(ref: PlaceRef, doc: Doc) -> Locality | None:
    """Pick the locality a mention means, given the article's province."""
    if ref.generic:
        return doc.subject.get(ref.written_type or "") or (
            doc.subject.get("") if not ref.written_type else None
        )
    cands = list(ref.candidates)
    if not cands:
        return None
    for level in (_DISTRICT_TYPES, _WARD_TYPES):
        if ref.written_type in level:
            # the gazetteer knows 2025's types; the unit word written is the one of its day
            # ("huyện Mộc Châu" before it became a thị xã, "xã Thạch Hưng" before a phường)
            cands = [
                Locality(c.name, ref.written_type, c.province)
                if c.type in level and c.type != ref.written_type and c.name != c.province
                else c
                for c in cands
            ]
    if ref.written_type:
        typed = [c for c in cands if c.type == ref.written_type]
        if ref.written_type == "tỉnh":
            typed = [province_locality(c.province) for c in cands if c.province] or typed
        cands = typed or cands
    cands = [
        Locality(c.name, c.type, doc.province) if c.type != "bộ" and c.province is None else c
        for c in cands
    ]
    if doc.province and len(cands) > 1:
        local = [c for c in cands if c.province == doc.province]
        # a bare province name inside its own province's article is still the province
        cands = local or cands
    chosen = cands[0]
    if chosen.type == "sở" and not chosen.name.startswith("Sở "):
        # department-like bodies keep their written name: "Cục Thuế tỉnh", "Cục Thuế thành phố"
        surface = doc.text[ref.start:ref.end]
        tail = re.search(r"\s(tỉnh|thành phố)$", surface)
        m = tail or _WRITTEN_SCOPE.match(doc.text, ref.end)
        if m and not chosen.name.endswith(m.group(1)):
            chosen = Locality(f"{chosen.name} {m.group(1)}", chosen.type, chosen.province)
    return chosen


@stage("years")
def years(doc: Doc) -> None:
    """The article's default assessment year: the year most often stated next to an
    index mention or in the title, with the publication year minus one as a vote
    (results come out the year after the assessment) and the tie-breaker."""
    counts: Counter[int] = Counter()
    for f in find_years(doc.article.title or ""):
        if f.role == "year":
            counts[int(f.value)] += 2
    for s in doc.sentences:
        if s.mentions:
            for f in s.years:
                if f.role == "year":
                    counts[int(f.value)] += 1
    published = int(doc.article.published[:4]) if doc.article.published else None
    if published is not None:
        counts[published - 1] += 1
    if counts:
        doc.default_year = max(counts.items(), key=lambda kv: (kv[1], kv[0] == (published or 0) - 1, kv[0]))[0]

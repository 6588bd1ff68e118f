"""Numbers, scores, ranks, ordinals, totals, changes and years in Vietnamese text.

Vietnamese writes a decimal comma and a thousands dot ("89,64", "13.218"),
some sites a decimal dot ("92.83 điểm"); ranks come as "10/13", "thứ 10",
"thứ mười", "hạng nhì", "đứng đầu", "cuối bảng"; changes as "tăng 0,58
điểm", "tụt 4 hạng", "giữ nguyên vị trí". :func:`scan` turns a stretch of
text into typed, offset-carrying :class:`Figure` items in reading order;
deciding which figure belongs to which index and locality is the
extractor's business, not this module's.

The word lists (ordinals, rank words, change verbs) are data in
``corpora/extract/lexicon.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from nlp.resources import corpora_path


@dataclass(frozen=True, slots=True)
class Number:
    """A parsed number with its printed precision (decimals) and, for a dotted
    group like "45.500", the decimal-dot reading as ``alt``."""

    value: float
    decimals: int
    alt: float | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure in text. ``kind`` is one of:

    - ``score``: ``value`` with ``unit`` ("%", "điểm" or None) and ``maximum`` ("/170");
    - ``rank``: ``value`` (None for "cuối bảng" until a total is known), ``total``,
      ``form`` ("num", "word", "first", "second", "last", "held": "giữ vững vị trí thứ 3");
    - ``total``: a ranking's size, ``value`` and the counted ``noun`` ("63 tỉnh, thành phố");
    - ``change``: ``value`` signed (+ better, − worse for ranks; + higher for scores),
      ``target`` ("rank" or "score"), ``unit``, ``approx``, ``base`` year or "prev";
    - ``year``: ``value`` and its ``role`` ("year", "base", "publication", "range");
    - ``item``: the number opening a list line ("1. Quảng Ninh: 92,18%").
    """

    kind: str
    start: int
    end: int
    value: float | None
    unit: str | None = None
    maximum: float | None = None
    total: int | None = None
    form: str = ""
    target: str = ""
    approx: bool = False
    base: int | str | None = None
    role: str = ""
    decimals: int = 0
    noun: str = ""


NUM = r"\d+(?:[.,]\d+)*"
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3}){2,}")


def parse_number(text: str) -> Number | None:
    """Parse one number the Vietnamese way, with the fallbacks real sites need.

    >>> parse_number("89,64").value, parse_number("13.218").value, parse_number("92.83").value
    (89.64, 13218.0, 92.83)
    """
    s = text.strip()
    if not s or not s[0].isdigit():
        return None
    try:
        if "," in s and "." in s:
            if s.rfind(",") > s.rfind("."):  # 1.234,56
                whole, frac = s.replace(".", "").split(",", 1)
            else:  # 1,234.56
                whole, frac = s.replace(",", "").split(".", 1)
            if "," in frac or "." in frac:
                return None
            return Number(float(f"{whole}.{frac}"), len(frac))
        if "," in s:
            if _THOUSANDS_COMMA.fullmatch(s):
                return Number(float(s.replace(",", "")), 0)
            if s.count(",") > 1:
                return None
            whole, frac = s.split(",")
            return Number(float(f"{whole}.{frac}"), len(frac))
        if "." in s:
            if _THOUSANDS_DOT.fullmatch(s):
                alt = float(s) if s.count(".") == 1 else None
                return Number(float(s.replace(".", "")), 0, alt)
            if s.count(".") > 1:
                return None
            return Number(float(s), len(s.split(".")[1]))
        return Number(float(s), 0)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Lexicon:
    ordinals: dict[str, int]
    first: tuple[str, ...]
    second: tuple[str, ...]
    last: tuple[str, ...]
    up: tuple[str, ...]
    down: tuple[str, ...]
    same: tuple[str, ...]
    approx: tuple[str, ...]
    cues: dict[str, tuple[str, ...]]


@cache
def lexicon() -> Lexicon:
    """The extractor's word lists, read once from ``corpora/extract/lexicon.toml``."""
    path = corpora_path("extract", "lexicon.toml")
    try:
        d = tomllib.loads(path.read_text(encoding="utf-8"))
        return Lexicon(
            ordinals={k: int(v) for k, v in d["ordinals"].items()},
            first=tuple(d["rank_words"]["first"]),
            second=tuple(d["rank_words"]["second"]),
            last=tuple(d["rank_words"]["last"]),
            up=tuple(d["changes"]["up"]),
            down=tuple(d["changes"]["down"]),
            same=tuple(d["changes"]["same"]),
            approx=tuple(d["changes"]["approx"]),
            cues={k: tuple(v) for k, v in d["cues"].items()},
        )
    except (KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: bad lexicon: {exc}") from exc


def phrase_regex(phrases: tuple[str, ...] | list[str]) -> str:
    """An alternation of phrases, longest first, spaces loose, as a regex string."""
    parts = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


@cache
def _scanner() -> re.Pattern[str]:
    lx = lexicon()
    ordw = phrase_regex(list(lx.ordinals))
    up, down, same = phrase_regex(lx.up), phrase_regex(lx.down), phrase_regex(lx.same)
    approx = phrase_regex(lx.approx)
    first, second, last = phrase_regex(lx.first), phrase_regex(lx.second), phrase_regex(lx.last)
    nouns = phrase_regex(lx.cues["total_nouns"])
    rank_kw = (
        r"(?:xếp\s+thứ\s+hạng|xếp\s+hạng\s+thứ|xếp\s+ở\s+vị\s+trí\s+thứ|xếp\s+vị\s+trí\s+thứ"
        r"|đứng\s+ở\s+vị\s+trí\s+thứ|đứng\s+vị\s+trí\s+thứ|ở\s+vị\s+trí\s+thứ|vị\s+trí\s+thứ"
        r"|vị\s+trí\s+số|thứ\s+hạng\s+thứ|đồng\s+hạng|xếp\s+hạng|xếp\s+thứ|đứng\s+thứ|hạng\s+thứ"
        r"|vị\s+trí|vị\s+thứ|thứ\s+hạng|hạng|thứ|xếp)"
    )
    def base(name: str) -> str:
        return (
            r"(?:\s*\(?\s*(?:so\s+với|so|với|như)\s+(?:cùng\s+kỳ\s+)?(?:năm\s+|kỳ\s+|lần\s+|[A-Z][A-Z]+\s+)?"
            rf"(?P<{name}>\d{{4}}|trước|ngoái|liền\s+kề|liền\s+trước|đánh\s+giá\s+trước))?"
        )

    alternatives = [
        # changes: "tăng 0,58 điểm", "tụt 4 hạng so với năm 2019", "giữ nguyên vị trí"
        rf"(?P<chg>(?P<cdir>{up}|{down})\s+(?:thêm\s+)?(?P<capprox>(?:{approx})\s+)?"
        rf"(?P<cnum>{NUM}|{ordw})\s*(?P<cunit>bậc|hạng|vị\s+trí|điểm\s*%|điểm\s+phần\s+trăm"
        rf"|điểm|%)(?!\w){base('cbase')})",
        # a change with no unit, its base stated: "tăng 0,1783 so với năm 2021"
        rf"(?P<chgbare>(?P<bdir>{up}|{down})\s+(?P<bnum>\d+[.,]\d+)(?=\s+so\s+với){base('bbase')})",
        rf"(?P<same>(?:{same})\s+(?:về\s+)?(?P<sunit>vị\s+trí|thứ\s+hạng|hạng|xếp\s+hạng|thứ\s+bậc|"
        rf"số\s+điểm|điểm)(?:\s+(?:số|thứ)\s+(?P<heldnum>\d{{1,3}})(?:\s*/\s*(?P<heldtot>\d{{1,3}}))?(?![.,]?\d))?(?!\w){base('sbase')})",
        # ranks by words
        rf"(?P<rfirst>{first})(?!\w)",
        rf"(?P<rsecond>{second})(?!\w)",
        r"(?P<rpen>áp\s+chót|áp\s+cuối|gần\s+cuối\s+bảng)(?!\w)",
        rf"(?P<rlast>{last})(?!\w)(?:\s+(?:trong|của|trên)?\s*(?:tổng\s+số\s+|số\s+)?(?P<ltot>\d+)(?!\d))?",
        # ranks by number or ordinal word: "xếp thứ 10/13", "hạng nhì", "đứng thứ 2"
        rf"(?P<rank>{rank_kw}\s*(?:thứ\s+)?(?:(?P<rnum>\d+)(?![.,]\d)(?:\s*/\s*(?P<rtot>\d+))?"
        rf"|(?P<rword>{ordw})(?!\w)))",
        # totals: "trong 63 tỉnh, thành phố", "17 sở, ban, ngành"
        rf"(?P<tot>(?P<tprep>trong\s+tổng\s+số|trong\s+số|trong|trên\s+tổng\s+số|trên|của|đối\s+với"
        rf"|giữa|trong\s+tổng|cuối)?\s*(?P<tnum>\d+)\s+(?P<tnoun>{nouns})(?!\w))",
        # scores: "89,64 điểm", "93,12%", "133,28/170 điểm", bare "0,6012"
        rf"(?P<score>(?P<snum>{NUM})(?:\s*/\s*(?P<smax>{NUM}))?(?:\s*(?P<sunitx>%|điểm(?!\s*%)(?!\w)))?)",
    ]
    return re.compile(r"(?<![\w.,/])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


@cache
def _total_noun_pattern() -> re.Pattern[str]:
    return re.compile(rf"\s+({phrase_regex(lexicon().cues['total_nouns'])})(?!\w)", re.IGNORECASE)


def _total_noun_at(text: str, pos: int, end: int) -> tuple[str, int] | None:
    m = _total_noun_pattern().match(text, pos, end)
    return (_squash(m.group(1)), m.end()) if m else None


_RANK_LIST_TAIL = re.compile(r"\s*(?:,|và)\s*(?:thứ\s+)?(\d{1,3})(?:\s*/\s*(\d{1,4}))?(?![\d.,]\d|\s*(?:%|điểm))")
_YEAR = re.compile(r"(?<![\d/.,:-])(?:19[89]\d|20[0-4]\d)(?![\d/.,]\d)")


def scan(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """All figures in ``text[start:end]``, in reading order, offsets into ``text``."""
    end = len(text) if end is None else end
    lx = lexicon()
    out: list[Figure] = []
    for m in _scanner().finditer(text, start, end):
        g = m.groupdict()
        s, e = m.span()
        if g["chg"]:
            direction = g["cdir"].lower()
            sign = 1 if any(direction == w for w in lx.up) or _startswith_any(direction, lx.up) else -1
            if _startswith_any(direction, lx.down) and not _startswith_any(direction, lx.up):
                sign = -1
            amount = _number_or_ordinal(g["cnum"], lx)
            unit = re.sub(r"\s+", " ", g["cunit"].lower())
            target = "rank" if unit in {"bậc", "hạng", "vị trí"} else "score"
            unit = "%" if unit in {"%", "điểm %", "điểm%", "điểm phần trăm"} else unit
            out.append(
                Figure(
                    "change", s, e, None if amount is None else sign * amount, unit=unit,
                    target=target, approx=bool(g["capprox"]), base=_base(g["cbase"]),
                )
            )
        elif g["chgbare"]:
            direction = g["bdir"].lower()
            sign = -1 if _startswith_any(direction, lx.down) and not _startswith_any(direction, lx.up) else 1
            num = parse_number(g["bnum"])
            if num is not None:
                out.append(Figure("change", s, e, sign * num.value, unit=None, target="score",
                                  base=_base(g["bbase"])))
        elif g["same"]:
            unit = re.sub(r"\s+", " ", g["sunit"].lower())
            target = "score" if "điểm" in unit else "rank"
            held = m.start("heldnum") if g["heldnum"] else e
            out.append(Figure("change", s, held, 0.0, unit=unit, target=target, base=_base(g["sbase"])))
            if g["heldnum"]:  # "giữ vững vị trí thứ 3": also this year's rank, when none other is said
                total = int(g["heldtot"]) if g["heldtot"] else None
                out.append(Figure("rank", held, e, int(g["heldnum"]), total=total, form="held"))
        elif g["rfirst"]:
            out.append(Figure("rank", s, e, 1, form="first"))
        elif g["rsecond"]:
            out.append(Figure("rank", s, e, 2, form="second"))
        elif g["rpen"]:
            out.append(Figure("rank", s, e, None, form="penultimate"))
        elif g["rlast"]:
            total = int(g["ltot"]) if g["ltot"] else None
            out.append(Figure("rank", s, e, total, total=total, form="last"))
            if total is not None:  # "đội sổ trong 63 tỉnh": also the ranking's size
                noun = _total_noun_at(text, e, end)
                out.append(Figure("total", e - len(g["ltot"]), noun[1] if noun else e, total,
                                  form="cuối", noun=noun[0] if noun else ""))
        elif g["rank"]:
            if g["rnum"]:
                value = int(g["rnum"])
                total = int(g["rtot"]) if g["rtot"] else None
                if total is not None and (total < value or total > 2000):
                    continue
                noun = _total_noun_at(text, e, end) if total is None else None
                if noun is not None and re.match(r"(?:bảng\s+)?xếp\s+hạng|hạng", g["rank"], re.IGNORECASE):
                    # "bảng xếp hạng 63 tỉnh, thành phố" is the table's size, not a rank
                    out.append(Figure("total", s, noun[1], value, form="xếp hạng", noun=noun[0]))
                    continue
                out.append(Figure("rank", s, e, value, total=total, form="num"))
                for m2 in _RANK_LIST_TAIL.finditer(text, e, min(end, e + 60)):
                    # "lần lượt xếp thứ 2 và 3": one rank each
                    if m2.start() != e:
                        break
                    e = m2.end()
                    out.append(Figure("rank", m2.start(1), m2.end(), int(m2.group(1)),
                                      total=int(m2.group(2)) if m2.group(2) else None, form="num"))
            else:
                value = lx.ordinals.get(_squash(g["rword"]))
                if _squash(g["rword"]) == "năm" and re.match(r"\s*(?:\d{4}|nay|trước|ngoái|qua)", text[e:e + 6]):
                    continue  # "xếp hạng năm 2023": the year, not the fifth place
                if value is not None:
                    out.append(Figure("rank", s, e, value, form="word"))
        elif g["tot"]:
            if int(g["tnum"]) >= 1000:
                continue  # "năm 2019 tỉnh đạt…": a year, not a ranking's size
            out.append(
                Figure("total", s, e, int(g["tnum"]), form=(g["tprep"] or "").lower(),
                       noun=_squash(g["tnoun"]))
            )
        elif g["score"]:
            num = parse_number(g["snum"])
            if num is None:
                continue
            unit = g["sunitx"]
            unit = unit.lower() if unit else None
            if unit is None and _not_a_score(text, s, e, num, bool(g["smax"]), start):
                continue
            maximum = parse_number(g["smax"]).value if g["smax"] and parse_number(g["smax"]) else None
            value, decimals = num.value, num.decimals
            if num.alt is not None and unit in {"%", "điểm"} and value > 100 >= num.alt:
                value, decimals = num.alt, 3  # "92.830 điểm" on a dot-decimal site
            out.append(
                Figure("score", s, e, value, unit=unit, maximum=maximum, decimals=decimals)
            )
    out = _without_overlaps(out)
    marker = _list_marker(text, start, end)
    if marker is not None:
        out = [f for f in out if f.end <= marker.start or f.start >= marker.end]
        out.append(marker)
    out.extend(_years(text, start, end, out))
    out.sort(key=lambda f: (f.start, f.end))
    return out


_LIST_MARKER = re.compile(r"[ \t]*(?:\(\s*(\d{1,3})\s*\)|(\d{1,3})\s*[.)])[ \t]+(?=\S)")


def _list_marker(text: str, start: int, end: int) -> Figure | None:
    """"1. Quảng Ninh: 92,18%", "(2) Chỉ số CCHC ...": the number that opens a list line,
    as an ``item`` figure (the extractor decides whether it is a rank)."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return None
    m = _LIST_MARKER.match(text, start, end)
    if m is None:
        return None
    return Figure("item", m.start(), m.end(), int(m.group(1) or m.group(2)), form="item")


def _not_a_score(text: str, s: int, e: int, num: Number, has_max: bool, start: int) -> bool:
    """Bare numbers that are years, dates, document numbers, fractions of counts or
    list markers: never a score, whatever the extractor makes of the sentence."""
    if num.decimals == 0 and 1980 <= num.value <= 2049 and not has_max:
        return True
    if has_max and num.decimals == 0:  # "168/279", "01/01", "4/2023"
        return True
    if re.match(r"\s*/\s*[^\W\d]", text[e:e + 3]) or re.match(r"[-/]\d", text[e:e + 2]):
        return True  # "02/NQ-CP", "2011-2020"
    before = text[max(0, s - 6):s].lower()
    if re.search(r"(số|ngày|tháng|lần)\s*$", before):
        return True
    if s > 0 and text[s - 1] == "(" and text[e:e + 1] == ")" and num.decimals == 0:
        return True  # "(1)" enumerates
    return False


def _without_overlaps(figures: list[Figure]) -> list[Figure]:
    """Keep the first of figures whose spans overlap (a rank list's tail, "xếp thứ 4 và
    thứ 5", is read once)."""
    kept: list[Figure] = []
    for f in sorted(figures, key=lambda f: (f.start, -f.end)):
        if kept and f.start < kept[-1].end and f.kind != "total" and kept[-1].kind != "total":
            continue
        kept.append(f)
    return kept


def find_years(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Four-digit years in ``text[start:end]`` with their roles (cheap: one regex)."""
    return _years(text, start, len(text) if end is None else end, [])


def _years(text: str, start: int, end: int, taken: list[Figure]) -> list[Figure]:
    """Four-digit years, with the role their context gives them."""
    spans = [(f.start, f.end) for f in taken if f.kind != "score"]
    years = []
    for m in _YEAR.finditer(text, start, end):
        s, e = m.span()
        if any(a <= s < b for a, b in spans):
            continue
        before = text[max(start, s - 30):s].lower()
        after = text[e:e + 12]
        role = "year"
        if re.search(r"(so\s+với|so|hơn|bằng|như)\s+(cùng\s+kỳ\s+)?(năm\s+|[A-Z][A-Z]+\s+)?$", before):
            role = "base"
        elif re.search(r"(công\s+bố|ban\s+hành|phát\s+hành|tháng\s+\d{1,2}\s*/?\s*(năm)?|ngày)\s*(năm\s+)?$", before) \
                or re.search(r"\d{1,2}\s*/\s*$", before):
            role = "publication"
        elif re.match(r"\s*[-–]\s*(19|20)\d\d", after) or re.search(
            r"(\d{4}\s*[-–]\s*|giai\s+đoạn\s+|từ\s+năm\s+|từ\s+năm\s+\d{4}\s+đến\s+(năm\s+)?|nhiệm\s+kỳ\s+)$", before
        ):
            role = "range"
        years.append(Figure("year", s, e, int(m.group()), role=role))
    return years


def _squash(s: str) -> str:
    return " ".join(s.lower().split())


def _startswith_any(s: str, words: tuple[str, ...]) -> bool:
    s = _squash(s)
    return any(s == w or s.startswith(w + " ") for w in words)


def _number_or_ordinal(s: str, lx: Lexicon) -> float | None:
    if s[0].isdigit():
        n = parse_number(s)
        return n.value if n else None
    v = lx.ordinals.get(_squash(s))
    return float(v) if v is not None else None


def _base(s: str | None) -> int | str | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    return "prev"

"""Locality gazetteer: provinces, districts, communes, departments and ministries.

A claim's locality is a bare proper name with a type and a parent province
(DESIGN, "Data contracts" and "What is a claim"). This module finds such names
in (normalized) news text and says what each may mean::

    >>> g = gazetteer()
    >>> [m.candidates[0].name for m in g.find("UBND huyện Yên Thế, tỉnh Bắc Giang")]
    ['Yên Thế', 'Bắc Giang']

Data, all loaded once (``gazetteer()`` is a cached singleton):

* provinces (63, boundaries before 1 July 2025), districts and communes/wards
  come from underthesea's bundled ``address/data/mapping.json`` (the units as
  they stood just before 1 July 2025, with the post-merger province of each);
* ``corpora/localities/*.csv`` add the rest: canonical province names and the
  short forms the press uses, districts merged away between 2012 and 2025,
  departments (``sở``) and ministries (``bộ``) with their abbreviations, unit
  words, and the small lists that keep ordinary words and person names from
  reading as places. See ``corpora/localities/README.md``.

How ``find`` reads text:

* a unit word followed by a name: "huyện Yên Thế", "TP. Uông Bí", "TP.HCM",
  "xã Sặp Vạt", "Sở KH&ĐT", "Bộ TT&TT". The name after the unit is matched
  without regard to case (news text miscapitalizes: "Huyện Yên thế") but must
  start with a capital letter or a digit, which keeps "xã hội", "bộ phận",
  "sở hữu" out. A list after a unit word carries the unit: "các huyện Yên Thế,
  Tân Yên và Lạng Giang" is three mentions with unit "huyện".
* bare names: provinces, districts, towns and provincial cities, and the
  department/ministry names that need no "Sở"/"Bộ" ("Văn phòng UBND tỉnh",
  "NHNN"). Bare names must be written capitalized (every syllable), must not
  sit inside a longer word, must not follow a surname, honorific, street or
  school word, and must not be on the unit-required list. Communes and wards
  are never matched bare.
* mentions are leftmost-longest and do not overlap; a department followed by
  its province ("Sở Tư pháp tỉnh Quảng Ninh", "Cục Thuế Bắc Giang") gets that
  province, otherwise its ``province`` is None for the caller to fill from the
  article.

``Place.type`` is the unit's type in the data (mid-2025). A unit that changed
type in the years covered (huyện Việt Yên became a thị xã in 2024) is still
found after the old unit word; ``PlaceMention.unit`` keeps the word written.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import product
from pathlib import Path

import ahocorasick

from nlp.normalize import normalize

__all__ = [
    "CENTRAL_CITIES",
    "DISTRICT_TYPES",
    "Gazetteer",
    "Place",
    "PlaceMention",
    "WARD_TYPES",
    "gazetteer",
    "mapping_path",
]

DATA_DIR = Path(__file__).resolve().parents[1] / "corpora" / "localities"

#: The five centrally-run cities: type "thành phố", province = the same name.
CENTRAL_CITIES = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh"})
DISTRICT_TYPES = ("thành phố", "thị xã", "quận", "huyện")
WARD_TYPES = ("phường", "thị trấn", "xã")

_PREFIX_TYPES = {  # unit prefixes of the names in mapping.json, lowercased
    "thành phố": "thành phố", "thị xã": "thị xã", "quận": "quận", "huyện": "huyện",
    "phường": "phường", "thị trấn": "thị trấn", "xã": "xã",
}
_PREFIX_RE = re.compile(r"^(thành phố|thị xã|thị trấn|quận|huyện|phường|xã)\s+(.+)$", re.I)


@dataclass(frozen=True, slots=True)
class Place:
    """One locality. Equality and hashing use name, type, province and district."""

    name: str  # canonical bare name: "Yên Thế", "Thanh Hóa", "Sở Kế hoạch và Đầu tư"
    type: str  # tỉnh | thành phố | huyện | thị xã | quận | xã | phường | thị trấn | sở | bộ
    province: str | None  # parent province before 1 July 2025; itself for a province; None for bộ
    district: str | None = None  # parent district, for communes and wards
    #: the post-1-July-2025 province (an added column, never a rewrite)
    new_province: str | None = field(default=None, compare=False)
    #: the year a district was merged away or renamed, for units the 2025 data no longer has
    ended: int | None = field(default=None, compare=False)

    @property
    def level(self) -> str:
        """"province", "district", "ward", "department" or "ministry"."""
        t = self.type
        if t == "tỉnh":
            return "province"
        if t == "thành phố":
            if self.name == self.province and self.name in CENTRAL_CITIES:
                return "province"
            return "district"
        if t in DISTRICT_TYPES:
            return "district"
        if t in WARD_TYPES:
            return "ward"
        return "department" if t == "sở" else "ministry"


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int  # span in the text given, the whole mention including the unit word
    end: int
    surface: str  # text[start:end]
    unit: str | None  # locality type of the unit word written ("huyện", "thành phố"), else None
    candidates: tuple[Place, ...]  # every place the words may mean, most likely first


# --- keys -----------------------------------------------------------------------------

#: One-character-for-one fixes applied to the lowercased text before matching:
#: typographic apostrophes and dashes (Ia H’Drai, Bà Rịa – Vũng Tàu), no-break space.
_PUNCT = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u00a0": " ",
})

_DAK = ("đắk", "đăk", "đak", "dak", "đắc")  # one Tây Nguyên syllable, five spellings


def _key(text: str) -> str:
    """The matching key of a name: normalized, lowercase, one space between words."""
    return " ".join(normalize(text).lower().translate(_PUNCT).split())


def _variants(key: str) -> set[str]:
    """Spelling variants of a key: dashes spaced/unspaced/dropped, "&" spaced, Đắk/Đăk/Đak."""
    out = {key}
    if "-" in key:
        compact = re.sub(r"\s*-\s*", "-", key)
        out |= {compact, compact.replace("-", " - "), " ".join(compact.replace("-", " ").split())}
    if "&" in key:
        for k in list(out):
            compact = re.sub(r"\s*&\s*", "&", k)
            out |= {compact, compact.replace("&", " & ")}
    if any(t in _DAK for t in key.split()):
        spelled: set[str] = set()
        for k in out:
            toks = k.split(" ")
            idx = [i for i, t in enumerate(toks) if t in _DAK]
            for combo in product(_DAK, repeat=len(idx)):
                for i, c in zip(idx, combo, strict=True):
                    toks[i] = c
                spelled.add(" ".join(toks))
        out |= spelled
    return out


_PUNCT_RE = re.compile("[" + "".join(chr(c) for c in _PUNCT) + "]")


def _lower(text: str) -> str:
    """text.lower() with one character per character, so offsets carry over."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if _PUNCT_RE.search(low) is not None:  # str.translate is slow on non-ASCII text
        low = low.translate(_PUNCT)
    return low


#: the first letter or digit of each space- or dash-separated part ("Rang-Tháp", "H'Drai")
_SYLLABLE_START = re.compile(r"(?:^|(?<=[\s\-\u2010-\u2015]))[^\w]*(\w)")


def _titled(surface: str) -> bool:
    """Every syllable starts with a capital or a digit, or the whole is upper case."""
    if surface.isupper():
        return True
    for m in _SYLLABLE_START.finditer(surface):
        c = m.group(1)
        if not (c.isupper() or c.isdigit()):
            return False
    return True


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _split(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def mapping_path() -> Path:
    """underthesea's bundled address mapping, located without importing underthesea."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("underthesea is not installed: its address data is needed")
    return Path(next(iter(spec.submodule_search_locations))) / "address" / "data" / "mapping.json"


def _add(index: dict[str, list[Place]], keys: Iterable[str], place: Place) -> None:
    for k in keys:
        bucket = index.setdefault(k, [])
        if place not in bucket:
            bucket.append(place)


# --- the gazetteer ------------------------------------------------------------------------

_TRAIL = ",.;:!?)]}\"'”»…"
_SEP = re.compile(r"[ \t]*(?:,[ \t]*(?:và[ \t]+)?|;[ \t]*|(?:và|hoặc)[ \t]+)")
_SPACE_COLON = re.compile(r"[ \t]*(?::[ \t]*)?")
_TOKEN = re.compile(r"[^\s]+")
_ORG_PLACE_GAP = re.compile(r"[ \t]*")


class Gazetteer:
    """Localities of chiso claims, their names and abbreviations, and a finder for them."""

    def __init__(self, data_dir: Path | None = None, mapping: Path | None = None) -> None:
        self._dir = Path(data_dir) if data_dir else DATA_DIR
        self._mapping = Path(mapping) if mapping else mapping_path()
        self._load()

    # .. loading ...........................................................................

    def _load(self) -> None:
        d = self._dir
        with open(self._mapping, encoding="utf-8") as fh:
            data = json.load(fh)

        self._unit_required = {_key(r["name"]) for r in _read_csv(d / "unit_required.csv")}
        self._blockers = set()
        for r in _read_csv(d / "blockers.csv"):
            self._blockers |= _variants(_key(r["phrase"]))

        # unit words and context guards ...................................................................
        self._unit_types: dict[str, str] = {}
        for row in _read_csv(d / "units.csv"):
            self._unit_types[row["surface"].lower()] = row["type"]
        alts = sorted(self._unit_types, key=len, reverse=True)
        self._unit_re = re.compile(
            r"(?<![\w.])(?:"
            + "|".join(re.escape(s) + ("" if s.endswith(".") else r"(?!\w)") for s in alts)
            + ")"
        )
        self._guard_exact: set[str] = set()  # capitalized words: surnames, middle names
        self._guard_lower: set[str] = set()  # lowercase words and two-word phrases
        self._unit_guard: dict[str, set[str]] = {}
        for row in _read_csv(d / "context.csv"):
            word, applies = normalize(row["word"]), row["applies_to"]
            if applies == "bare":
                if word[:1].isupper():
                    self._guard_exact.add(word)
                else:
                    self._guard_lower.add(word.lower())
            else:
                self._unit_guard.setdefault(applies, set()).add(word.lower())

        # provinces ......................................................................
        self._provinces: list[Place] = []
        self._province_by_source: dict[str, Place] = {}  # mapping.json name -> Place
        self._prov_keys: dict[str, list[Place]] = {}  # any name or alias -> province
        self._city_keys: dict[str, list[Place]] = {}  # names meaning the province after "thành phố"
        old_names = data["old_province_names"]
        for row in _read_csv(d / "provinces.csv"):
            source = old_names[row["key"]]
            pname = normalize(row["name"])
            place = Place(pname, row["type"], pname, new_province=normalize(row["new_province"]))
            self._provinces.append(place)
            self._province_by_source[source["name"]] = place
            keys = _variants(_key(place.name))
            aliases = set()
            for alias in _split(row["aliases"]):
                aliases |= _variants(_key(alias))
            _add(self._prov_keys, keys | aliases, place)
            city = set()
            for alias in _split(row["city_aliases"]):
                city |= _variants(_key(alias))
            if place.type == "thành phố":
                city |= keys | aliases
            _add(self._city_keys, city, place)

        # districts and wards ..................................................................
        fixes: dict[tuple[str, str], dict[str, str]] = {}
        extra_district_keys: dict[Place, set[str]] = {}
        historical: list[dict[str, str]] = []
        for row in _read_csv(d / "districts.csv"):
            if row["ended"]:
                historical.append(row)
            else:
                fixes[(normalize(row["province"]), normalize(row["source_name"] or row["name"]))] = row

        self._districts: list[Place] = []
        self._wards: list[Place] = []
        self._district_keys: dict[str, list[Place]] = {}
        self._ward_keys: dict[str, list[Place]] = {}
        seen_d: dict[tuple[str, str], Place] = {}
        seen_w: set[tuple[str, str, str]] = set()
        for r in data["ward_mapping"]:
            prov = self._province_by_source[r["old_province"]]
            dkey = (prov.name, r["old_district"])
            dist = seen_d.get(dkey)
            if dist is None:
                m = _PREFIX_RE.match(r["old_district"])
                if m is None:
                    raise ValueError(f"unexpected district name {r['old_district']!r}")
                dtype, dname = _PREFIX_TYPES[m.group(1).lower()], normalize(m.group(2))
                keys = _variants(_key(dname))
                fix = fixes.pop((prov.name, dname), None)
                if fix is not None:
                    dname = normalize(fix["name"])
                    keys |= _variants(_key(dname))
                    for alias in _split(fix["aliases"]):
                        keys |= _variants(_key(alias))
                dist = Place(dname, dtype, prov.name, new_province=prov.new_province)
                seen_d[dkey] = dist
                self._districts.append(dist)
                extra_district_keys[dist] = keys
            ward_full = r["old_ward"].strip()
            wkey = (prov.name, dist.name, ward_full)
            if not ward_full or wkey in seen_w:
                continue
            seen_w.add(wkey)
            m = _PREFIX_RE.match(ward_full)
            if m is None:
                raise ValueError(f"unexpected ward name {ward_full!r}")
            wtype, wname = _PREFIX_TYPES[m.group(1).lower()], normalize(m.group(2))
            ward = Place(wname, wtype, prov.name, dist.name, new_province=prov.new_province)
            self._wards.append(ward)
            _add(self._ward_keys, _variants(_key(wname)), ward)
        if fixes:
            raise ValueError(f"districts.csv names districts the data lacks: {sorted(fixes)}")
        for row in historical:
            prov = self.province(row["province"])
            if prov is None:
                raise ValueError(f"districts.csv: unknown province {row['province']!r}")
            dist = Place(normalize(row["name"]), row["type"], prov.name,
                         new_province=prov.new_province, ended=int(row["ended"]))
            keys = _variants(_key(dist.name))
            for alias in _split(row["aliases"]):
                keys |= _variants(_key(alias))
            self._districts.append(dist)
            extra_district_keys[dist] = keys
        for dist, keys in extra_district_keys.items():
            _add(self._district_keys, keys, dist)

        # departments and ministries ................................................................
        self._departments: list[Place] = []
        self._ministries: list[Place] = []
        self._org_keys: dict[str, list[Place]] = {}  # full written forms -> place
        self._sector: dict[str, dict[str, list[Place]]] = {"sở": {}, "bộ": {}}  # after "Sở"/"Bộ"
        self._needs_province: dict[str, list[Place]] = {}  # "Công an" + province name
        self._branch: dict[Place, Place] = {}  # NHNN + province -> its provincial branch
        dept_by_name: dict[str, Place] = {}
        for row in _read_csv(d / "departments.csv"):
            place = Place(normalize(row["name"]), "sở", None)
            self._departments.append(place)
            dept_by_name[place.name] = place
            self._index_org(place, [row["name"], *_split(row["aliases"])])
            for alias in _split(row["province_aliases"]):
                _add(self._needs_province, _variants(_key(alias)), place)
        for row in _read_csv(d / "ministries.csv"):
            place = Place(normalize(row["name"]), "bộ", None)
            self._ministries.append(place)
            self._index_org(place, [row["name"], *_split(row["aliases"])])
            if row["branch"]:
                self._branch[place] = dept_by_name[normalize(row["branch"])]
        self._dept_by_name = dept_by_name

        # what a bare name may mean ....................................................................
        self._bare_places: dict[str, tuple[Place, ...]] = {}
        for k in set(self._prov_keys) | set(self._district_keys):
            if k in self._unit_required or k.replace(" ", "").isdigit():
                continue
            provs = self._prov_keys.get(k, [])
            dists = self._district_keys.get(k, [])
            self._bare_places[k] = self._order(provs, dists)

        # the automaton over bare names, org names and blockers ...................................................
        auto = ahocorasick.Automaton()
        self._bare_payload: list[tuple[str, tuple[Place, ...]]] = []

        def put(k: str, kind: str, places: tuple[Place, ...]) -> None:
            self._bare_payload.append((kind, places))
            auto.add_word(k, (len(k), len(self._bare_payload) - 1))

        self._unit_payload: list[tuple[str, bool]] = []  # (type, needs a right boundary)
        for surface, utype in self._unit_types.items():
            self._unit_payload.append((utype, not surface.endswith(".")))
            auto.add_word(surface, (len(surface), -len(self._unit_payload)))

        for k, places in self._bare_places.items():
            if k not in self._blockers:
                put(k, "place", places)
        for k, places in self._org_keys.items():
            if k not in self._bare_places and k not in self._blockers:
                put(k, "org", tuple(places))
        for k, places in self._needs_province.items():
            if k not in self._org_keys and k not in self._bare_places and k not in self._blockers:
                put(k, "org?", tuple(places))
        for k in self._blockers:
            put(k, "blocker", ())
        auto.make_automaton()
        self._auto = auto

        self._cache: dict[tuple[str, str, bool], tuple[Place, ...]] = {}

        # first word of every name a unit word may introduce -> most words in such a name
        def firsts(*indexes: dict[str, list[Place]]) -> dict[str, int]:
            out: dict[str, int] = {}
            for index in indexes:
                for k in index:
                    toks = k.split(" ")
                    out[toks[0]] = max(out.get(toks[0], 0), len(toks))
            return out

        self._blocker_first = firsts(dict.fromkeys(self._blockers, []))
        district_first = firsts(self._district_keys)
        ward_first = firsts(self._ward_keys)
        self._first: dict[str, dict[str, int]] = {
            "tỉnh": firsts(self._prov_keys),
            "thành phố": firsts(self._city_keys, self._district_keys),
            "sở": firsts(self._sector["sở"]),
            "bộ": firsts(self._sector["bộ"]),
            **dict.fromkeys(DISTRICT_TYPES[1:], district_first),
            **dict.fromkeys(WARD_TYPES, ward_first),
        }

    def _index_org(self, place: Place, forms: list[str]) -> None:
        prefix = "sở " if place.type == "sở" else "bộ "
        sector = self._sector[place.type]
        for form in forms:
            keys = _variants(_key(form))
            _add(self._org_keys, keys, place)
            for k in keys:
                if k.startswith(prefix):
                    _add(sector, [k[len(prefix):]], place)

    @staticmethod
    def _order(provs: Iterable[Place], dists: Iterable[Place]) -> tuple[Place, ...]:
        """Province first, then districts of that same province, then the rest."""
        provs = list(provs)
        names = {p.name for p in provs}
        dists = sorted(dists, key=lambda p: (p.province not in names, p.ended is not None))
        return tuple(provs + dists)

    # .. resolving a name after a unit word ...................................................

    def _resolve(self, key: str, unit: str | None, carry: bool = False) -> tuple[Place, ...]:
        """Places called ``key`` after a unit word of type ``unit`` (None: bare)."""
        ck = (key, unit or "", carry)
        hit = self._cache.get(ck)
        if hit is not None:
            return hit
        out: list[Place] = []
        if unit is None:
            out = list(self._bare_places.get(key, ()))
        elif unit == "tỉnh":
            out = sorted(self._prov_keys.get(key, ()), key=lambda p: p.type != "tỉnh")
        elif unit == "thành phố":
            out = list(self._city_keys.get(key, ()))
            dists = self._district_keys.get(key, ())
            exact = [p for p in dists if p.type == "thành phố"]
            if carry:
                # "TP Hà Nội, Hòa Bình": a province name in the list is the province
                if not (key in self._prov_keys and key not in self._city_keys):
                    out += exact
            else:
                out += list(self._order((), exact)) or list(self._order((), dists))
        elif unit in DISTRICT_TYPES:
            dists = self._district_keys.get(key, ())
            exact = [p for p in dists if p.type == unit]
            if carry:
                out = [] if key in self._prov_keys else exact
            else:
                out = exact or list(dists)
            out = list(self._order((), out))
        elif unit in WARD_TYPES:
            wards = self._ward_keys.get(key, ())
            exact = [p for p in wards if p.type == unit]
            if carry:
                clash = key in self._prov_keys or key in self._district_keys
                out = [] if clash else exact
            else:
                out = exact or list(wards)
        elif unit in self._sector:
            out = list(self._sector[unit].get(key, ()))
        result = tuple(out)
        if result:  # misses are not kept: the words after unit words are unbounded
            self._cache[ck] = result
        return result

    def _name_after(
        self, norm: str, low: str, pos: int, unit: str, carry: bool
    ) -> tuple[int, tuple[Place, ...]] | None:
        """The longest known name of ``unit``'s kind starting at ``pos``: (end, places)."""
        if pos >= len(norm):
            return None
        c = norm[pos]
        loose = False
        if not (c.isupper() or c.isdigit()):
            # "Huyện hải Hà": a province or district name may lose its first capital,
            # as long as one is left; communes, departments and lists may not.
            if carry or unit in WARD_TYPES or unit in self._sector or not c.isalpha():
                return None
            loose = True
        window = low[pos:pos + 120].split("\n", 1)[0]
        first = window.split(" ", 1)[0]
        bound = self._first[unit]
        most = bound.get(first) or bound.get(first.rstrip(_TRAIL)) or \
            bound.get(first.split("-", 1)[0])
        if not most:
            return None
        most = max(most, self._blocker_first.get(first, 0))  # to see "Hà Nam Ninh" whole
        toks = []
        for m in _TOKEN.finditer(window):
            toks.append((m.start(), m.group()))
            if len(toks) >= most:
                break
        for n in range(len(toks), 0, -1):
            head = " ".join(t for _, t in toks[:n - 1])
            start, last = toks[n - 1]
            stripped = last.rstrip(_TRAIL)
            forms = [stripped]
            if "-" in stripped:
                forms.append(stripped.split("-", 1)[0])
            for form in forms:
                if not form:
                    continue
                key = f"{head} {form}" if head else form
                if key in self._blockers:
                    return None
                places = self._resolve(key, unit, carry)
                if places:
                    end = pos + start + len(form)
                    if loose and not any(ch.isupper() for ch in norm[pos:end]):
                        return None
                    return end, places
        return None

    # .. context ..........................................................................

    @staticmethod
    def _prev_words(text: str, s: int) -> tuple[str, str]:
        """The word right before ``s`` (separated by spaces only) and the two words before it."""
        j = s
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        if j == s or j == 0:
            return "", ""
        i = j
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        w1 = text[i:j]
        k = i
        while k > 0 and text[k - 1] in " \t":
            k -= 1
        h = k
        while h > 0 and not text[h - 1].isspace():
            h -= 1
        w2 = text[h:k] + " " + w1 if h < k else w1
        return w1, w2

    def _guarded(self, norm: str, s: int) -> bool:
        w1, w2 = self._prev_words(norm, s)
        if not w1 or w2.lower() in self._unit_types:
            return False  # "thành phố Thanh Hóa": "phố" is the unit's, not a street's
        return (
            w1 in self._guard_exact
            or w1.lower() in self._guard_lower
            or w2.lower() in self._guard_lower
        )

    # .. finding ..........................................................................

    def find(self, text: str) -> list[PlaceMention]:
        """All locality mentions in ``text``, leftmost-longest, non-overlapping."""
        norm = normalize(text)
        if len(norm) != len(text):
            norm = text
        low = _lower(norm)
        n = len(low)
        pool: list[tuple[int, int, int, str | None, tuple[Place, ...], str]] = []
        units: list[tuple[int, int, str]] = []

        # one pass of the automaton: unit words, bare names, org names, blockers
        for end, (length, idx) in self._auto.iter(low):
            e = end + 1
            s = e - length
            if idx < 0:
                utype, right = self._unit_payload[-idx - 1]
                if s > 0 and (low[s - 1].isalnum() or low[s - 1] == "."):
                    continue
                if right and e < n and low[e].isalnum():
                    continue
                units.append((s, e, utype))
                continue
            if (s > 0 and low[s - 1].isalnum()) or (e < n and low[e].isalnum()):
                continue
            kind, places = self._bare_payload[idx]
            if kind == "blocker":
                pool.append((s, e, 3, None, (), kind))
                continue
            surface = norm[s:e]
            if kind == "place":
                if not _titled(surface) or self._guarded(norm, s):
                    continue
                pool.append((s, e, 0, None, places, kind))
            else:
                if not surface[:1].isupper():
                    continue
                pool.append((s, e, 1, None, places, kind))

        # unit word + name, and lists carried after it
        units.sort(key=lambda t: (t[0], -t[1]))
        last = -1
        for s, e, unit in units:
            if s < last:
                continue  # "xã" of "thị xã", "tp" of "tp."
            last = e
            guard = self._unit_guard.get(unit)
            if guard and self._prev_words(low, s)[0] in guard:
                continue
            pos = _SPACE_COLON.match(low, e).end()
            hit = self._name_after(norm, low, pos, unit, False)
            if hit is None:
                continue
            e, places = hit
            last = e
            kind = "org" if unit in self._sector else "place"
            pool.append((s, e, 2, unit, places, kind))
            while True:
                sep = _SEP.match(low, e)
                if sep is None:
                    break
                p2 = sep.end()
                hit = self._name_after(norm, low, p2, unit, True)
                if hit is None:
                    break
                e, places = hit
                last = e
                pool.append((p2, e, 2, unit, places, kind))

        if not pool:
            return []
        pool.sort(key=lambda t: (t[0], -t[1], -t[2]))

        # "Công an" counts only with a province name right after it
        if any(t[5] == "org?" for t in pool):
            starts = {t[0] for t in pool if t[4] and t[4][0].level == "province"}
            pool = [t for t in pool
                    if t[5] != "org?" or _ORG_PLACE_GAP.match(low, t[1]).end() in starts]

        chosen = []
        last = 0
        for t in pool:
            if t[0] >= last:
                chosen.append(t)
                last = t[1]

        out: list[PlaceMention] = []
        for i, (s, e, _prio, unit, places, kind) in enumerate(chosen):
            if kind == "blocker":
                continue
            if kind != "place":
                nxt = chosen[i + 1] if i + 1 < len(chosen) else None
                prov = None
                if (nxt is not None and nxt[4] and nxt[4][0].level == "province"
                        and _ORG_PLACE_GAP.match(low, e).end() == nxt[0]):
                    prov = nxt[4][0]
                places = self._with_province(places, prov, kind)
                if not places:
                    continue
                if unit is None and low.startswith(places[0].type + " ", s):
                    unit = places[0].type  # "Sở ..." / "Bộ ..." written out
            out.append(PlaceMention(s, e, text[s:e], unit, places))
        return out

    def _with_province(
        self, places: tuple[Place, ...], prov: Place | None, kind: str
    ) -> tuple[Place, ...]:
        """Departments get the province written right after them; NHNN + province is its branch."""
        if kind == "org?" and prov is None:
            return ()
        if prov is None:
            return places
        out = []
        for p in places:
            if p.type == "bộ":
                branch = self._branch.get(p)
                out.append(replace(branch, province=prov.name,
                                   new_province=prov.new_province) if branch else p)
                continue
            if p.name.endswith(" thành phố") and prov.name not in CENTRAL_CITIES:
                out.append(p)  # "Văn phòng UBND thành phố Thanh Hóa" is the city's office
                continue
            if prov.name in CENTRAL_CITIES and p.name.endswith(" tỉnh"):
                twin = self._dept_by_name.get(p.name[: -len("tỉnh")] + "thành phố")
                p = twin or p
            out.append(replace(p, province=prov.name, new_province=prov.new_province))
        return tuple(out)

    # .. lookups ..........................................................................

    def lookup(self, name: str, *, type: str | None = None, province: str | None = None) -> list[Place]:
        """Places called ``name`` (any alias; a leading unit word sets ``type`` if not given).

        Provinces and districts first, then departments/ministries; communes and wards
        only when ``type`` asks for them or nothing else has the name. ``type`` filters
        exactly, except that a district or ward of another type of the same level is
        returned when none has the type asked (huyện Việt Yên is a thị xã since 2024).
        """
        k = _key(name)
        places: list[Place] = []
        m = self._unit_re.match(k)
        if m is not None:
            rest = k[_SPACE_COLON.match(k, m.end()).end():]
            unit = self._unit_types[m.group()]
            if rest:
                places = list(self._resolve(rest, unit))
                if places and type is None:
                    type = unit
        if not places:
            places = [*self._prov_keys.get(k, ()), *self._district_keys.get(k, ()),
                      *self._org_keys.get(k, ())]
            places = list(self._order([p for p in places if p.level == "province"],
                                      [p for p in places if p.level == "district"])) + \
                [p for p in places if p.level in ("department", "ministry")]
            if not places or (type in WARD_TYPES):
                places += self._ward_keys.get(k, [])
        if type is not None:
            exact = [p for p in places if p.type == type]
            if not exact:
                same_level = DISTRICT_TYPES if type in DISTRICT_TYPES else \
                    WARD_TYPES if type in WARD_TYPES else ()
                if type == "thành phố":
                    exact = [p for p in places if p.level in ("province", "district")]
                else:
                    exact = [p for p in places if p.type in same_level]
            places = exact
        if province is not None:
            prov = self.province(province)
            pname = prov.name if prov else province
            places = [p for p in places if p.province == pname or p.province is None]
        return list(dict.fromkeys(places))

    def province(self, name: str) -> Place | None:
        """The province (pre-2025) called ``name`` by any alias: "TP.HCM", "tỉnh Thanh Hóa"."""
        k = _key(name)
        hits = self._prov_keys.get(k)
        if hits:
            return hits[0]
        m = self._unit_re.match(k)
        if m is not None:
            rest = k[_SPACE_COLON.match(k, m.end()).end():]
            unit = self._unit_types[m.group()]
            if unit == "tỉnh":
                hits = self._prov_keys.get(rest)
            elif unit == "thành phố":
                hits = self._city_keys.get(rest)
            if hits:
                return hits[0]
        return None

    def new_province(self, old_province: str) -> str | None:
        """The post-1-July-2025 province that an old province became part of."""
        p = self.province(old_province)
        return p.new_province if p else None

    def provinces(self) -> list[Place]:
        """The 63 provinces and centrally-run cities before 1 July 2025."""
        return list(self._provinces)

    def districts(self, province: str, *, include_ended: bool = False) -> list[Place]:
        """District-level units of ``province`` as the 2025 data has them.

        ``include_ended`` adds those merged away or renamed since 2012 (``Place.ended``).
        """
        p = self.province(province)
        if p is None:
            return []
        return [d for d in self._districts
                if d.province == p.name and (include_ended or d.ended is None)]

    def wards(self, province: str, district: str | None = None) -> list[Place]:
        """Communes, wards and townships of ``province`` (of one district if given)."""
        p = self.province(province)
        if p is None:
            return []
        dk = _key(district) if district else None
        return [w for w in self._wards
                if w.province == p.name and (dk is None or _key(w.district or "") == dk)]

    def departments(self) -> list[Place]:
        """Canonical departments and department-like bodies (type sở, province None)."""
        return list(self._departments)

    def ministries(self) -> list[Place]:
        """Ministries and government agencies (type bộ)."""
        return list(self._ministries)


@cache
def gazetteer() -> Gazetteer:
    """The shared gazetteer, loaded on first use."""
    return Gazetteer()

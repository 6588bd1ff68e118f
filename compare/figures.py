"""Stated figures: their printed precision, equality at that precision, and scales.

A claim's score is a float, but what the article *printed* matters: "86,5%"
and "86,50%" are the same number with different precision. The precision
is recovered from the evidence sentence, and two figures are equal when they
agree at the coarser of their two printed precisions (half-up rounding):

- 86,5 equals 86.50 and 86.45 (both print as 86.5 at one decimal);
- 86,52 does not equal 86.50 (two decimals each) but does equal an
  official 86.5 — that table cannot tell them apart;
- 45,78 does not equal 45.7875 (which rounds to 45.79): truncation is not rounding.

Scales never mix: a figure is compared only with one on the same scale
(:func:`scores_comparable`).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# Indices whose value is a 0-100 percentage that the press also writes as "điểm".
PERCENT_INDICES = frozenset({"PAR_INDEX", "SIPAS"})


def decimal_of(value: float | int | str | Decimal) -> Decimal:
    """An exact Decimal for a stored figure: strings keep their digits, floats are read
    through their shortest repr (89.64, not 89.6400000000000005684…)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        return Decimal(value)
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))  # float, numpy and pandas scalars


def _readings(token: str) -> list[tuple[Decimal, int]]:
    """The numeric readings of a printed token with their decimals: Vietnamese first
    (comma decimal, dot thousands), then English (dot decimal, comma thousands)."""
    out = []
    for decimal_sep, thousands_sep in ((",", "."), (".", ",")):
        head, sep, tail = token.rpartition(decimal_sep)
        if sep and thousands_sep not in tail:
            whole = head.replace(thousands_sep, "")
            if decimal_sep in whole:
                continue
            text, decimals = f"{whole}.{tail}", len(tail)
        else:
            text, decimals = token.replace(thousands_sep, ""), 0
            if decimal_sep in text:
                continue
        try:
            out.append((Decimal(text), decimals))
        except InvalidOperation:
            continue
    return out


def printed_decimals(value: float | int | Decimal, evidence: str = "") -> int:
    """How many decimals the article printed for ``value``: read from the first number
    in ``evidence`` equal to it; failing that (a derived figure is printed nowhere),
    the decimals of the value itself, at most six."""
    target = decimal_of(value)
    for match in _NUMBER.finditer(evidence or ""):
        for number, decimals in _readings(match.group()):
            if number == target:
                return decimals
    text = f"{float(target):.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def at_precision(value: Decimal, decimals: int) -> Decimal:
    """``value`` rounded half-up to ``decimals`` places (how a table would print it)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def same_figure(a: Decimal, a_decimals: int, b: Decimal, b_decimals: int) -> bool:
    """True when two printed figures agree at the coarser of their precisions."""
    places = min(a_decimals, b_decimals)
    return at_precision(a, places) == at_precision(b, places)


def show(value: Decimal | float | int | None, decimals: int | None = None) -> str:
    """A figure as printed in Vietnamese (decimal comma), for people to read."""
    if value is None:
        return ""
    number = decimal_of(value)
    if decimals is not None:
        number = at_precision(number, decimals)
    text = format(number, "f")
    return text.replace(".", ",")


def scores_comparable(
    index: str,
    unit_a: str | None,
    max_a: float | None,
    unit_b: str | None,
    max_b: float | None,
    value_a: float | None = None,
    value_b: float | None = None,
) -> bool:
    """Whether two scores of the same index sit on the same scale. "%" and "điểm" are
    one scale for PAR INDEX and SIPAS (the press writes both); a bare number reads as
    points; stated maxima ("/170") must agree when both are given; and a value of at
    most 1 is never on the scale of one above 1 (DTI is 0-1 nationally, points in
    provincial rankings)."""
    if max_a is not None and max_b is not None and float(max_a) != float(max_b):
        return False
    if value_a is not None and value_b is not None and (value_a <= 1) != (value_b <= 1):
        return False
    units = {u or "điểm" for u in (unit_a, unit_b)}
    return len(units) == 1 or index in PERCENT_INDICES

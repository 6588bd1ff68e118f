"""Printed precision and equality of figures (compare.figures)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compare.figures import (
    at_precision,
    decimal_of,
    printed_decimals,
    same_figure,
    scores_comparable,
    show,
)


@pytest.mark.parametrize(
    ("value", "evidence", "decimals"),
    [
        (86.5, "đạt 86,50%", 2),  # the float forgot the trailing zero; the text did not
        (86.5, "đạt 86,5%", 1),
        (89.64, "89,64 điểm", 2),
        (133.28, "133,28/170 điểm", 2),
        (0.8002, "DTI đạt 0,8002", 4),
        (45.7875, "45.7875 points", 4),  # English decimal point
        (13218.0, "13.218 hồ sơ", 0),  # thousands dot
        (90.0, "đạt 90 điểm", 0),
        (38.32, "", 2),  # a derived figure is printed nowhere: its own digits
        (52.08 - 13.76, "", 2),  # float noise is not precision
    ],
)
def test_printed_decimals(value, evidence, decimals):
    assert printed_decimals(value, evidence) == decimals


def test_printed_decimals_skips_other_numbers():
    assert printed_decimals(91.8, "Năm 2023, thứ 2/63, đạt 91,80%") == 2


@pytest.mark.parametrize(
    ("a", "pa", "b", "pb", "same"),
    [
        ("86.5", 1, "86.50", 2, True),
        ("86.5", 1, "86.45", 2, True),  # 86.45 prints as 86.5 (half up)
        ("86.52", 2, "86.5", 1, True),  # the official table cannot tell them apart
        ("86.52", 2, "86.50", 2, False),
        ("45.78", 2, "45.7875", 4, False),  # truncation is not rounding
        ("45.79", 2, "45.7875", 4, True),
        ("90", 0, "90.09", 2, True),
        ("90", 0, "90.5", 1, False),
    ],
)
def test_same_figure_at_coarser_precision(a, pa, b, pb, same):
    assert same_figure(Decimal(a), pa, Decimal(b), pb) is same
    assert same_figure(Decimal(b), pb, Decimal(a), pa) is same


@given(
    st.decimals(min_value=0, max_value=100, places=4, allow_nan=False),
    st.integers(0, 4),
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False),
)
def test_same_figure_properties(value, places, other):
    # an official figure matches any claim that prints it rounded to fewer digits …
    assert same_figure(value, 4, at_precision(value, places), places)
    # … equality is symmetric …
    assert same_figure(value, 4, other, 2) is same_figure(other, 2, value, 4)
    # … and two figures printed with two decimals agree only when they are equal
    assert same_figure(at_precision(value, 2), 2, other, 2) is (at_precision(value, 2) == other)


def test_decimal_of_reads_floats_by_repr():
    assert decimal_of(89.64) == Decimal("89.64")
    assert decimal_of("90.10").as_tuple().exponent == -2


def test_show_uses_decimal_comma():
    assert show(Decimal("91.87")) == "91,87"
    assert show(86.5, 2) == "86,50"
    assert show(None) == ""


def test_scales_never_mix():
    assert scores_comparable("PAR_INDEX", "%", None, "điểm", None)  # same 0-100 value
    assert not scores_comparable("PCI", "%", None, "điểm", None)
    assert not scores_comparable("ICT_INDEX", "điểm", 170, "điểm", 100)
    assert scores_comparable("ICT_INDEX", "điểm", 170, "điểm", None)
    assert not scores_comparable("DTI", None, None, None, None, 0.8002, 800.2)
    assert scores_comparable("DDCI", None, None, "điểm", None, 45.74, 52.08)

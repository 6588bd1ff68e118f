"""nlp.encodings: TCVN3, VNI, Windows-1258, detection and mojibake repair."""

from __future__ import annotations

import codecs
import io
import shutil
import subprocess
import tarfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.encodings import (
    decode,
    decode_cp1258,
    decode_tcvn3,
    decode_vni,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    repair_mojibake,
    vietnamese_score,
)

CORPORA = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"

#: the 67 lowercase letters of Vietnamese that ASCII lacks, then their capitals: 134
_LOWER = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ"
ALL_LETTERS = _LOWER + _LOWER.upper()

PARAGRAPH = (
    "Năm 2022, Chỉ số cải cách hành chính (PAR INDEX) của tỉnh Quảng Ninh đạt 92,18%, "
    "đứng đầu cả nước; Hải Phòng xếp thứ hai. Ủy ban nhân dân huyện Yên Thế tổ chức hội "
    "nghị kiểm điểm công tác CCHC, ISO, DDCI quý I năm 2023. Người dân, doanh nghiệp hài "
    "lòng với sự phục vụ của cơ quan hành chính nhà nước. Thừa Thiên Huế, Đắk Lắk, Bà Rịa "
    "– Vũng Tàu, Khánh Hòa, Thụy Khuê, khuỷu tay, nghiêng ngả, rượu, ưỡn ẹo, giữ gìn, "
    "quyết liệt, ỷ lại, ậm ừ, ễnh ương, ợ, ửng, Ỷ, Ễ, ỮNG HỘ, ĐƯỢC, TRƯỜNG, QUỐC HỘI."
)


def test_the_letter_set_is_complete() -> None:
    assert len(ALL_LETTERS) == 134
    assert len(set(ALL_LETTERS)) == 134
    assert all(unicodedata.is_normalized("NFC", ch) for ch in ALL_LETTERS)


# --- round trips -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "decoder"),
    [(encode_tcvn3, decode_tcvn3), (encode_vni, decode_vni), (encode_cp1258, decode_cp1258)],
)
def test_round_trip_every_letter_and_a_paragraph(encode, decoder) -> None:
    for text in (ALL_LETTERS, PARAGRAPH, " ".join(ALL_LETTERS)):
        data = encode(text)
        assert decoder(data) == text
    # ASCII passes through unchanged
    assert encode("CCHC 2022: 89,64 điểm")[:11] == b"CCHC 2022: "


def test_every_letter_alone_round_trips() -> None:
    for ch in ALL_LETTERS:
        assert decode_tcvn3(encode_tcvn3(ch)) == ch
        assert decode_vni(encode_vni(ch)) == ch
        assert decode_cp1258(encode_cp1258(ch)) == ch
        assert 1 <= len(encode_vni(ch)) <= 2
    # TCVN3: one byte each, but for the capitals VN1 put where Windows-1252 has
    # punctuation, written as the letter and a VN1 combining tone
    assert encode_tcvn3("à") == b"\xb5" and encode_tcvn3("Ừ") == b"\x04"
    assert encode_tcvn3("À") == b"A\xb0" and encode_tcvn3("Ặ") == b"\xa1\xb4"
    assert encode_tcvn3("Ả") == b"\x81"  # a Windows-1252 hole: VN1's own code
    assert len(encode_tcvn3(ALL_LETTERS)) == 134 + 27


def test_tcvn3_reads_windows_punctuation_typed_with_the_abc_fonts() -> None:
    data = b"B\xb5 R\xdea \x96 V\xf2ng T\xb5u \x93qu\xb8 t\xe8t\x94\x85"
    assert decode_tcvn3(data) == "Bà Rịa – Vũng Tàu “quá tốt”…"
    assert encode_tcvn3("Bà Rịa – Vũng Tàu “quá tốt”…") == data


def test_codecs_are_registered_under_their_names_and_aliases() -> None:
    assert "Việt Nam".encode("tcvn3") == b"Vi\xd6t Nam"
    assert b"Vi\xd6t Nam".decode("tcvn3") == "Việt Nam"
    assert b"Vie\xe4t Nam".decode("vni") == "Việt Nam"
    assert codecs.lookup("TCVN-3").name == "tcvn3"
    assert codecs.lookup("VNI-Windows").name == "vni"
    assert codecs.lookup("x-viet-tcvn5712").name == "tcvn3"
    # incremental decoding never splits a letter from its modifier bytes
    data = PARAGRAPH.encode("vni")
    decoder = codecs.getincrementaldecoder("vni")()
    text = "".join(decoder.decode(data[i : i + 3]) for i in range(0, len(data), 3))
    assert text + decoder.decode(b"", final=True) == PARAGRAPH
    assert io.TextIOWrapper(io.BytesIO(PARAGRAPH.encode("tcvn3")), "tcvn3").read() == PARAGRAPH


def test_encoders_report_unencodable_characters() -> None:
    with pytest.raises(UnicodeEncodeError):
        encode_tcvn3("chữ Hán 漢")
    assert encode_vni("chữ Hán 漢", errors="replace") == b"ch\xf6\xf5 Ha\xf9n ?"
    assert encode_tcvn3("x 漢 y", errors="ignore") == b"x  y"


# --- the published tables, byte by byte ----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"Vi\xd6t Nam", "Việt Nam"),
        (b"H\xb5 N\xe9i", "Hà Nội"),
        (b"\xa7\xb5 N\xbdng", "Đà Nẵng"),
        (b"\xae\xb8nh gi\xb8", "đánh giá"),
        (b"ng\xad\xeai", "người"),
        (b"c\xa9u h\xe1i", "câu hỏi"),
        (b"\xa1\xa2\xa3\xa4\xa5\xa6\xa7", "ĂÂÊÔƠƯĐ"),
        (b"\xb5\xb6\xb7\xb8\xb9", "àảãáạ"),
        (b"\xfa\xfb\xfc\xfd\xfe", "ỳỷỹýỵ"),
        (b"\x01\x16\x81\xaf\xff", "ÚÝẢẰỐ"),  # VN1 capitals
        (b"a\xb3", "á"),  # VN1 combining acute composes
    ],
)
def test_tcvn3_table(data: bytes, text: str) -> None:
    assert decode_tcvn3(data) == text


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"Vie\xe4t Nam", "Việt Nam"),
        (b"Ha\xf8 No\xe4i", "Hà Nội"),
        (b"\xd1a\xf8 Na\xfcng", "Đà Nẵng"),
        (b"ng\xf6\xf4\xf8i", "người"),
        (b"VIE\xc4T NAM", "VIỆT NAM"),
        (b"Th\xf6\xf8a Thie\xe2n Hue\xe1", "Thừa Thiên Huế"),
        (b"\xec\xed\xe6\xf3\xf2 \xee", "ìíỉĩị ỵ"),
        (b"a\xea a\xe9 a\xeb", "ă ắ ặ"),
        (b"to\xe2\xf9", "tố"),  # base + shape byte + tone byte
    ],
)
def test_vni_table(data: bytes, text: str) -> None:
    assert decode_vni(data) == text


def test_cp1258_is_composed() -> None:
    data = b"Vi\xea\xf2t Nam, Qua\xd2ng Ninh \xf0\xfd\xecng \xf0\xe2\xccu"
    raw = data.decode("cp1258")
    assert not unicodedata.is_normalized("NFC", raw)
    assert decode_cp1258(data) == "Việt Nam, Quảng Ninh đứng đầu"
    assert decode(data) == ("Việt Nam, Quảng Ninh đứng đầu", "cp1258")


@pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv")
def test_tcvn3_agrees_with_glibc_iconv_byte_by_byte() -> None:
    probe = subprocess.run(["iconv", "-l"], capture_output=True, text=True, check=False)
    if "TCVN5712-1" not in probe.stdout:
        pytest.skip("iconv lacks TCVN5712-1")
    for b in [*range(0x80, 0x100), 0x01, 0x02, 0x04, 0x05, 0x06, *range(0x11, 0x18)]:
        if 0xB0 <= b <= 0xB4:
            continue  # combining marks: iconv composes them with what precedes
        if 0x80 <= b <= 0x9F and bytes([b]).decode("cp1252", errors="ignore"):
            continue  # read as Windows-1252 punctuation on purpose (see nlp.encodings)
        out = subprocess.run(
            ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"],
            input=bytes([b]),
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        assert decode_tcvn3(bytes([b])) == unicodedata.normalize("NFC", out), hex(b)


# --- detection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (PARAGRAPH.encode("utf-8"), "utf-8"),
        (PARAGRAPH.encode("tcvn3"), "tcvn3"),
        (PARAGRAPH.encode("vni"), "vni"),
        (encode_cp1258(PARAGRAPH), "cp1258"),
        (codecs.BOM_UTF8 + PARAGRAPH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + PARAGRAPH.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + PARAGRAPH.encode("utf-16-be"), "utf-16-be"),
        (PARAGRAPH.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_decode_detects_the_encoding(data: bytes, name: str) -> None:
    assert decode(data) == (PARAGRAPH, name)


def test_decode_short_strings_too() -> None:
    for text in ("Việt Nam", "Hà Nội", "Chỉ số CCHC đạt 89,64 điểm"):
        assert decode(text.encode("tcvn3"))[0] == text
        assert decode(text.encode("vni"))[0] == text


def test_decode_uses_the_declared_charset_and_treats_western_labels_as_hints() -> None:
    assert decode(PARAGRAPH.encode("vni"), "VNI")[1] == "vni"
    assert decode(PARAGRAPH.encode("tcvn3"), "tcvn3")[1] == "tcvn3"
    assert decode(encode_cp1258(PARAGRAPH), "windows-1258") == (PARAGRAPH, "cp1258")
    assert decode(PARAGRAPH.encode("utf-16-le"), "utf-16") == (PARAGRAPH, "utf-16")
    # "windows-1252" on a TCVN3 page, "iso-8859-1" on a UTF-8 page: the bytes win
    assert decode(PARAGRAPH.encode("tcvn3"), "windows-1252") == (PARAGRAPH, "tcvn3")
    assert decode(PARAGRAPH.encode("utf-8"), "ISO-8859-1") == (PARAGRAPH, "utf-8")
    # ... but a real Western page keeps its declared charset
    assert decode("Crème brûlée à Paris".encode("cp1252"), "windows-1252") == (
        "Crème brûlée à Paris",
        "cp1252",
    )
    # a wrong declaration that does not decode is ignored
    assert decode(PARAGRAPH.encode("tcvn3"), "utf-8") == (PARAGRAPH, "tcvn3")


def test_vntc_utf16_files_decode() -> None:
    archive = CORPORA / "text-vntc" / "vntc_train_full.tar.xz"
    if not archive.exists():
        pytest.skip(f"{archive} is absent")
    seen = 0
    with tarfile.open(archive) as tf:
        for member in tf:
            if not member.isfile():
                continue
            data = tf.extractfile(member).read()
            assert data[:2] == codecs.BOM_UTF16_LE
            text, name = decode(data)
            assert name == "utf-16-le"
            assert "\x00" not in text and "\ufeff" not in text
            assert "\r\n" in text  # CRLF kept: normalize() is the caller's next step
            assert unicodedata.is_normalized("NFC", text)
            assert vietnamese_score(text) > 20
            seen += 1
            if seen == 40:
                break
    assert seen == 40


# --- mojibake -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("ViÖt Nam", "Việt Nam"),  # TCVN3 read as Windows-1252
        ("Vieät Nam", "Việt Nam"),  # VNI read as Windows-1252
        ("Viá»‡t Nam", "Việt Nam"),  # UTF-8 read as Windows-1252
        ("Hµ Néi vµ §µ N½ng", "Hà Nội và Đà Nẵng"),
        ("Chæ soá CCHC ñaït 89,64 ñieåm", "Chỉ số CCHC đạt 89,64 điểm"),
        ("Chá»‰ sá»‘ CCHC Ä‘áº¡t 89,64 Ä‘iá»ƒm", "Chỉ số CCHC đạt 89,64 điểm"),
    ],
)
def test_repair_mojibake(broken: str, fixed: str) -> None:
    assert repair_mojibake(broken) == fixed


def test_repair_a_whole_paragraph_of_each_kind() -> None:
    for encoding in ("tcvn3", "vni"):
        broken = PARAGRAPH.encode(encoding).decode("cp1252", errors="replace")
        if "\ufffd" in broken:  # bytes Windows-1252 leaves undefined: read as Latin-1
            broken = PARAGRAPH.encode(encoding).decode("latin-1")
        assert repair_mojibake(broken) == PARAGRAPH
    broken = PARAGRAPH.encode("utf-8").decode("latin-1")
    assert repair_mojibake(broken) == PARAGRAPH


def test_repair_leaves_good_lines_of_a_mixed_text() -> None:
    text = "Tiêu đề đúng: Hòa Bình\nHµ Néi ®øng ®Çu\nCrème brûlée\n© 2023"
    fixed = "Tiêu đề đúng: Hòa Bình\nHà Nội đứng đầu\nCrème brûlée\n© 2023"
    assert repair_mojibake(text) == fixed


@pytest.mark.parametrize(
    "text",
    [
        PARAGRAPH,
        "Thái Lan và cà phê",
        "Tôi là ai",
        "Müller ở Đức",
        "José Mourinho",
        "© 2023",
        "Nhiệt độ 30°C, độ ẩm 80%",
    ],
)
def test_genuine_text_is_untouched(text: str) -> None:
    assert repair_mojibake(text) == text


_WORDS = PARAGRAPH.replace(",", " ").replace(".", " ").split() + [
    "Thái",
    "cà",
    "phê",
    "Tôi",
    "là",
    "ai",
    "Hòa",
    "ÁO",
    "ÂM",
    "ÊM",
    "ý",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30), st.sampled_from([" ", "\n", ", "]))
def test_valid_vietnamese_is_never_repaired(words: list[str], sep: str) -> None:
    text = unicodedata.normalize("NFC", sep.join(words))
    assert repair_mojibake(text) == text


def test_vietnamese_score() -> None:
    assert vietnamese_score("Việt Nam đứng đầu") == 3  # "Nam" is ASCII: not counted
    assert vietnamese_score("ViÖt Nam ®øng ®Çu") == -3
    assert vietnamese_score("PAR INDEX 2022: 89,64 – © ½") == 0


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200), st.sampled_from([None, "utf-8", "tcvn3", "windows-1252", "bogus"]))
def test_decode_never_fails_and_returns_nfc(data: bytes, declared: str | None) -> None:
    text, name = decode(data, declared)
    assert isinstance(name, str) and name
    assert unicodedata.is_normalized("NFC", text)
    assert unicodedata.is_normalized("NFC", decode_tcvn3(data))
    assert unicodedata.is_normalized("NFC", decode_vni(data))

"""Helpers shared by the batch tests (a module of its own, not ``conftest``: several test
folders have a conftest, and a bare ``import conftest`` would pick whichever came first)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

STUB_EXTRACTOR = "batch_stub:extract_claims"
STUB_SCANNER = "batch_stub:is_candidate"


def chiso_script() -> Path:
    """The console script beside the running interpreter (the venv's ``bin/chiso``)."""
    path = Path(sys.executable).with_name("chiso")
    if not path.exists():
        pytest.skip(f"{path} is not installed")
    return path


def article_lines(n: int, *, every: int = 3, prefix: str = "a") -> list[str]:
    """``n`` Article JSONL lines; every ``every``-th states two stub-extractable figures."""
    out = []
    for i in range(n):
        if i % every == 0:
            text = (
                f"Bài {i}. Năm 2022, chỉ số PCI của tỉnh Tỉnh{i % 7} đạt {60 + i % 10},{i % 100:02d} "
                f"điểm. Cũng năm đó SIPAS 2022 đạt {80 + i % 5},5 điểm."
            )
        else:
            text = f"Bài {i}. Tin thể thao: Tsitsipas thắng trận, không có chỉ số nào ở đây."
        out.append(json.dumps({"id": f"{prefix}{i:05d}", "title": f"Tin {i}", "text": text},
                              ensure_ascii=False))
    return out

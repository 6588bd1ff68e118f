"""Where chiso's bundled data lives (``corpora/`` at the repository root).

Rules and word lists are data; code finds them here. ``CHISO_CORPORA``
overrides the location, e.g. for an installed copy of the data.
"""

from __future__ import annotations

import os
from pathlib import Path

_DEFAULT = Path(__file__).resolve().parents[1] / "corpora"


def corpora_dir() -> Path:
    return Path(os.environ.get("CHISO_CORPORA", _DEFAULT))


def corpora_path(*parts: str) -> Path:
    """A file under the corpora directory; raises ``FileNotFoundError`` naming it if absent."""
    path = corpora_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path}: bundled data file is missing")
    return path

"""Comparison layer: trends per locality, syndication, conflicts between sources,
verdicts against official tables, and the HTML report.

Plain data in and out: a ``Store.claims_df()`` frame (or Claims), syndication
groups (article_id → group id), reference rows; the CLI is a thin layer over it.
"""

from compare.conflicts import Conflict, Evidence, conflicts_frame, find_conflicts
from compare.reference import (
    ReferenceError,
    ReferenceRow,
    ReferenceTable,
    load_reference,
    read_reference_csv,
)
from compare.report import build_report
from compare.syndication import record_groups, store_groups, syndication_groups
from compare.trends import build_panel, filter_panel, panel_from_store
from compare.verify import Verdict, verify_claim, verify_claims

__all__ = [
    "Conflict",
    "Evidence",
    "ReferenceError",
    "ReferenceRow",
    "ReferenceTable",
    "Verdict",
    "build_panel",
    "build_report",
    "conflicts_frame",
    "filter_panel",
    "find_conflicts",
    "load_reference",
    "panel_from_store",
    "read_reference_csv",
    "record_groups",
    "store_groups",
    "syndication_groups",
    "verify_claim",
    "verify_claims",
]

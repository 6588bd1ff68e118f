"""The static HTML report (``chiso report``): coverage, localities, conflicts."""

from compare.report.site import ReportSummary, build_report, render_report

__all__ = ["ReportSummary", "build_report", "render_report"]

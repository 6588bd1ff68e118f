"""chiso's crawler: polite fetching, discovery, WARC archiving, HTML → Article."""

from crawler.archive import WarcWriter, iter_responses, repair_open_files
from crawler.fetch import Response
from crawler.pages import html_to_article, page_kind, parse_page

__all__ = [
    "Response",
    "WarcWriter",
    "html_to_article",
    "iter_responses",
    "page_kind",
    "parse_page",
    "repair_open_files",
]

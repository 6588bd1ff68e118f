"""The figures stage: numbers, scores, ranks, totals and changes of candidate sentences."""

from __future__ import annotations

from extract.doc import Doc
from extract.pipeline import stage
from nlp.numbers import find_years, scan


@stage("figures")
def figures(doc: Doc) -> None:
    for s in doc.sentences:
        s.years = find_years(doc.text, s.start, s.end)
        if s.candidate:
            s.figures = scan(doc.text, s.start, s.end)

"""Stages that prepare the text: one normalization at the door, then sentences."""

from __future__ import annotations

from extract.doc import Doc, Sentence
from extract.pipeline import stage
from nlp.normalize import normalize
from nlp.sentences import split_sentences


@stage("normalize")
def normalize_text(doc: Doc) -> None:
    """NFC, canonical tone placement, clean spaces: spans point into this text."""
    doc.text = normalize(doc.text)


# A real sentence is rarely over a few hundred characters; a longer stretch (a 5 MB
# line of junk, a page with no punctuation) is read in windows of this size, cut at
# spaces, so no stage ever works on more than this at once.
MAX_SENTENCE_CHARS = 2000


@stage("sentences")
def sentences(doc: Doc) -> None:
    """Sentences with their line number (a line is a paragraph, a list item or a table row)."""
    text = doc.text
    line, pos = 0, 0
    out = []
    for start, end in split_sentences(text):
        line += text.count("\n", pos, start)
        pos = start
        for a, b in _windows(text, start, end):
            out.append(Sentence(a, b, line))
    doc.sentences = out
    doc.line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else [0]


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_SENTENCE_CHARS:
        return [(start, end)]
    out = []
    while start < end:
        cut = min(end, start + MAX_SENTENCE_CHARS)
        if cut < end:
            space = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, cut)
            cut = space if space > start else cut
        out.append((start, cut))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    return out

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


@stage("sentences")
def sentences(doc: Doc) -> None:
    """Sentences with their line number (a line is a paragraph, a list item or a table row)."""
    text = doc.text
    line, pos = 0, 0
    out = []
    for start, end in split_sentences(text):
        line += text.count("\n", pos, start)
        pos = start
        out.append(Sentence(start, end, line))
    doc.sentences = out

"""Vietnamese text for chiso: normalization, legacy encodings, sentences, numbers,
dates, the locality gazetteer and the index catalog. Knows nothing of HTTP or storage."""

from nlp.dates import find_dates, find_publication_date, parse_date
from nlp.encodings import decode, repair_mojibake
from nlp.gazetteer import Gazetteer, Place, PlaceMention, gazetteer
from nlp.indices import IndexInfo, IndexMention, catalog, find_mentions, has_mention
from nlp.normalize import fold, match_key, normalize
from nlp.numbers import Figure, parse_number, scan
from nlp.sentences import sentences, split_sentences

__all__ = [
    "Figure",
    "Gazetteer",
    "IndexInfo",
    "IndexMention",
    "Place",
    "PlaceMention",
    "catalog",
    "decode",
    "find_dates",
    "find_mentions",
    "find_publication_date",
    "fold",
    "gazetteer",
    "has_mention",
    "match_key",
    "normalize",
    "parse_date",
    "parse_number",
    "repair_mojibake",
    "scan",
    "sentences",
    "split_sentences",
]

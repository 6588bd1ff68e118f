"""Claims from articles: a pipeline of small named stages (see ``pipeline.py``), the
Article and Claim records, the cascade test and evaluation against gold."""

from extract.articles import Article, article_id_for
from extract.cascade import is_candidate
from extract.claims import CLAIM_FIELDS, Claim
from extract.evaluate import Evaluation, evaluate, load_gold
from extract.pipeline import DEFAULT_STAGES, Pipeline, extract_claims, stage

__all__ = [
    "CLAIM_FIELDS",
    "DEFAULT_STAGES",
    "Article",
    "Claim",
    "Evaluation",
    "Pipeline",
    "article_id_for",
    "evaluate",
    "extract_claims",
    "is_candidate",
    "load_gold",
    "stage",
]

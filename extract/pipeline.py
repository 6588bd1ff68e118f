"""The extraction pipeline: small named stages over one :class:`~extract.doc.Doc`.

In the spirit of spaCy's components, a stage is a plain callable registered
by name with :func:`stage`; :data:`DEFAULT_STAGES` lists the order. Cheap
stages run over every sentence; the heavy ones (figures, places) only over
candidate sentences, unless ``cascade=False`` asks for every sentence (the
cascade-equivalence test compares both).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from extract.articles import Article
from extract.claims import Claim
from extract.doc import Doc

Stage = Callable[[Doc], None]
_REGISTRY: dict[str, Stage] = {}

DEFAULT_STAGES: tuple[str, ...] = (
    "normalize",
    "sentences",
    "mentions",
    "candidates",
    "figures",
    "places",
    "names",
    "subject",
    "years",
    "claims",
)


def stage(name: str) -> Callable[[Stage], Stage]:
    """Register a stage under ``name`` (a later registration replaces an earlier one)."""

    def register(fn: Stage) -> Stage:
        _REGISTRY[name] = fn
        return fn

    return register


def get_stage(name: str) -> Stage:
    _load_builtin_stages()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no extraction stage named {name!r}; known: {sorted(_REGISTRY)}") from None


def _load_builtin_stages() -> None:
    # Importing the modules registers their stages.
    from extract import assemble, cascade, context, figures, names, places, sentences  # noqa: F401


class Pipeline:
    """An ordered list of stages; call it on an Article to get its claims."""

    def __init__(self, stages: Sequence[str] = DEFAULT_STAGES) -> None:
        self.names = tuple(stages)
        self.stages = [get_stage(n) for n in self.names]

    def run(self, article: Article, *, cascade: bool = True) -> Doc:
        doc = Doc(article=article, text=article.text, cascade=cascade)
        for fn in self.stages:
            fn(doc)
        return doc

    def __call__(self, article: Article, *, cascade: bool = True) -> list[Claim]:
        return self.run(article, cascade=cascade).claims


_DEFAULT: Pipeline | None = None


def extract_claims(article: Article, *, cascade: bool = True) -> list[Claim]:
    """The claims an article states, in text order (DESIGN.md's Claim contract).

    ``cascade=True`` skips articles without an index mention and runs the heavy
    stages only on candidate sentences; ``cascade=False`` runs every stage on
    every sentence and must give the same claims.
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT(article, cascade=cascade)

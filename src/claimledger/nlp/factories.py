"""Thin factories registering claimledger's components with spaCy.

They are exposed through the ``spacy_factories`` entry point, so after
``pip install claimledger`` any pipeline can ``nlp.add_pipe("claimledger_attribution")``.
Each factory only builds the component; the work lives in the component modules.
"""

from __future__ import annotations

from spacy.language import Language

from claimledger.nlp.extensions import register_extensions

register_extensions()


@Language.factory("claimledger_social_posts", default_config={})
def make_social_posts(nlp: Language, name: str):
    from claimledger.nlp.social import SocialPostDetector

    return SocialPostDetector(nlp, name)


@Language.factory("claimledger_attribution",
                  default_config={"use_model": True, "model_path": None, "accurate": False})
def make_attribution(nlp: Language, name: str, use_model: bool, model_path: str | None, accurate: bool):
    from claimledger.nlp.attribution.component import AttributionExtractor

    return AttributionExtractor(nlp, name, use_model=use_model, model_path=model_path, accurate=accurate)


@Language.factory("claimledger_sources", default_config={})
def make_sources(nlp: Language, name: str):
    from claimledger.nlp.sources import SourceResolver

    return SourceResolver(nlp, name)


@Language.factory("claimledger_quantities", default_config={})
def make_quantities(nlp: Language, name: str):
    from claimledger.nlp.quantities import QuantityExtractor

    return QuantityExtractor(nlp, name)


@Language.factory("claimledger_claims", default_config={})
def make_claims(nlp: Language, name: str):
    from claimledger.nlp.claims import ClaimBuilder

    return ClaimBuilder(nlp, name)


@Language.factory("claimledger_events", default_config={})
def make_events(nlp: Language, name: str):
    from claimledger.nlp.events.component import EventExtractor

    return EventExtractor(nlp, name)

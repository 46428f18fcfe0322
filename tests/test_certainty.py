"""Certainty: hedges, stance, modality, negation, and disputes linked across claims."""

import pytest

from claimledger.nlp.certainty import find_hedges


def claim_with(nlp, text, words):
    doc = nlp(text)
    inside = [c for c in doc._.cl_claims if words in c.span.text]
    assert inside, f"no claim with {words!r}: {[c.span.text for c in doc._.cl_claims]}"
    return min(inside, key=lambda c: len(c.span.text)), doc


def test_hedge_lexicon_prefers_the_longest_phrase():
    hedges = find_hedges("The claims could not be independently verified.")
    assert [(h.certainty, h.end - h.start) for h in hedges] == [("unverified", len("could not be independently verified"))]


@pytest.mark.parametrize("text,phrase,certainty", [
    ("About 4,000 residents are still believed to be trapped in the town.", "are still believed to", "probable"),
    ("The crew have been widely reported to have fled.", "have been widely reported to", "unverified"),
    ("The pilot was feared dead.", "was feared", "possible"),
])
def test_passive_hedges_take_an_adverb_and_a_perfect(text, phrase, certainty):
    assert [(text[h.start:h.end], h.certainty) for h in find_hedges(text)] == [(phrase, certainty)]


@pytest.mark.parametrize("text,words,certainty", [
    ("The information could not be verified.", "could not be verified", "unverified"),
    ("The general was reportedly killed in a strike.", "reportedly killed", "unverified"),
    ("The drone is believed to have been launched from occupied territory.", "launched", "probable"),
    ("The strike may have destroyed up to 30 aircraft.", "destroyed", "possible"),
    ("It is likely that the offensive will resume.", "the offensive will resume", "probable"),
    ("No casualties were reported.", "No casualties", "negated"),
    ("Moscow denied that its troops had crossed the border.", "crossed the border", "negated"),
    ("The UN confirmed that 3 aid workers were killed.", "aid workers", "certain"),
    ("No fewer than 300 mercenaries were deployed to the region.", "mercenaries", "certain"),
    ("As many as 2,000 soldiers may have been killed, according to unverified estimates.", "2,000", "unverified"),
    ("There will undoubtedly be more captured soldiers.", "undoubtedly", "certain"),
])
def test_certainty(nlp, text, words, certainty):
    claim, _ = claim_with(nlp, text, words)
    assert claim.certainty == certainty


def test_hedges_are_recorded(nlp):
    claim, _ = claim_with(nlp, "The general was reportedly killed in a strike.", "reportedly")
    assert "reportedly" in [h.text for h in claim.hedges]


def test_unverifiable_information_marks_the_target_claim(nlp, example_text):
    doc = nlp(example_text)
    claims = {c.id: c for c in doc._.cl_claims}
    doubter = next(c for c in claims.values() if c.span.text == "the information could not be verified")
    assert doubter.certainty == "unverified"
    targets = [c for c in claims.values() if doubter.id in c.disputed_by]
    assert targets and all(c.certainty == "unverified" for c in targets)
    assert targets[0].span.start < doubter.span.start


def test_denied_figure_is_disputed(nlp):
    text = "The governor said 11 people had been killed; the military later disputed the figure."
    claim, doc = claim_with(nlp, text, "11 people had been killed")
    assert claim.certainty == "disputed"
    assert claim.disputed_by


@pytest.mark.parametrize("text,claim,certainty", [
    ("No casualties were reported by the garrison.", "No casualties", "negated"),
    ("Nothing was found in the second building.", "Nothing", "negated"),
    ("Heavy casualties were reported by the garrison.", "Heavy casualties", "certain"),
])
def test_a_nominal_claim_is_negated_by_its_own_determiner(nlp, text, claim, certainty):
    """Whatever the tagger makes of the sentence, a claim that is only a noun phrase
    ("No casualties", the subject of a passive report) carries its own negation."""
    from claimledger.nlp.certainty import assess

    doc = nlp(text)
    assert assess(doc, 0, len(claim), [])[0] == certainty

"""The hearer of a telling verb is never the content of the attribution."""

from __future__ import annotations

import pytest

from claimledger.nlp.attribution.hearers import drop_hearers
from claimledger.nlp.attribution.rules import is_hearer
from claimledger.nlp.extensions import get_list


@pytest.mark.parametrize("text, word, hearer", [
    ("The minister told reporters that the bridge was closed.", "reporters", True),
    ("She warned state officials to boost their security.", "officials", True),
    ("Fox told a slightly different story.", "story", False),
    ("The army announced the capture of two soldiers.", "capture", False),
])
def test_is_hearer(nlp, text, word, hearer):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    assert is_hearer(token) is hearer


def test_a_tagged_hearer_is_not_paired_as_content(nlp):
    text = "The minister told reporters that the bridge was closed."
    doc = nlp(text)
    cue = ("CUE", text.index("told"), text.index("told") + 4)
    hearer = ("CONTENT", text.index("reporters"), text.index("reporters") + 9)
    clause = ("CONTENT", text.index("that"), len(text) - 1)
    assert drop_hearers(doc, [cue, hearer, clause]) == [cue, clause]
    # without a cue there is no telling verb to be the hearer of
    assert drop_hearers(doc, [hearer]) == [hearer]


def test_telling_with_only_a_hearer_and_a_date_reports_nothing(nlp):
    doc = nlp("The minister told reporters on Monday.")
    contents = [a.content.text for a in get_list(doc, "cl_attributions") if a.content is not None]
    assert "reporters" not in contents and "Monday" not in contents

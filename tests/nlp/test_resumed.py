"""A quotation resumed after its attribution joins the first part: “A,” she said. “B.”"""

from __future__ import annotations

from claimledger.nlp.attribution.decode import Draft
from claimledger.nlp.attribution.resumed import join_resumed_quotes
from claimledger.nlp.extensions import get_list

TEXT = ("“We will rebuild the bridge,” said Anna Kovalenko, the regional governor, "
        "speaking to reporters in Kharkiv on Monday. “It will take a year.”")


def _draft(text, cue, content):
    c = text.index(cue)
    s = text.index(content)
    return Draft(cue=(c, c + len(cue)), contents=[(s, s + len(content))])


def test_the_resumed_quotation_is_appended_as_a_second_piece():
    d = _draft(TEXT, "said", "We will rebuild the bridge")
    join_resumed_quotes(TEXT, [d])
    second = TEXT.index("It will take")
    assert d.contents[1] == (second, TEXT.index("”", second))


def test_a_cue_in_the_aside_gives_the_quotation_up_but_a_later_cue_keeps_it():
    said = _draft(TEXT, "said", "We will rebuild the bridge")
    aside = _draft(TEXT, "speaking", "It will take a year.")
    join_resumed_quotes(TEXT, [said, aside])
    assert len(said.contents) == 2 and aside.contents == []
    text = "“We will stay,” she said. “We will fight,” he added."
    first = _draft(text, "said", "We will stay")
    join_resumed_quotes(text, [first, _draft(text, "added", "We will fight")])
    assert len(first.contents) == 1


def test_a_quotation_in_another_paragraph_is_left_alone():
    text = "“We will stay,” she said.\n\n“We will fight.”"
    d = _draft(text, "said", "We will stay")
    join_resumed_quotes(text, [d])
    assert len(d.contents) == 1


def test_the_pipeline_outputs_both_pieces_and_does_not_nest_the_aside(nlp):
    atts = get_list(nlp(TEXT), "cl_attributions")
    said = next(a for a in atts if a.cue is not None and a.cue.text == "said")
    assert said.content.text.startswith("We will rebuild") and said.content.text.endswith("It will take a year")
    assert [f.text for f in said.fragments] == ["We will rebuild the bridge", "It will take a year"]
    # whatever is reported between the pieces is not inside the quotation
    assert all(a.parent_id != said.id for a in atts if a.cue is not None and a.cue.start > said.cue.start)

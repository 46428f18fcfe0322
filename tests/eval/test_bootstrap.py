import pytest

from claimledger.cli.main import main
from claimledger.eval.attribution import Score
from claimledger.eval.bootstrap import accuracy_interval, f1_interval


def test_articles_that_all_score_alike_give_no_spread():
    docs = [Score(3, 4, 5)] * 20
    low, high = f1_interval(docs, rounds=200)
    assert low == pytest.approx(high) == pytest.approx(2 * 3 / 9)


def test_the_interval_holds_the_pooled_figure_and_narrows_with_more_articles():
    mixed = [Score(9, 10, 10), Score(1, 10, 10), Score(5, 10, 10), Score(7, 8, 12)]
    pooled = 2 * 22 / 80
    low, high = f1_interval(mixed, rounds=500)
    assert low < pooled < high
    wide = high - low
    low, high = f1_interval(mixed * 25, rounds=500)
    assert low < pooled < high
    assert high - low < wide / 3  # 25 times the articles: about a fifth of the width


def test_the_same_seed_gives_the_same_interval():
    docs = [Score(i % 4, 5, 6) for i in range(30)]
    assert f1_interval(docs, rounds=100, seed=4) == f1_interval(docs, rounds=100, seed=4)


def test_an_article_with_nothing_predicted_or_gold_counts_as_zero_not_an_error():
    low, high = f1_interval([Score(0, 0, 0)], rounds=10)
    assert (low, high) == (0.0, 0.0)


@pytest.mark.parametrize("kwargs", [{"per_doc": []}, {"rounds": 0}, {"level": 1.0}])
def test_nonsense_requests_are_refused_by_name(kwargs):
    args = {"per_doc": [Score(1, 1, 1)], **kwargs}
    with pytest.raises(ValueError):
        f1_interval(**args)


def test_eval_attribution_prints_an_interval_per_role(tmp_path, capsys):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for name, text in [("a", "Officials said the bridge was closed."), ("b", "The mayor said schools reopen on Monday.")]:
        (tmp_path / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        cue = text.index("said")
        ann = f"T1\tCue {cue} {cue + 4}\tsaid\nT2\tContent {cue + 5} {len(text) - 1}\tx\n"
        (tmp_path / "attributions" / f"{name}_ann1.ann").write_text(ann, encoding="utf-8")
    assert main(["eval", "attribution", "--gold", str(tmp_path), "--bootstrap", "50"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "95% interval" in x)
    assert "50 resamplings of the 2 articles" in line
    assert all(f"{role} " in line for role in ("source", "cue", "content"))


def test_an_accuracy_interval_brackets_the_share_right():
    oks = [True] * 45 + [False] * 15
    low, high = accuracy_interval(oks, rounds=500)
    assert low < 0.75 < high
    assert accuracy_interval([True] * 10, rounds=50) == (1.0, 1.0)

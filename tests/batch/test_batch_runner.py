"""``claimledger batch`` end to end on a tiny input, with an in-process Dask worker (fast)."""

from __future__ import annotations

import json
import os

import pyarrow.parquet as pq
import pytest

from claimledger.batch import runner
from claimledger.batch.runner import run_batch

GOOD = [
    "The defence minister said on Monday that 40 soldiers were killed near the border.",
    "Police in the capital arrested two men, a spokesman told reporters.",
    "According to the health ministry, 1,200 people were treated for injuries.",
    "Protesters marched through the city centre on Saturday.",
    "The mayor warned that the water supply could run out within a week.",
    "Officials said the bridge had been destroyed by shelling.",
    "A United Nations envoy announced that talks would resume in Geneva.",
]


def _write_input(path, texts=GOOD) -> None:
    lines = [json.dumps({"id": f"doc{i}", "text": t, "published": "2025-01-12"}) for i, t in enumerate(texts)]
    lines.insert(3, '{"id": "broken", "text": ')          # not JSON
    lines.insert(6, json.dumps({"id": "empty", "text": "   "}))  # nothing to analyse
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(src, out, **kw):
    return run_batch([str(src)], out, workers=1, processes=False, partition_size=3, progress=False, **kw)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, nlp):
    base = tmp_path_factory.mktemp("batch")
    src, out = base / "in.jsonl", base / "out"
    _write_input(src)
    summary = _run(src, out)
    return src, out, summary


def test_good_records_delivered_as_parquet_rows(first_run):
    _, out, summary = first_run
    table = pq.read_table(out)  # the directory reads as one dataset: failures are kept out of its way
    assert "document_id" in table.column_names
    ids = table.column("document_id").to_pylist()
    assert sorted(ids) == sorted(f"doc{i}" for i in range(len(GOOD)))
    assert summary.documents == len(GOOD)
    row = next(r for r in table.to_pylist() if r["document_id"] == "doc0")
    analysis = json.loads(row["analysis_json"])
    assert analysis["document"]["id"] == "doc0"
    assert analysis["document"]["text"] == GOOD[0]
    assert row["n_claims"] == len(analysis["claims"])
    assert row["published"] == "2025-01-12"


def test_one_parquet_file_per_partition(first_run):
    _, out, summary = first_run
    assert summary.partitions == 3  # 9 input lines in partitions of 3
    assert sorted(p.name for p in out.glob("part-*.parquet")) == [f"part-0000{i}.parquet" for i in range(3)]


def test_bad_records_are_recorded_and_do_not_stop_the_run(first_run):
    _, out, summary = first_run
    failures = [json.loads(line) for line in (out / "_failures.jsonl").read_text().splitlines()]
    assert summary.failures == 2 == len(failures)
    assert failures[0]["where"].endswith("in.jsonl:4") and "JSON" in failures[0]["reason"]
    assert "empty" in failures[1]["where"] and "empty document" in failures[1]["reason"]
    assert {f["partition"] for f in failures} == {1, 2}


def test_rerun_skips_finished_partitions(first_run):
    src, out, _ = first_run
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.parquet")}
    again = _run(src, out)
    assert again.skipped == again.partitions == 3
    assert again.documents == len(GOOD) and again.failures == 2
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.parquet")} == stamps


def test_changed_input_redoes_only_its_partition(tmp_path, nlp):
    src, out = tmp_path / "in.jsonl", tmp_path / "out"
    _write_input(src)
    _run(src, out)
    changed = list(GOOD)
    changed[-1] = "The coast guard said 12 migrants were rescued at sea."
    _write_input(src, changed)
    again = _run(src, out)
    assert again.skipped == 2
    texts = [json.loads(a)["document"]["text"] for a in pq.read_table(out).column("analysis_json").to_pylist()]
    assert changed[-1] in texts and GOOD[-1] not in texts


def test_crashed_partition_is_recorded_and_the_rest_delivered(tmp_path, monkeypatch, nlp):
    real = runner.analyze_partition

    def flaky(index, items, model):
        if index == 1:
            raise RuntimeError("worker lost")
        return real(index, items, model)

    monkeypatch.setattr(runner, "analyze_partition", flaky)
    src, out = tmp_path / "in.jsonl", tmp_path / "out"
    _write_input(src)
    summary = _run(src, out)
    assert summary.documents == 5  # partitions 0 and 2
    failures = [json.loads(line) for line in (out / "_failures.jsonl").read_text().splitlines()]
    assert any(f["partition"] == 1 and "worker lost" in f["reason"] for f in failures)
    assert not (out / "part-00001.parquet").exists()
    monkeypatch.setattr(runner, "analyze_partition", real)
    again = _run(src, out)  # the rerun fills the gap
    assert again.skipped == 2 and (out / "part-00001.parquet").exists()


def test_cli_batch(tmp_path, monkeypatch, capsys, nlp):
    from claimledger.cli.main import main

    real = runner.dask_client
    monkeypatch.setattr(runner, "dask_client", lambda w, s, p: real(w, s, processes=False))
    src, out = tmp_path / "in.jsonl", tmp_path / "out"
    _write_input(src)
    code = main(["batch", str(src), "--out", str(out), "--workers", "1", "--partition-size", "4", "--no-progress"])
    assert code == 0
    err = capsys.readouterr().err
    assert "in.jsonl:4" in err and "7 documents analysed" in err
    assert len(list(out.glob("part-*.parquet"))) == 3


def test_cli_nothing_analysed_exits_nonzero(tmp_path, monkeypatch, capsys):
    from claimledger.cli.main import main

    real = runner.dask_client
    monkeypatch.setattr(runner, "dask_client", lambda w, s, p: real(w, s, processes=False))
    src = tmp_path / "bad.jsonl"
    src.write_text("not json\n", encoding="utf-8")
    assert main(["batch", str(src), "--out", str(tmp_path / "out"), "--workers", "1", "--no-progress"]) == 1
    assert "nothing could be analysed" in capsys.readouterr().err


def test_workers_and_scheduler_are_exclusive(capsys):
    from claimledger.cli.main import main

    with pytest.raises(SystemExit):
        main(["batch", "x.jsonl", "--out", os.devnull, "--workers", "2", "--scheduler", "tcp://h:8786"])


def test_missing_model_is_one_line_before_any_worker_starts(tmp_path, capsys):
    from claimledger.cli.main import main

    src = tmp_path / "in.jsonl"
    _write_input(src)
    assert main(["batch", str(src), "--out", str(tmp_path / "out"), "--model", "no_such_model_xyz"]) == 1
    err = capsys.readouterr().err.strip()
    assert "no_such_model_xyz" in err and "is not installed" in err and "Traceback" not in err


@pytest.mark.parametrize(("documents", "slots", "size"), [
    (84, 2, 11),       # 8 partitions: four per worker
    (7, 2, 1),
    (100_000, 2, 100),  # a large input keeps the largest partitions
    (None, 2, 100),     # stdin: the size is unknown
    (0, 4, 100),
    (30, 1, 8),
])
def test_automatic_partition_size_gives_each_worker_about_four(documents, slots, size):
    assert runner.auto_partition_size(documents, slots) == size


def test_without_a_partition_size_a_small_input_is_split_for_every_worker(tmp_path, nlp):
    """84 documents used to make one partition of 100, so a second worker had nothing to do."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(GOOD)),
                   encoding="utf-8")
    summary = run_batch([str(src)], tmp_path / "out", workers=1, processes=False, progress=False)
    assert summary.partition_size == 2          # 7 documents, one worker: about four partitions
    assert summary.partitions == 4
    assert summary.documents == len(GOOD)
    assert "partitions of up to 2" in runner.main_summary(summary)

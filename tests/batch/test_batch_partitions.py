"""Partitioning and the resume markers, without Dask."""

from __future__ import annotations

import itertools

from claimledger.batch.partitions import Manifest, partition_hash, partitions
from claimledger.ingest import Failure
from claimledger.ingest.readers import from_text


def _recs(n, prefix="t"):
    return [from_text(f"{prefix} text number {i}.", f"f:{i}", html=False) for i in range(n)]


def test_partitions_are_consecutive_and_lazy():
    pulled = 0

    def source():
        nonlocal pulled
        for rec in _recs(1000):
            pulled += 1
            yield rec

    parts = partitions(source(), 4, "m")
    first = next(parts)
    assert first.index == 0 and len(first.items) == 4 and pulled == 4
    sizes = [len(p.items) for p in partitions(_recs(10), 4, "m")]
    assert sizes == [4, 4, 2]


def test_hash_depends_on_content_and_model():
    a, b = _recs(3), _recs(3)
    assert partition_hash(a, "m") == partition_hash(b, "m")
    assert partition_hash(a, "m") != partition_hash(a, "other")
    assert partition_hash(a, "m") != partition_hash(_recs(3, "u"), "m")
    assert partition_hash([Failure("x", "bad")], "m") != partition_hash([Failure("x", "worse")], "m")


def test_marker_needs_matching_hash_and_data(tmp_path):
    man = Manifest(tmp_path)
    part = next(partitions(_recs(2), 2, "m"))
    assert not man.is_done(part)
    man.commit(part.index, b"PAR1", [{"where": "f:1", "reason": "r"}], {"input_hash": part.input_hash,
                                                                          "documents": 1})
    assert man.is_done(part)
    other = next(partitions(_recs(2, "changed"), 2, "m"))
    assert not man.is_done(other)
    man.parquet_path(0).unlink()
    assert not man.is_done(part)


def test_failures_gathered_in_partition_order_and_stale_parts_removed(tmp_path):
    man = Manifest(tmp_path)
    for i in (2, 0, 1, 5):
        man.commit(i, b"x", [{"where": f"w{i}", "reason": "r"}], {"input_hash": str(i)})
    assert [p.name for p in man.remove_beyond(3)] == ["part-00005.parquet"]
    n = man.gather_failures(3, [{"where": "crash", "reason": "r"}])
    lines = (tmp_path / "_failures.jsonl").read_text().splitlines()
    assert n == 4 and [line.split('"where": "')[1].split('"')[0] for line in lines] == ["w0", "w1", "w2", "crash"]
    assert list(itertools.islice(tmp_path.glob("part-00005*"), 1)) == []

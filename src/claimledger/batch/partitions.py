"""Cut the input stream into numbered partitions, and remember which ones are finished.

Why partitions: they are the unit of work sent to a Dask worker, of output (one Parquet
file each) and of resumption.  The driver reads the inputs lazily and holds only the
partitions in flight, so the input can be larger than the driver's memory.

A partition is finished when its marker ``_parts/part-NNNNN.json`` exists, names the same
input hash and its Parquet file exists.  The marker is written last, after the data files
were moved into place, so a run killed half-way leaves no marker and the partition is redone.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.ingest import Failure, InputRecord

PARTS_DIR = "_parts"
#: The run's failures, one JSON object a line.  The leading underscore keeps it out of the way of
#: Parquet readers: ``pandas.read_parquet(DIR)`` and ``pyarrow.dataset`` skip ``_`` and ``.`` files.
FAILURES_FILE = "_failures.jsonl"


@dataclass
class Partition:
    index: int
    items: list[InputRecord | Failure] = field(default_factory=list)
    input_hash: str = ""

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"


def _item_key(item: InputRecord | Failure) -> bytes:
    if isinstance(item, Failure):
        return json.dumps(["failure", item.where, item.reason]).encode()
    return json.dumps(["record", item.id, item.where, item.text, item.published, item.title, item.url],
                      ensure_ascii=False).encode("utf-8", "surrogatepass")


def partition_hash(items: Iterable[InputRecord | Failure], model: str) -> str:
    """A digest of everything that decides a partition's output: its records and the model."""
    h = hashlib.sha256(model.encode())
    for item in items:
        key = _item_key(item)
        h.update(len(key).to_bytes(8, "little"))
        h.update(key)
    return h.hexdigest()[:32]


def partitions(items: Iterable[InputRecord | Failure], size: int, model: str) -> Iterator[Partition]:
    """Consecutive partitions of ``size`` items, in input order, each with its input hash."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    chunk: list[InputRecord | Failure] = []
    index = 0
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield Partition(index, chunk, partition_hash(chunk, model))
            index += 1
            chunk = []
    if chunk:
        yield Partition(index, chunk, partition_hash(chunk, model))


class Manifest:
    """The output directory's record of finished partitions."""

    def __init__(self, out_dir: str | Path):
        self.out = Path(out_dir)
        self.parts = self.out / PARTS_DIR

    def parquet_path(self, index: int) -> Path:
        return self.out / f"part-{index:05d}.parquet"

    def failures_path(self, index: int) -> Path:
        return self.parts / f"part-{index:05d}.failures.jsonl"

    def marker_path(self, index: int) -> Path:
        return self.parts / f"part-{index:05d}.json"

    def is_done(self, part: Partition) -> bool:
        marker = self.marker_path(part.index)
        try:
            meta = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return meta.get("input_hash") == part.input_hash and self.parquet_path(part.index).exists()

    def read_marker(self, index: int) -> dict:
        return json.loads(self.marker_path(index).read_text(encoding="utf-8"))

    def commit(self, index: int, parquet: bytes, failures: list[dict], meta: dict) -> None:
        """Move a finished partition into place: data first, the marker last."""
        self.parts.mkdir(parents=True, exist_ok=True)
        self.marker_path(index).unlink(missing_ok=True)
        _atomic_write(self.parquet_path(index), parquet)
        _atomic_write(self.failures_path(index),
                      "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in failures).encode("utf-8"))
        _atomic_write(self.marker_path(index), json.dumps(meta, indent=1).encode())

    def remove_beyond(self, count: int) -> list[Path]:
        """Drop partitions a previous, longer input left behind (index >= ``count``)."""
        gone = []
        for path in self.out.glob("part-*.parquet"):
            try:
                index = int(path.stem.split("-")[1])
            except (IndexError, ValueError):
                continue
            if index >= count:
                for p in (path, self.failures_path(index), self.marker_path(index)):
                    p.unlink(missing_ok=True)
                gone.append(path)
        return gone

    def gather_failures(self, count: int, extra: list[dict]) -> int:
        """Rewrite ``_failures.jsonl`` from every partition's failures (in order) plus ``extra``."""
        lines = 0
        tmp = self.out / (FAILURES_FILE + ".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            for index in range(count):
                path = self.failures_path(index)
                if path.exists():
                    with path.open(encoding="utf-8") as fh:
                        for line in fh:
                            out.write(line)
                            lines += 1
            for f in extra:
                out.write(json.dumps(f, ensure_ascii=False) + "\n")
                lines += 1
        os.replace(tmp, self.out / FAILURES_FILE)
        return lines


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)

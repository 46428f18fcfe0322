"""The driver: stream inputs into partitions, keep the workers busy, write what comes back.

Backpressure: at most ``2 x worker threads`` partitions are in flight, so the driver's memory
holds a few partitions whatever the input size.  Results are written as they complete (in any
order; each partition has its own file), failures are reported on stderr and kept in
``_failures.jsonl``.  A partition that crashes its worker is recorded as a failure and the run
goes on; the next run retries it, and skips every partition whose marker matches its input.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from claimledger.batch.partitions import Manifest, Partition, partitions
from claimledger.batch.worker import PipelinePreload, analyze_partition
from claimledger.errors import ClaimledgerError, ModelNotFound
from claimledger.ingest import iter_inputs
from claimledger.ingest.readers import JSONL_SUFFIXES, _expand
from claimledger.nlp.pipeline import DEFAULT_MODEL


@dataclass
class BatchSummary:
    out_dir: str
    partitions: int = 0
    skipped: int = 0
    documents: int = 0
    failures: int = 0
    seconds: float = 0.0
    workers: int = 0
    #: time to start the cluster and load the pipeline on every worker, before the first partition is sent
    startup_seconds: float = 0.0
    #: CPU time the workers spent on the partitions of this run (not those skipped)
    worker_cpu_seconds: float = 0.0
    #: records per partition (chosen by :func:`auto_partition_size` unless given)
    partition_size: int = 0


#: the largest partition the automatic size chooses, and how many partitions each worker should get
MAX_PARTITION = 100
PARTITIONS_PER_WORKER = 4


def auto_partition_size(documents: int | None, slots: int) -> int:
    """Records per partition when the user gave none: at most 100, but small enough that every
    worker gets about four partitions.

    Why: a partition is the unit of work, so 84 documents in one partition of 100 kept one worker
    busy and left the other idle. Four per worker also keeps the tail short (the last partition
    runs alone). Input of unknown size (stdin) gets the largest size. The size depends only on the
    input and the number of workers, so a rerun on the same cluster cuts the same partitions and
    resumes.
    """
    if not documents:
        return MAX_PARTITION
    return max(1, min(MAX_PARTITION, math.ceil(documents / (PARTITIONS_PER_WORKER * max(1, slots)))))


def estimate_documents(paths: Iterable[str]) -> int | None:
    """A quick count for the progress bar: lines of JSONL files, one per other file; None for stdin."""
    total = 0
    for path in _expand(paths):
        if path == "-":
            return None
        if path.suffix.lower() in JSONL_SUFFIXES:
            try:
                with path.open("rb") as fh:
                    total += sum(chunk.count(b"\n") for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""))
            except OSError:
                total += 1
        else:
            total += 1
    return total


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None, processes: bool = True):
    """A client on an existing scheduler, or on a local cluster of single-threaded worker processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=os.environ.get("CLAIMLEDGER_DASK_TIMEOUT", "30s"))
        except (OSError, TimeoutError) as err:
            raise ClaimledgerError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
        with client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    # worker errors reach the driver as task results; their log lines would only repeat them as tracebacks
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=processes, dashboard_address=None,
                      silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
        yield client


class _Progress:
    """A rich progress bar on a terminal; one line per partition otherwise (logs, CI)."""

    def __init__(self, total: int | None, enabled: bool):
        from rich.console import Console

        self.console = Console(stderr=True)
        self.bar = None
        self.enabled = enabled
        if enabled and self.console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("documents"), TimeElapsedColumn(), TextColumn("{task.fields[note]}"),
                                console=self.console, transient=False)
            self.task = self.bar.add_task("batch", total=total, note="")
            self.bar.start()

    def message(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def advance(self, n: int, note: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=n, note=note)
        elif self.enabled:
            self.message(f"claimledger batch: {note}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _check_model(model: str) -> None:
    from spacy.util import is_package

    if not (is_package(model) or Path(model).is_dir()):
        raise ModelNotFound(f"spaCy model {model!r} is not installed. Run `make install` (it installs "
                            f"{DEFAULT_MODEL}), or `pip install` the model you name with --model.")


def _span_of(part: Partition) -> str:
    first, last = part.items[0].where, part.items[-1].where
    return first if first == last else f"{first} .. {last}"


def run_batch(paths: list[str], out_dir: str | Path, *, workers: int | None = None, scheduler: str | None = None,
              partition_size: int | None = None, model: str = DEFAULT_MODEL, force: bool = False,
              progress: bool = True, processes: bool = True, in_flight: int | None = None) -> BatchSummary:
    """Analyse every document under ``paths`` on Dask and write ``out_dir/part-NNNNN.parquet``."""
    from distributed import as_completed

    start = time.perf_counter()
    if not scheduler:
        _check_model(model)  # fail in one line before starting workers that would each fail
    manifest = Manifest(out_dir)
    manifest.out.mkdir(parents=True, exist_ok=True)
    summary = BatchSummary(out_dir=str(out_dir))
    crashed: list[dict] = []
    estimate = estimate_documents(paths) if (progress or not partition_size) else None
    bar = _Progress(estimate if progress else None, progress)
    try:
        with dask_client(workers, scheduler, processes) as client:
            client.register_plugin(PipelinePreload(model))  # returns once every worker has loaded it
            summary.startup_seconds = time.perf_counter() - start
            slots = sum(client.nthreads().values()) or 1
            summary.workers = len(client.nthreads())
            limit = in_flight or 2 * slots
            summary.partition_size = partition_size or auto_partition_size(estimate, slots)
            todo = partitions(iter_inputs(paths), summary.partition_size, model)
            running: dict = {}
            queue = as_completed()

            def submit_one() -> bool:
                """Send the next unfinished partition; False when the input is exhausted."""
                for part in todo:
                    summary.partitions = part.index + 1
                    if not force and manifest.is_done(part):
                        meta = manifest.read_marker(part.index)
                        summary.skipped += 1
                        summary.documents += meta.get("documents", 0)
                        summary.failures += meta.get("failures", 0)
                        bar.advance(len(part.items), f"{part.name} done earlier, skipped")
                        continue
                    future = client.submit(analyze_partition, part.index, part.items, model,
                                           key=f"claimledger-{part.name}-{part.input_hash[:12]}", pure=False)
                    running[future] = (part.index, part.input_hash, len(part.items), _span_of(part))
                    queue.add(future)
                    return True
                return False

            while queue.count() < limit and submit_one():
                pass
            for future in queue:
                index, input_hash, n_items, span = running.pop(future)
                try:
                    res = future.result()
                except Exception as err:  # the worker died or the task raised: record it, carry on
                    reason = f"partition failed: {type(err).__name__}: {err}"
                    crashed.append({"partition": index, "where": span, "reason": reason})
                    summary.failures += n_items
                    bar.message(f"claimledger: {span}: {reason}")
                    bar.advance(n_items, f"part-{index:05d} FAILED")
                else:
                    meta = {"index": index, "input_hash": input_hash, "model": model, "items": n_items,
                            "documents": res["documents"], "failures": len(res["failures"]),
                            "seconds": round(res["seconds"], 3), "cpu_seconds": round(res["cpu_seconds"], 3),
                            "worker": res["worker"],
                            "finished": time.strftime("%Y-%m-%dT%H:%M:%S")}
                    manifest.commit(index, res["parquet"], res["failures"], meta)
                    for f in res["failures"]:
                        bar.message(f"claimledger: {f['where']}: {f['reason']}")
                    summary.documents += res["documents"]
                    summary.worker_cpu_seconds += res["cpu_seconds"]
                    summary.failures += len(res["failures"])
                    bar.advance(n_items, f"part-{index:05d}: {res['documents']} documents, "
                                         f"{len(res['failures'])} failures")
                future.release()
                while queue.count() < limit and submit_one():
                    pass
    finally:
        bar.close()
    manifest.remove_beyond(summary.partitions)
    manifest.gather_failures(summary.partitions, crashed)
    summary.seconds = time.perf_counter() - start
    return summary


def main_summary(summary: BatchSummary) -> str:
    return (f"claimledger batch: {summary.documents:,} documents analysed, {summary.failures:,} failed, "
            f"{summary.partitions:,} partitions of up to {summary.partition_size:,} "
            f"({summary.skipped:,} done earlier, skipped) on "
            f"{summary.workers} worker(s) in {summary.seconds:,.1f} s -> {summary.out_dir}")

"""What runs on a Dask worker: one partition of records in, one Parquet file (as bytes) out.

The pipeline is loaded once per worker process: ``load_pipeline`` is cached at module level
and ``PipelinePreload`` loads it when the worker joins, so the first partition does not pay
for it.  The worker returns the Parquet bytes instead of writing them itself, so the workers
need no file system shared with the driver (a Kubernetes pod can run them as they are).
"""

from __future__ import annotations

import io
import json
import os
import socket
import time
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from claimledger.ingest import Failure, InputRecord

#: One row per analysed document.  ``analysis_json`` is the whole contract object.
SCHEMA = pa.schema([
    ("document_id", pa.string()),
    ("where", pa.string()),
    ("partition", pa.int32()),
    ("title", pa.string()),
    ("url", pa.string()),
    ("published", pa.string()),
    ("n_chars", pa.int64()),
    ("n_sources", pa.int32()),
    ("n_attributions", pa.int32()),
    ("n_claims", pa.int32()),
    ("n_quantities", pa.int32()),
    ("n_events", pa.int32()),
    ("n_social_posts", pa.int32()),
    ("sources_json", pa.string()),
    ("analysis_json", pa.string()),
])


def _row(analysis: dict[str, Any], where: str, index: int) -> dict[str, Any]:
    doc = analysis.get("document", {})

    def n(key: str) -> int:
        return len(analysis.get(key) or [])

    return {
        "document_id": doc.get("id"), "where": where, "partition": index, "title": doc.get("title"),
        "url": doc.get("url"), "published": doc.get("published"), "n_chars": len(doc.get("text") or ""),
        "n_sources": n("sources"), "n_attributions": n("attributions"), "n_claims": n("claims"),
        "n_quantities": n("quantities"), "n_events": n("events"), "n_social_posts": n("social_posts"),
        "sources_json": json.dumps(analysis.get("sources") or [], ensure_ascii=False),
        "analysis_json": json.dumps(analysis, ensure_ascii=False),
    }


def to_parquet(rows: list[dict[str, Any]]) -> bytes:
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def analyze_partition(index: int, items: list[InputRecord | Failure], model: str) -> dict[str, Any]:
    """Analyse one partition; every bad record becomes a failure row, never an exception."""
    from claimledger.analyze import analyze_records

    start, cpu = time.perf_counter(), time.process_time()
    rows, failures = [], []
    results = analyze_records(items, model=model)
    for item, result in zip(items, results, strict=True):  # one result per input item, in order
        if isinstance(result, Failure):
            failures.append({"partition": index, "where": result.where, "reason": result.reason})
        else:
            rows.append(_row(result, item.where, index))
    return {"index": index, "parquet": to_parquet(rows), "failures": failures, "documents": len(rows),
            "seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
            "worker": f"{socket.gethostname()}:{os.getpid()}"}


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - dask[distributed] is a dependency
    WorkerPlugin = object  # type: ignore[misc,assignment]


class PipelinePreload(WorkerPlugin):
    """Load (and warm) the spaCy pipeline as soon as a worker starts, and on workers that join later."""

    name = "claimledger-pipeline"

    def __init__(self, model: str):
        self.model = model

    def setup(self, worker) -> None:
        from claimledger.nlp.pipeline import load_pipeline

        nlp = load_pipeline(self.model)
        # one short document, so components that load their data lazily do it now, not in a timed task
        nlp("The defence minister said on Monday that 40 soldiers were killed near Kharkiv, Ukraine.")

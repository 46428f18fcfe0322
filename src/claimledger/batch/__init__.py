"""Bulk analysis on Dask: partitions of records to Parquet files, resumable, failures kept apart."""

from claimledger.batch.runner import BatchSummary, run_batch

__all__ = ["BatchSummary", "run_batch"]

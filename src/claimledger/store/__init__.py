"""The ledger: analyses stored in SQLite, syndicated copies linked, figures compared across sources.

Library first (the CLI and the web app are thin layers over it)::

    from claimledger.store import open_ledger, ingest_analysis, queries
    with open_ledger("claimledger.db") as ledger:
        ingest_analysis(ledger, analysis)
        queries.conflicts(ledger.reader())
"""

from claimledger.store.db import DEFAULT_DB, Ledger, open_ledger
from claimledger.store.ingest import IngestResult, ingest_analysis, ingest_many

__all__ = ["DEFAULT_DB", "IngestResult", "Ledger", "ingest_analysis", "ingest_many", "open_ledger"]

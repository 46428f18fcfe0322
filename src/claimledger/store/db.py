"""Opening the ledger: one writer connection, any number of readers.

SQLite allows one writer at a time; the ledger makes that explicit: every
write goes through :meth:`Ledger.write`, which holds a lock around a single
connection and an ``IMMEDIATE`` transaction.  Readers (the web server's
worker threads) get their own connection per thread and, in WAL mode, never
block the writer nor see a half-written document.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimledger.errors import StoreError
from claimledger.store.migrations import migrate

DEFAULT_DB = "claimledger.db"


def _connect(target: str, *, uri: bool = False, readonly: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False, timeout=10.0)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


class Ledger:
    """A ledger database.  ``create=False`` refuses to make a new, empty file (queries on a typo)."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, create: bool = True):
        self.path = str(path)
        self.memory = self.path == ":memory:"
        if not self.memory:
            p = Path(self.path)
            if not p.exists() and not create:
                raise StoreError(f"{self.path}: no such ledger (run `claimledger ingest PATH --db {self.path}` first)")
            if p.is_dir():
                raise StoreError(f"{self.path}: is a directory, not a ledger file")
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        try:
            self._conn = _connect(self.path)
            migrate(self._conn)
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: cannot open the ledger ({err})") from err

    # -- writing ---------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """The one writer: a locked, immediate transaction, rolled back on any error."""
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as err:
                raise StoreError(f"{self.path}: cannot write ({err})") from err
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as err:
                conn.execute("ROLLBACK")
                raise StoreError(f"{self.path}: cannot write ({err})") from err

    # -- reading ---------------------------------------------------------------
    def reader(self) -> sqlite3.Connection:
        """This thread's read-only connection (the writer's own for an in-memory ledger)."""
        if self.memory:
            return self._conn
        conn = getattr(self._local, "conn", None)
        if conn is None:
            uri = Path(self.path).resolve().as_uri() + "?mode=ro"
            try:
                conn = _connect(uri, uri=True, readonly=True)
            except sqlite3.Error as err:
                raise StoreError(f"{self.path}: cannot read ({err})") from err
            self._local.conn = conn
            with self._lock:
                self._readers.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            self._conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_ledger(path: str | Path = DEFAULT_DB, *, create: bool = True) -> Ledger:
    return Ledger(path, create=create)

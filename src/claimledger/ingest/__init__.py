"""Ingest: files, directories, stdin and JSONL records become ``InputRecord``s or ``Failure``s.

Bad input is stopped here with a reason the user can read; nothing past this
door ever sees undecodable bytes or a record without text.
"""

from claimledger.ingest.readers import Failure, InputRecord, iter_inputs

__all__ = ["Failure", "InputRecord", "iter_inputs"]

"""The ledger on the web: HTML pages for people, a JSON API for scripts (FastAPI)."""

from claimledger.web.app import create_app

__all__ = ["create_app"]

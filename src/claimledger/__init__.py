"""claimledger: who claims what, on whose authority, in news reports."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1"

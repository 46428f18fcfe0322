"""Named errors.  Each carries a message meant for the user, not a traceback."""


class ClaimledgerError(Exception):
    """Base class: the CLI prints ``str(err)`` on one line and exits non-zero."""


class InputError(ClaimledgerError):
    """A file or record that cannot be analysed, and why."""

    def __init__(self, where: str, reason: str):
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class ModelNotFound(ClaimledgerError):
    """The requested spaCy pipeline is not installed."""


class StoreError(ClaimledgerError):
    """The ledger database cannot be opened or written."""

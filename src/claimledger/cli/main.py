"""``claimledger`` entry point: parse arguments, dispatch, turn named errors into one-line messages."""

from __future__ import annotations

import argparse
import importlib
import sys

from claimledger import __version__
from claimledger.errors import ClaimledgerError

#: modules that each define ``register(subparsers)``; a command's module is imported only to run it.
COMMAND_MODULES = (
    "claimledger.cli.analyze",
    "claimledger.cli.ledger",
    "claimledger.cli.batch",
    "claimledger.cli.evaluate",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimledger",
        description="Who claims what, on whose authority: attribution, claims and events from news text.",
    )
    parser.add_argument("--version", action="version", version=f"claimledger {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name == name:
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ClaimledgerError as err:
        print(f"claimledger: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("claimledger: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

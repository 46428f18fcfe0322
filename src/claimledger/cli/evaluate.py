"""``claimledger eval attribution|events``: score the pipeline against gold data."""

from __future__ import annotations

import argparse
import importlib

from claimledger.nlp.pipeline import DEFAULT_MODEL

#: task -> (module with ``add_arguments(parser)`` and ``run(args) -> int``, help)
TASKS = {
    "attribution": ("claimledger.eval.attribution", "PolNeAR-style brat gold: text/ and attributions/"),
    "events": ("claimledger.eval.events", "ACLED rows as JSONL, their notes as input"),
    "claims": ("claimledger.eval.claims", "claimledger's own gold for quantities and certainty"),
    "sources": ("claimledger.eval.sources", "hand-annotated speakers as JSONL (tests/data/sources_gold*.jsonl)"),
}


def register(sub) -> None:
    p = sub.add_parser("eval", help="score against gold data")
    tasks = p.add_subparsers(dest="task", metavar="TASK")
    for task, (module_name, help_text) in TASKS.items():
        tp = tasks.add_parser(task, help=help_text)
        tp.add_argument("--model", default=DEFAULT_MODEL)
        tp.set_defaults(func=_runner(module_name), _module=module_name)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name != module_name:
                raise
            continue
        module.add_arguments(tp)


def _runner(module_name: str):
    def run(args: argparse.Namespace) -> int:
        module = importlib.import_module(module_name)
        return module.run(args)

    return run

"""Shared fixtures: the pipeline is loaded once per test session."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "kursk_capture.txt"


@pytest.fixture(scope="session")
def schema_validator():
    schema = json.loads(resources.files("claimledger").joinpath("schema/analysis.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="session")
def nlp():
    from claimledger.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_analysis(example_text):
    from claimledger.analyze import analyze_text

    return analyze_text(example_text, doc_id="kursk")


def assert_valid(validator, obj) -> None:
    errors = sorted(validator.iter_errors(obj), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def assert_offsets(obj) -> None:
    """Every span in the analysis indexes document.text exactly."""
    text = obj["document"]["text"]

    def walk(x):
        if isinstance(x, dict):
            if {"start", "end", "text"} <= x.keys() and isinstance(x["start"], int):
                assert text[x["start"]:x["end"]] == x["text"], x
            for v in x.values():
                if v is not text:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk({k: v for k, v in obj.items() if k != "document"})

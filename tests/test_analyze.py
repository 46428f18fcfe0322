"""End-to-end: the example article through the library API, validated against the contract."""

from conftest import assert_offsets, assert_valid


def test_example_validates_against_schema(example_analysis, schema_validator):
    assert_valid(schema_validator, example_analysis)


def test_example_offsets_index_the_text(example_analysis, example_text):
    assert example_analysis["document"]["text"] == example_text
    assert_offsets(example_analysis)


def test_example_has_attributions(example_analysis):
    cues = {a["cue"]["text"] for a in example_analysis["attributions"] if a["cue"]}
    assert "announced" in cues

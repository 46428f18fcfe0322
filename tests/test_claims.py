"""Claims: attributed and writer's-voice propositions, splitting, nesting, links to quantities and dates."""

from conftest import assert_offsets, assert_valid


def test_example_claims_validate(example_analysis, schema_validator):
    assert_valid(schema_validator, example_analysis)
    assert_offsets(example_analysis)
    ids = [c["id"] for c in example_analysis["claims"]]
    assert ids == [f"c{i}" for i in range(1, len(ids) + 1)]
    starts = [c["span"]["start"] for c in example_analysis["claims"]]
    assert starts == sorted(starts)


def test_writer_voice_claim_with_quantity_and_date(example_analysis):
    qs = {q["id"]: q for q in example_analysis["quantities"]}
    claim = next(c for c in example_analysis["claims"] if c["span"]["text"].startswith("North Korea deployed"))
    assert claim["attribution_id"] is None
    assert [qs[i]["value"] for i in claim["quantity_ids"]] == [12000]
    assert claim["dates"][0]["value"] == "2024"


def test_every_attribution_has_a_claim(example_analysis):
    attributed = {c["attribution_id"] for c in example_analysis["claims"]}
    assert {a["id"] for a in example_analysis["attributions"]} <= attributed


def test_coordinated_figures_are_split(nlp):
    doc = nlp("According to South Korean intelligence, approximately 300 North Korean soldiers have been "
              "killed and 2,700 injured.")
    claims = [c for c in doc._.cl_claims if c.quantity_ids]
    assert len(claims) == 2
    assert claims[0].attribution_id == claims[1].attribution_id is not None
    assert [len(c.quantity_ids) for c in claims] == [1, 1]


def test_nested_claim_keeps_the_chain(nlp):
    doc = nlp("The ministry said the governor had said that 14 people were missing.")
    inner = min((c for c in doc._.cl_claims if "14 people" in c.span.text), key=lambda c: len(c.span.text))
    assert inner.attribution_id == inner.source_chain[-1]
    if len(doc._.cl_attributions) > 1:
        assert len(inner.source_chain) == 2


def test_quantity_linked_to_innermost_claim_only(nlp):
    doc = nlp("The ministry said the governor had said that 14 people were missing.")
    linked = [c for c in doc._.cl_claims if c.quantity_ids]
    assert len(linked) == 1


def test_polarity_split(nlp):
    doc = nlp("One soldier told interrogators that he believed he was on a training exercise and did not "
              "know he was in Ukraine.")
    neg = [c for c in doc._.cl_claims if c.span.text.startswith("did not know")]
    assert neg and neg[0].certainty == "negated"

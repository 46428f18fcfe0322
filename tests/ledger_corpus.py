"""Hand-made analyses shared by the store, CLI and web tests (no NLP involved)."""

from __future__ import annotations

from claimledger.store.sample import Statement, build_analysis

KILLED = dict(counts="killed", subject="North Korean soldiers")


def wire_story(doc_id: str = "wire-1", *, title: str = "Ukraine says 58 North Korean soldiers killed in Kursk",
               published: str | None = "2025-01-10", lead: str = "", tail: str = "",
               url: str | None = "https://example.org/wire-1") -> dict:
    """A wire story long enough for shingle comparison, with one killed figure from the General Staff."""
    return build_analysis(doc_id, [
        "fighting continued on Friday along the western edge of the Kursk region where Ukrainian units "
        "have held a salient since the summer offensive",
        Statement("58 North Korean soldiers were killed in two days of assaults near the village", number="58",
                  value=58, source="the Ukrainian General Staff", cue="said", affiliation="UA",
                  source_type="military", **KILLED),
        Statement("the attacks were repelled with artillery and drones", source="a battalion commander",
                  cue="told reporters", source_type="military", affiliation="UA"),
        "the figures could not be independently verified and Moscow did not respond to a request for comment",
        "North Korea sent several thousand troops to Russia last autumn according to Western governments",
        Statement("more assaults were expected in the coming week as the ground freezes",
                  source="Volodymyr Zelenskyy", cue="said in his nightly address", source_type="person",
                  affiliation="UA"),
    ], title=title, published=published, url=url, lead=lead, tail=tail)


def syndicated_copy() -> dict:
    """The wire story under another headline, with the outlet's own boilerplate around it."""
    return wire_story("outlet-7", title="Kursk: heavy losses reported among Pyongyang's troops",
                      published="2025-01-11", url="https://outlet.example.com/news/7",
                      lead="(Example Wire)", tail="Copyright Example Wire. All rights reserved. "
                      "Reporting by staff; editing by the desk.")


def intelligence_report() -> dict:
    """Another outlet, a day later: South Korean intelligence gives 100 killed for the same figure."""
    return build_analysis("seoul-2", [
        Statement("about 100 North Korean troops had been killed in Kursk since December", number="about 100",
                  value=100, approximate=True, source="South Korea's National Intelligence Service",
                  cue="told lawmakers", source_type="intelligence", affiliation="KR", **KILLED),
        Statement("a further 1,000 were wounded", number="1,000", value=1000, counts="injured",
                  subject="North Korean soldiers", source="South Korea's National Intelligence Service",
                  cue="added", source_type="intelligence", affiliation="KR"),
        "the briefing was held behind closed doors in Seoul",
    ], title="Seoul: about 100 North Korean troops killed", published="2025-01-11",
        url="https://example.net/seoul-2")


def later_update(doc_id: str = "later-3", value: int = 300, published: str = "2025-01-25",
                 source: str = "South Korea's National Intelligence Service") -> dict:
    """Weeks later, a bigger (not contradictory) figure."""
    return build_analysis(doc_id, [
        Statement(f"{value} North Korean soldiers had been killed", number=str(value), value=value,
                  source=source, cue="estimated", source_type="intelligence", affiliation="KR", **KILLED),
    ], title=f"{value} killed", published=published)


def unrelated() -> dict:
    return build_analysis("other-4", [
        "heavy snow closed roads across the north of the country on Sunday",
        Statement("schools would reopen on Tuesday", source="the education ministry", cue="said",
                  source_type="government", affiliation="FI"),
    ], title="Snow closes roads", published="2025-01-12")

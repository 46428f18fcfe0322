"""Embedded social-media posts: detection from article text, and their attributions."""

from claimledger.nlp.social import find_post_matches, find_social_posts, merge_social_attributions
from claimledger.records import Attribution, Span

TWEET = (
    "The minister reacted on Sunday.\n"
    "We will never give up. Every city will be rebuilt… pic.twitter.com/AbC123xyz\n"
    "— Jane Example (@jane_example) 12 January 2025\n"
    "Officials later confirmed the strike.\n"
)


def _one(text):
    posts = find_social_posts(text)
    assert len(posts) == 1, posts
    return posts[0]


def test_example_tweet(example_text):
    post = _one(example_text)
    assert post.platform == "x"
    assert post.handle == "@ZelenskyyUa"
    assert post.author == "Volodymyr Zelenskyy"       # the Latin-script half of "Name / Ім'я"
    assert post.date == "2025-01-12"
    assert post.truncated is True
    assert post.url == "https://pic.twitter.com/4RyCfUoHoC"
    assert post.span.text.startswith("In addition to the first captured soldiers")
    assert post.span.text.endswith("from North…")     # the media link and signature are not in the span
    assert example_text[post.span.start:post.span.end] == post.span.text


def test_day_month_year_signature_and_link_stripped():
    post = _one(TWEET)
    assert post.date == "2025-01-12"
    assert post.author == "Jane Example"
    assert post.span.text == "We will never give up. Every city will be rebuilt…"
    assert post.truncated
    assert post.url == "https://pic.twitter.com/AbC123xyz"


def test_signature_cue_and_author_spans():
    pm = find_post_matches(TWEET)[0]
    assert pm.cue.text == "—"
    assert pm.author.text == "Jane Example"
    assert TWEET[pm.signature[0]:pm.signature[1]].startswith("— Jane Example (@jane_example)")


def test_untruncated_post_and_status_url():
    text = ("Intro paragraph.\n\nTalks went well today.\n"
            "— Some Office (@some_office) March 3, 2024 https://twitter.com/some_office/status/1764321234567890123\n")
    post = _one(text)
    assert post.span.text == "Talks went well today."
    assert not post.truncated
    assert post.url.startswith("https://twitter.com/some_office/status/")
    assert post.date == "2024-03-03"


def test_multiline_post_closed_by_blank_line():
    text = "Intro.\n\nLine one of the post.\nLine two. pic.twitter.com/xyz\n— Ann B (@annb) May 5, 2023\n\nAfter."
    assert _one(text).span.text == "Line one of the post.\nLine two."


def test_single_newline_text_takes_only_the_line_above():
    text = "The article's own sentence.\nThe post itself.\n— Ann B (@annb) May 5, 2023\nMore article."
    assert _one(text).span.text == "The post itself."


def test_bare_status_link_dates_from_snowflake():
    text = "Watch:\nhttps://x.com/nasa/status/1878486236128378978\nThe launch went ahead."
    post = _one(text)
    assert post.platform == "x" and post.handle == "@nasa"
    assert post.date == "2025-01-12"
    assert not find_post_matches(text)[0].has_text      # nothing to attribute


def test_telegram_link_after_the_post():
    text = ("The air force reported the attack.\n"
            "Enemy drones were shot down over the region overnight.\n"
            "https://t.me/kpszsu/12345\nThe next paragraph.")
    post = _one(text)
    assert post.platform == "telegram"
    assert post.handle == "@kpszsu"
    assert post.url == "https://t.me/kpszsu/12345"
    assert post.span.text == "Enemy drones were shot down over the region overnight."


def test_telegram_link_inside_prose_is_not_a_post():
    assert find_social_posts("He wrote on t.me/somechannel/77 that the talks failed, officials said.") == []


def test_instagram_embed_residue():
    text = ("The singer replied online.\n\nView this post on Instagram\n\n"
            "So grateful for all of you, see you in Kyiv...\n\n"
            "A post shared by Jane Doe (@janedoe) on Jan 12, 2025 at 3:04pm PST\n\nMore text.")
    post = _one(text)
    assert post.platform == "instagram"
    assert (post.author, post.handle, post.date) == ("Jane Doe", "@janedoe", "2025-01-12")
    assert post.span.text == "So grateful for all of you, see you in Kyiv..."
    assert post.truncated


def test_instagram_without_caption_has_no_text():
    text = "View this post on Instagram\nA post shared by Band (@band)\nStory goes on."
    pm = find_post_matches(text)[0]
    assert pm.post.platform == "instagram" and not pm.has_text


def test_facebook_posted_by():
    text = "Statement follows.\nWe thank all volunteers for their help.\nPosted by City Council on Sunday, January 12, 2025\n"
    post = _one(text)
    assert post.platform == "facebook"
    assert post.author == "City Council"
    assert post.date == "2025-01-12"


def test_prose_with_a_dash_and_handle_is_not_a_signature():
    assert find_social_posts("- The agency (@agency) said on Monday it would respond.\n") == []


def test_social_attribution_added_and_signature_misparse_dropped(nlp):
    doc = nlp(TWEET)
    pm = find_post_matches(TWEET)[0]
    sig_start = pm.signature[0]
    bogus = Attribution(id="a1", content=Span.of(TWEET, 0, 10),
                        source=Span.of(TWEET, sig_start + 2, sig_start + 14), cue=pm.cue)
    kept = Attribution(id="a2", content=Span.of(TWEET, 0, 12), source=Span.of(TWEET, 0, 12),
                       cue=Span.of(TWEET, 13, 20))
    out = merge_social_attributions(doc, [bogus, kept], [pm])
    ids = [a.id for a in out]
    assert "a1" not in ids and "a2" in ids
    social = [a for a in out if a.kind == "social_post"]
    assert len(social) == 1
    assert social[0].id not in {"a2"} and len(set(ids)) == len(ids)
    assert social[0].source.text == "Jane Example"
    assert social[0].content.text == pm.post.span.text
    assert social[0].stance == "assert"


def test_rule_attribution_inside_post_is_nested(nlp):
    text = "Intro.\nThe mayor said the bridge was safe.\n— Ann B (@annb) May 5, 2023\nAfter."
    doc = nlp(text)
    pm = find_post_matches(text)[0]
    start = text.index("The mayor")
    inner = Attribution(id="a1", content=Span.of(text, start + 15, start + 37),
                        source=Span.of(text, start, start + 9), cue=Span.of(text, start + 10, start + 14))
    out = merge_social_attributions(doc, [inner], [pm])
    social = next(a for a in out if a.kind == "social_post")
    assert inner.parent_id == social.id

"""accord.corpus.clean: boilerplate lines removed by general rules, every removal on record."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.corpus.clean import clean_plain_text
from accord.corpus.repair import repair_text


def _clean_seed(seeds_dir: Path, name: str):  # type: ignore[no-untyped-def]
    repaired, _ = repair_text((seeds_dir / name).read_text(encoding="utf-8"))
    return repaired, clean_plain_text(repaired)


def _check_partition(repaired: str, result) -> None:  # type: ignore[no-untyped-def]
    """Kept segments and removed spans tile the repaired text exactly."""
    pieces = [(s.source_start, s.source_start + s.length, "kept") for s in result.segments]
    pieces += [(r.start, r.end, "removed") for r in result.removed]
    pieces.sort()
    cursor = 0
    for start, end, _ in pieces:
        assert start == cursor
        cursor = end
    assert cursor == len(repaired)
    for removed in result.removed:
        assert repaired[removed.start : removed.end] == removed.text
    assert "".join(
        repaired[s.source_start : s.source_start + s.length] for s in result.segments
    ) == (result.text)


def test_seed_000_share_and_contact_lines_are_removed(seeds_dir: Path) -> None:
    repaired, result = _clean_seed(seeds_dir, "000_bfc96784ff80d2f5.txt")
    _check_partition(repaired, result)
    for line in ("Join us on Telegram", ", Twitter", ", and VK", "Contact us:"):
        assert line not in result.text
        assert any(line in r.text for r in result.removed)
    assert {r.reason for r in result.removed} == {"share-links", "contact"}
    assert result.text.startswith("The Witkoff negotiation enterprise")
    assert "It is not a glitch" in result.text
    assert "\n.\n" not in result.text


def test_seed_001_blog_footer_and_its_headlines_are_removed(seeds_dir: Path) -> None:
    repaired, result = _clean_seed(seeds_dir, "001_abb2e1d81dd64829.txt")
    _check_partition(repaired, result)
    for line in (
        "Comments",
        "Popular posts from this blog",
        "Kamala Harris Has More",
        "Lando Norris",
        "Trump Vs. Harris 2024 Polls",
    ):
        assert line not in result.text
        assert any(line in r.text for r in result.removed)
    assert {r.reason for r in result.removed} == {"blog-footer"}
    assert result.text.rstrip().endswith("negotiations with Russia remains uncertain.") or (
        "His inclusion in the Kremlin’s negotiation team" in result.text
    )


def test_seed_004_spam_header_caption_disclaimer_and_bio_are_removed(seeds_dir: Path) -> None:
    repaired, result = _clean_seed(seeds_dir, "004_06e5d23dc5b2d877.txt")
    _check_partition(repaired, result)
    reasons = {r.reason: r.text for r in result.removed}
    assert "乐鱼 体育" in reasons["spam-header"]
    assert "乐鱼" not in result.text
    assert reasons["caption"].startswith("Image of Vladimir Putin")
    assert "opinions expressed" in reasons["disclaimer"]
    assert "Kennan Institute" not in result.text
    assert result.text.startswith("Kremlin Frames Trump’s Negotiations")
    assert result.text.rstrip().endswith("seeks to impose its will.")


@pytest.mark.parametrize("name", ["002_048b79d3524bd487.txt", "003_258dc5993ccb0ab8.txt"])
def test_clean_seeds_lose_nothing(seeds_dir: Path, name: str) -> None:
    repaired, result = _clean_seed(seeds_dir, name)
    assert result.removed == []
    assert result.text == repaired


BODY = (
    "The talks in Riyadh lasted twelve hours, officials said, and ended without a joint "
    "statement. Russia's Telegram channels and Twitter accounts close to the Kremlin reported "
    "that the delegations would meet again next week to discuss a partial ceasefire.\n"
)


def test_general_rules_on_an_unseen_layout() -> None:
    text = (
        "Ceasefire talks end without a statement\n"
        "Follow us on Facebook | Instagram | WhatsApp\n"
        "Photo: Delegations arrive at the Ritz-Carlton (Reuters)\n"
        + BODY
        * 3
        + "Email: newsdesk@example.org\n"
        "https://example.org/tips\n" + BODY + "Related articles\n"
        "Oil prices slip as talks stall\n"
        "Five things to know about the Black Sea deal\n"
        "Disclaimer: this article is provided for information only.\n"
        "Jane Doe is a senior fellow at the Atlantic Council and a former diplomat.\n"
    )
    result = clean_plain_text(text)
    _check_partition(text, result)
    reasons = [r.reason for r in result.removed]
    assert reasons.count("share-links") == 1
    assert "caption" in reasons and "contact" in reasons and "blog-footer" in reasons
    assert result.text.count("Russia's Telegram channels") == 4  # a sentence naming networks stays
    assert "Jane Doe" not in result.text and "Oil prices slip" not in result.text
    assert result.text.startswith("Ceasefire talks end")


def test_chinese_line_inside_an_english_body_is_kept() -> None:
    text = "Headline here\n" + BODY * 3 + "他说：我们希望各方保持克制\n" + BODY * 3
    result = clean_plain_text(text)
    assert "他说" in result.text
    assert result.removed == []


def test_short_lines_in_the_body_are_not_taken_for_boilerplate() -> None:
    text = (
        "Analysis\n"
        + BODY
        + "So what is going on?\n"
        + BODY
        + "Comments were not allowed.\n"
        + BODY
    )
    result = clean_plain_text(text)
    assert result.removed == []


def test_article_sentences_that_look_like_boilerplate_are_kept() -> None:
    text = (
        "Kremlin rejects the plan\n"
        + BODY
        + "Such statements do not reflect the position of the Russian government, Peskov said.\n"
        + BODY
        + "Image of the Kremlin as a reliable partner has suffered, analysts said, and many in "
        "Moscow now doubt that any deal with Washington will hold until the summer.\n"
        + BODY * 3
        + "Dmitriev is the head of Russia’s sovereign wealth fund and a former Goldman banker.\n"
    )
    result = clean_plain_text(text)
    assert result.removed == []
    assert result.text == text


def test_bio_and_disclaimer_at_the_end_are_removed() -> None:
    text = (
        "Kremlin rejects the plan\n"
        + BODY * 4
        + "This commentary does not necessarily reflect the views of the editors.\n"
        + "John Smith is a senior fellow at the Example Institute in Washington.\n"
    )
    result = clean_plain_text(text)
    assert [r.reason for r in result.removed] == ["disclaimer", "author-bio"]


def test_a_list_of_url_lines_is_content_and_a_lone_url_line_is_not() -> None:
    text = (
        "The ministry published the draft and two annexes.\n"
        "Documents:\n"
        "https://example.gov/draft-framework.pdf\n"
        "https://example.gov/annex-1.pdf\n"
        "https://example.gov/annex-2.pdf\n"
        "Officials said the annexes are not final.\n"
        "https://t.me/example_channel\n"
    )
    result = clean_plain_text(text)
    assert "annex-1.pdf" in result.text and "annex-2.pdf" in result.text
    assert "draft-framework.pdf" in result.text
    assert [(r.reason, r.text.strip()) for r in result.removed] == [
        ("contact", "https://t.me/example_channel")
    ]


def test_a_single_url_under_a_heading_with_a_colon_is_a_source() -> None:
    text = "The study was published on Tuesday.\nSource:\nhttps://example.org/study\nEnd.\n"
    assert "https://example.org/study" in clean_plain_text(text).text
    alone = "The study was published on Tuesday.\nhttps://example.org/study\nEnd of story.\n"
    assert [r.reason for r in clean_plain_text(alone).removed] == ["contact"]


@pytest.mark.parametrize(
    "line",
    [
        "Delegates of the regional council voted on the plan (ePA)",
        "Delegates of the regional council voted on the proposal (eEPA)",
        "The draft was circulated to all members / a reporter's notes",
    ],
)
def test_agency_names_inside_words_or_in_the_wrong_case_are_not_credits(line: str) -> None:
    text = f"Talks resumed on Monday in Geneva.\n{line}\nThe envoys met again.\n"
    assert clean_plain_text(text).removed == []


def test_agency_credit_in_its_own_case_is_a_caption() -> None:
    text = (
        "Talks resumed on Monday.\nDelegates arrive at the venue in Geneva (EPA)\nThe envoys met.\n"
    )
    assert [r.reason for r in clean_plain_text(text).removed] == ["caption"]


@pytest.mark.parametrize(
    "heading", ["TIP-INS", "Tip-offs and leaks in the talks", "Tips-and-tricks"]
)
def test_headings_that_start_with_tip_are_not_contact_lines(heading: str) -> None:
    text = f"The ministry denied the report.\n{heading}\nThe leak came from a junior official.\n"
    assert clean_plain_text(text).removed == []


def test_tips_label_with_a_colon_or_spaced_dash_is_contact() -> None:
    for line in ("Tips: send them to the newsdesk", "Tips - send them to the newsdesk"):
        text = f"The ministry denied the report.\n{line}\nThe leak came from a junior official.\n"
        assert [r.reason for r in clean_plain_text(text).removed] == ["contact"]


def test_read_more_links_embeds_and_platform_footers_are_removed() -> None:
    text = (
        "The delegations met for six hours and agreed to meet again next month.\n"
        "Negotiators described the mood as businesslike: pic.twitter.com/Ab12Cd34Ef\n"
        "— Jane Reporter (@janereporter) April 7, 2025\n"
        "Both sides said the talks would continue in Istanbul.\n"
        "Continue reading\n"
        "Follow us: Example News\n"
        "Comments are closed.\n"
    )
    result = clean_plain_text(text)
    assert result.text == (
        "The delegations met for six hours and agreed to meet again next month.\n"
        "Both sides said the talks would continue in Istanbul.\n"
    )
    assert [r.reason for r in result.removed] == [
        "embed",
        "embed",
        "read-more",
        "share-links",
        "blog-footer",
    ]


def test_a_sentence_that_mentions_reading_more_is_kept() -> None:
    text = "Talks resumed.\nRead more carefully, the draft gives Moscow a veto over the force.\n"
    assert clean_plain_text(text).removed == []

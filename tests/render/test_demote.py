"""Policy headings in the Markdown binder sit below the policy's own `### POL-…` heading."""

from __future__ import annotations

from soc2flow.render.text import demote_headings, markdown_block


def test_headings_move_down_and_never_past_level_six() -> None:
    text = "# Title\nIntro\n\nSetext\n------\n\n### Deep\n\n#### Deeper\nbody\n"
    assert demote_headings(text, 3) == (
        "#### Title\nIntro\n\n##### Setext\n\n###### Deep\n\n**Deeper**\n\nbody\n"
    )


def test_code_blocks_are_not_headings() -> None:
    text = "# Real\n\n```\n# not a heading\n```\n"
    assert demote_headings(text, 2) == "### Real\n\n```\n# not a heading\n```\n"


def test_markdown_block_demotes_plain_markdown_only() -> None:
    assert markdown_block("# Policy\n\ntext", 3) == "#### Policy\n\ntext"
    fenced = markdown_block("# Policy\n\n<script>x</script>", 3)
    assert "# Policy" in fenced and "#### Policy" not in fenced and fenced.endswith("```")

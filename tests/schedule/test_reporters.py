"""Exact output of every `due` format for a fixed report."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from soc2flow.reporters.due import fold, ics_text, render, summary, uid_of
from soc2flow.schedule.items import FIELDS, DueItem, DueReport

REPORT = DueReport(
    date(2026, 4, 10),
    (
        DueItem(
            "AC-01",
            "control-execution",
            "Quarterly user access review",
            "bob",
            date(2026, 4, 7),
            "overdue",
            -3,
            "2026-Q1",
            date(2025, 12, 20),
            ("carol",),
            "controls/AC-01.yaml",
        ),
        DueItem(
            "POL-ACCESS",
            "policy-review",
            "Access, review; a|b\\c",
            "alice",
            date(2026, 4, 20),
            "due-soon",
            10,
            None,
            None,
            (),
            "policies/access-control.md",
        ),
    ),
)
EMPTY = DueReport(date(2026, 4, 10))


def test_json_has_exactly_the_spec_fields_in_order() -> None:
    data = json.loads(render("json", REPORT))
    assert list(data) == ["as_of", "items"]
    assert [list(item) for item in data["items"]] == [list(FIELDS)] * 2
    assert data["items"][0] == {
        "id": "AC-01",
        "kind": "control-execution",
        "title": "Quarterly user access review",
        "owner": "bob",
        "due": "2026-04-07",
        "status": "overdue",
        "days": -3,
        "period": "2026-Q1",
        "last": "2025-12-20",
        "escalate_to": ["carol"],
        "source": "controls/AC-01.yaml",
    }
    assert data["items"][1]["period"] is None and data["items"][1]["last"] is None
    assert render("json", EMPTY) == '{\n  "as_of": "2026-04-10",\n  "items": []\n}\n'


def test_csv() -> None:
    assert render("csv", REPORT) == (
        "id,kind,title,owner,due,status,days,period,last,escalate_to,source\n"
        "AC-01,control-execution,Quarterly user access review,bob,2026-04-07,overdue,-3,"
        "2026-Q1,2025-12-20,carol,controls/AC-01.yaml\n"
        'POL-ACCESS,policy-review,"Access, review; a|b\\c",alice,2026-04-20,due-soon,10,,,,'
        "policies/access-control.md\n"
    )


def test_ics() -> None:
    text = render("ics", REPORT)
    uid1, uid2 = uid_of(REPORT.items[0]), uid_of(REPORT.items[1])
    assert text == (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//soc2flow//soc2flow 0.1.0//EN\r\n"
        "CALSCALE:GREGORIAN\r\nX-WR-CALNAME:soc2flow: what is due\r\n"
        f"BEGIN:VTODO\r\nUID:{uid1}\r\nDTSTAMP:20260410T000000Z\r\nDUE;VALUE=DATE:20260407\r\n"
        "SUMMARY:AC-01 control-execution 2026-Q1: Quarterly user access review\r\n"
        "DESCRIPTION:control-execution of AC-01 2026-Q1: Quarterly user access revie\r\n"
        " w\\nOwner: bob. Status: overdue (-3 days).\\nSource: controls/AC-01.yaml\\nEs\r\n"
        " calate to: carol\r\nCATEGORIES:control-execution\r\nSTATUS:NEEDS-ACTION\r\nEND:VTODO\r\n"
        f"BEGIN:VTODO\r\nUID:{uid2}\r\nDTSTAMP:20260410T000000Z\r\nDUE;VALUE=DATE:20260420\r\n"
        "SUMMARY:POL-ACCESS policy-review: Access\\, review\\; a|b\\\\c\r\n"
        "DESCRIPTION:policy-review of POL-ACCESS: Access\\, review\\; a|b\\\\c\\nOwner: a\r\n"
        " lice. Status: due-soon (10 days).\\nSource: policies/access-control.md\r\n"
        "CATEGORIES:policy-review\r\nSTATUS:NEEDS-ACTION\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
    assert render("ics", REPORT) == text  # stable across runs
    assert max(len(line.encode()) for line in text.split("\r\n")) == 75


def test_ics_uid_is_stable_and_distinguishes_periods() -> None:
    item = REPORT.items[0]
    assert uid_of(item) == uid_of(replace(item, days=-40, status="overdue", last=None, source="x"))
    assert uid_of(replace(item, period="2026-Q2")) != uid_of(item)
    pending = replace(item, kind="approval-pending", period=None)
    assert uid_of(pending) != uid_of(replace(pending, owner="carol"))


def test_ics_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 60
    folded = fold(line).split("\r\n ")
    assert all(len(part.encode()) <= 75 for part in folded)
    assert "".join(folded) == line
    assert ics_text("a\nb,c;d\\") == "a\\nb\\,c\\;d\\\\"


def test_markdown_digest_per_owner() -> None:
    assert render("markdown", REPORT, names={"bob": "Bob Stone"}) == (
        "# What is due as of 2026-04-10\n\n1 overdue, 1 due soon, 0 ok.\n\n"
        "## Bob Stone (`bob`): 1 overdue, 0 due soon, 0 ok\n\n"
        "| status | due | days | kind | item | period | escalate to |\n"
        "|---|---|---|---|---|---|---|\n"
        "| overdue | 2026-04-07 | -3 | control-execution | **AC-01** Quarterly user access review"
        " | 2026-Q1 | carol |\n\n"
        "## `alice`: 0 overdue, 1 due soon, 0 ok\n\n"
        "| status | due | days | kind | item | period | escalate to |\n"
        "|---|---|---|---|---|---|---|\n"
        "| due-soon | 2026-04-20 | 10 | policy-review | **POL-ACCESS** Access, review; a\\|b\\\\c"
        " |  |  |\n"
    )
    assert render("markdown", EMPTY) == "# What is due as of 2026-04-10\n\nNothing is due.\n"


def test_table_summary_first_then_items_by_urgency() -> None:
    assert render("table", REPORT, color=False, width=80) == (
        "What is due as of 2026-04-10: 2 items, 1 overdue, 1 due soon, 0 ok\n"
        "\n"
        " kind                overdue   due soon   ok   total\n"
        " ───────────────────────────────────────────────────\n"
        " policy-review             -          1    -       1\n"
        " control-execution         1          -    -       1\n"
        "\n"
        "Overdue\n"
        "\n"
        " due         days  kind               item                     owner → escalate\n"
        " ──────────────────────────────────────────────────────────────────────────────\n"
        " 2026-04-07    -3  control-execution  AC-01 2026-Q1:           bob → carol\n"
        "                                      Quarterly user access\n"
        "                                      review\n"
        "\n"
        "Due soon\n"
        "\n"
        " due         days  kind               item                             owner\n"
        " ──────────────────────────────────────────────────────────────────────────────\n"
        " 2026-04-20    10  policy-review      POL-ACCESS: Access, review;      alice\n"
        "                                      a|b\\c\n"
        "\n"
    )
    coloured = render("table", REPORT, color=True, width=120)
    assert "31mOverdue\x1b[0m" in coloured and "31moverdue\x1b[0m" in coloured
    assert render("table", EMPTY) == "Nothing is due as of 2026-04-10.\n"


def test_table_collapses_approval_pending_and_counts_what_is_not_due() -> None:
    pending = [
        replace(REPORT.items[1], kind="approval-pending", owner=who, status="overdue", days=-2)
        for who in ("carol", "dave", "carol")
    ]
    later = replace(REPORT.items[0], status="ok", days=40, title="Later\x1b[31m\x07 one")
    report = DueReport(date(2026, 4, 10), (*pending, later))
    text = render("table", report, width=100)
    assert text.count("approval-pending") == 2  # the summary row and one item row
    assert " approval-pending (1 change)         3          -    -       3" in text
    row = next(line for line in text.splitlines() if "approval-pending" in line and "POL" in line)
    assert row.endswith("POL-ACCESS: Access, review; a|b\\c                  carol, dave")
    assert text.endswith("\n1 more item is not due yet; soc2flow due --all lists them.\n")
    everything = render("table", report, width=100, everything=True)
    assert "Not due yet" in everything and "AC-01 2026-Q1: Later[31m one" in everything
    assert "\x1b" not in everything and "\x07" not in everything


def test_summary() -> None:
    assert summary(REPORT) == "2 items due as of 2026-04-10: 1 overdue, 1 due soon, 0 ok\n"
    assert summary(DueReport(date(2026, 4, 10), REPORT.items[:1])).startswith("1 item due ")


@pytest.mark.parametrize("width", [60, 45])
def test_table_on_a_narrow_terminal_folds_every_column_evenly(width: int) -> None:
    """Too narrow for the columns' minimums, every column folds: nothing is cut off and no
    column is squeezed to one character (one letter per line)."""
    wide = render("table", REPORT, color=False, width=200)
    text = render("table", REPORT, color=False, width=width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert sum(ch.isalnum() for ch in text) == sum(ch.isalnum() for ch in wide)
    assert not [line for line in lines if len(line.strip()) == 1]

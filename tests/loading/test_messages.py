"""What the loader says about a broken file, and where: messages people can act on."""

from __future__ import annotations

from soc2flow.diagnostics import Diagnostic
from soc2flow.loading import load_repository
from tests.loading.test_loader_never_crashes import MemorySource

CONFIG = b"organization: Example Corp\npeople:\n  - {id: bob, name: Bob}\n"


def _findings(path: str, text: str) -> list[tuple[str, int, int, str]]:
    loaded = load_repository(MemorySource({"soc2flow.yaml": CONFIG, path: text.encode()}))
    return [(d.rule, d.line, d.column, d.message) for d in loaded.diagnostics]


def test_unknown_key_suggests_the_known_one() -> None:
    found = _findings("controls/AC-01.yaml", "id: AC-01\ntitle: T\nownr: bob\ncadence: monthly\n")
    assert found == [
        ("key-missing", 1, 1, "required key 'owner' is missing"),
        ("key-unknown", 3, 1, "unknown key 'ownr'; did you mean 'owner'?"),
    ]


def test_unknown_key_without_a_close_match_mentions_x_keys() -> None:
    found = _findings(
        "controls/AC-01.yaml", "id: AC-01\ntitle: T\nowner: bob\ncadence: monthly\nticket: 1\n"
    )
    assert found == [("key-unknown", 5, 1, "unknown key 'ticket' (custom keys start with 'x-')")]


def test_policy_positions_count_the_front_matter_lines() -> None:
    text = "---\nid: POL-A\ntitle: A\nowner: bob\nreviewed: 2026-02-30\n---\n# A\n"
    assert _findings("policies/a.md", text) == [
        ("date-invalid", 5, 1, "reviewed: '2026-02-30' is not a real calendar date"),
    ]


def test_nested_error_points_at_the_list_item() -> None:
    text = (
        "control: AC-01\nperformed: 2026-03-01\nperformed_by: bob\nresult: pass\nfiles:\n"
        "  - {path: a.csv, evidence: e, sha256: abc}\n"
    )
    [(rule, line, column, message)] = _findings("evidence/AC-01/2026-03-01/record.yaml", text)
    assert (rule, line, column) == ("schema-invalid", 6, 32)
    assert message.startswith("files[0].sha256: String should match pattern")


def test_syntax_error_names_where_the_construct_started() -> None:
    found = _findings("controls/AC-01.yaml", "id: AC-01\nowner: [bob\ncadence: monthly\n")
    assert found == [
        (
            "yaml-invalid",
            3,
            8,
            "invalid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence that starts at line 2, column 8)",
        )
    ]


def test_crlf_and_bom_are_read() -> None:
    text = "\ufeff---\r\nid: POL-A\r\ntitle: A\r\nowner: bob\r\nownr: x\r\n---\r\n# A\r\n"
    assert _findings("policies/a.md", text) == [
        ("key-unknown", 5, 1, "unknown key 'ownr'; did you mean 'owner'?"),
    ]


def test_every_broken_file_is_reported() -> None:
    files = {
        "soc2flow.yaml": CONFIG,
        "controls/A.yaml": b"id: A\n",
        "controls/B.yaml": b"- not a mapping\n",
        "controls/C.yaml": b"id: C\nid: C\n",
        "exceptions/E.yaml": b"\xff\xfe",
    }
    loaded = load_repository(MemorySource(files))
    assert sorted({d.path for d in loaded.diagnostics}) == sorted(set(files) - {"soc2flow.yaml"})
    assert all(isinstance(d, Diagnostic) for d in loaded.diagnostics)


def test_hostile_structures_are_findings() -> None:
    deep = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    # Which limit trips first depends on the PyYAML build: ours (64 levels) or the
    # nesting limit newer libyaml builds carry (1,000 levels); both are one finding.
    [(rule, line, column, _)] = _findings("controls/AC-01.yaml", deep)
    assert (rule, line) == ("yaml-invalid", 1)
    assert column in (4 + 63, 4 + 999)
    cases = {
        "a: 1\n---\nb: 2\n": ("yaml-invalid", 2, 1),
        "? [a]\n: b\n": ("yaml-invalid", 1, 3),
        "a: !!set {x}\n": ("yaml-invalid", 1, 4),
        "a: &x [1, 2]\nb: *x\n": ("yaml-alias", 2, 4),
        "a: {<<: {b: 1}}\n": ("yaml-alias", 1, 5),
    }
    for text, expected in cases.items():
        [(rule, line, column, _)] = _findings("controls/AC-01.yaml", text)
        assert (rule, line, column) == expected, text[:20]


def test_plain_scalars_keep_their_yaml_types_and_dates_stay_text() -> None:
    from soc2flow.loading.yamlfile import parse

    data, positions = parse("a: 0x1F\nb: 1_000\nc: ~\nd: yes\ne: 2026-01-01\n'f': '7'\n1: x\n")
    assert data == {"a": 31, "b": 1000, "c": None, "d": True, "e": "2026-01-01", "f": "7", "1": "x"}
    assert positions.at(("e",)) == (5, 1)

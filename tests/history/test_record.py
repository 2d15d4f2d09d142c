"""``soc2flow approvals record``: GitHub reviews into refs/notes/soc2flow, read back as approvals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from soc2flow.domain.judging import Version
from soc2flow.history import load_history
from soc2flow.history.approvals import item_versions
from soc2flow.loading import WorkTree, load_repository
from tests.conftest import GitRepo, run_cli
from tests.history.conftest import merge_pr, on_branch, policy, review, reviews_json


def pr_with_two_heads(repo: GitRepo) -> tuple[str, str, str]:
    """A PR whose branch got a second commit after a first review; returns (old, head, merge)."""
    on_branch(repo, "edit")
    repo.write("policies/access.md", policy(body="v2"))
    old = repo.commit("Edit the policy", author="bob", date="2026-02-01T10:00:00")
    repo.write("policies/access.md", policy(body="v3"))
    head = repo.commit("Address review", author="bob", date="2026-02-01T12:00:00")
    merge = merge_pr(repo, 12, "edit", by="bob", date="2026-02-02T10:00:00")
    return old, head, merge


def note(repo: GitRepo, commit: str) -> list[dict[str, Any]]:
    text = repo.git("notes", "--ref=refs/notes/soc2flow", "show", commit)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def newest_version(repo: GitRepo) -> Version:
    versions = item_versions(load_repository(WorkTree(repo.root)).repo, load_history(repo.root))
    return versions["POL-ACCESS"][0]


def test_record_keeps_stale_and_non_approving_reviews_out(compliance: GitRepo) -> None:
    old, head, merge = pr_with_two_heads(compliance)
    payload = reviews_json(
        review("daver", "APPROVED", old, "2026-02-01T11:00:00Z", 1),
        review("carol-d", "COMMENTED", head, "2026-02-01T12:30:00Z", 2),
        review("carol-d", "APPROVED", head, "2026-02-01T13:00:00Z", 3),
        review("alice-ng", "APPROVED", head, "2026-02-01T13:10:00Z", 4),
        review("alice-ng", "CHANGES_REQUESTED", head, "2026-02-01T13:20:00Z", 5),
    )
    result = run_cli("approvals", "record", cwd=compliance.root, stdin=payload)
    assert result.code == 0, result.stderr
    assert "recorded 1 approval(s) of PR #12" in result.stdout
    assert "daver" in result.stderr and "stale" in result.stderr
    assert "alice-ng's latest review is CHANGES_REQUESTED" in result.stderr
    [line] = note(compliance, merge)
    assert line["head"] == head and line["pr"] == 12 and line["merge"] == merge
    assert [a["login"] for a in line["approvals"]] == ["carol-d"]
    assert [a["login"] for a in line["stale"]] == ["daver"]

    version = newest_version(compliance)
    assert [(a.who, a.provenance, a.commit) for a in version.approvals] == [
        ("carol", "pr-review", merge)
    ]
    assert version.approved


def test_record_appends_and_never_loses_an_earlier_note(
    compliance: GitRepo, tmp_path: Path
) -> None:
    _, head, merge = pr_with_two_heads(compliance)
    compliance.git("notes", "--ref=refs/notes/soc2flow", "add", "-m", "hand-written remark", merge)
    first = tmp_path / "first.json"
    first.write_text(reviews_json(review("carol-d", "APPROVED", head, "2026-02-01T13:00:00Z")))
    assert (
        run_cli(
            "approvals", "record", "--reviews", str(first), "--merge", merge, cwd=compliance.root
        ).code
        == 0
    )
    again = run_cli(
        "approvals", "record", "--reviews", str(first), "--merge", merge, cwd=compliance.root
    )
    assert "already recorded" in again.stdout
    second = tmp_path / "second.json"
    second.write_text(reviews_json(review("daver", "APPROVED", head, "2026-02-01T14:00:00Z")))
    assert run_cli("approvals", "record", "--reviews", str(second), cwd=compliance.root).code == 0
    text = compliance.git("notes", "--ref=refs/notes/soc2flow", "show", merge).splitlines()
    assert text[0] == "hand-written remark"
    assert len([x for x in text if x.startswith("{")]) == 2
    version = newest_version(compliance)
    assert sorted(a.who for a in version.approvals) == ["carol", "dave"]
    assert "note-invalid" in version.findings  # the hand-written line is reported, not fatal


def test_squash_merge_needs_head(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy(body="squashed"))
    squash = compliance.commit("Edit the policy (#40)", author="bob", date="2026-02-01T10:00:00")
    payload = reviews_json(review("carol-d", "APPROVED", "a" * 40, "2026-02-01T13:00:00Z"))
    refused = run_cli("approvals", "record", cwd=compliance.root, stdin=payload)
    assert refused.code == 2
    assert "--head" in refused.stderr
    done = run_cli("approvals", "record", "--head", "a" * 40, cwd=compliance.root, stdin=payload)
    assert done.code == 0, done.stderr
    assert "PR #40" in done.stdout
    assert note(compliance, squash)[0]["head"] == "a" * 40
    assert newest_version(compliance).approved


def test_bad_review_json_is_one_sentence(compliance: GitRepo) -> None:
    for payload in ("{not json", '{"state": "APPROVED"}', '[{"user": {"login": "x"}}]', "[1]"):
        result = run_cli(
            "approvals", "record", "--head", "b" * 40, cwd=compliance.root, stdin=payload
        )
        assert result.code == 2, payload
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    missing = run_cli("approvals", "record", "--reviews", "nope.json", cwd=compliance.root)
    assert missing.code == 2 and "nope.json" in missing.stderr


def test_malformed_note_is_a_finding_not_a_crash(compliance: GitRepo) -> None:
    _, _, merge = pr_with_two_heads(compliance)
    compliance.git("notes", "--ref=refs/notes/soc2flow", "add", "-m", '{"head": [', merge)
    result = run_cli("history", "POL-ACCESS", "--format", "json", cwd=compliance.root)
    assert result.code == 0, result.stderr
    assert "note-invalid" in json.loads(result.stdout)["versions"][0]["findings"]


def test_note_of_a_head_that_was_not_merged_is_ignored(compliance: GitRepo) -> None:
    old, _, merge = pr_with_two_heads(compliance)
    line = json.dumps(
        {"soc2flow": 1, "head": old, "approvals": [{"login": "carol-d", "commit_id": old}]}
    )
    compliance.git("notes", "--ref=refs/notes/soc2flow", "add", "-m", line, merge)
    version = newest_version(compliance)
    assert version.approvals == ()
    assert "note-invalid" in version.findings


def test_unknown_merge_commit(compliance: GitRepo) -> None:
    result = run_cli("approvals", "record", "--merge", "nope", cwd=compliance.root, stdin="[]")
    assert result.code == 2
    assert "--merge 'nope' does not name a commit" in result.stderr

"""Attacks on approvals (SPEC §7.6), each made as an attacker would make it, and caught.

Real repositories, real SSH signatures with throwaway keys, real notes written by
``soc2flow approvals record`` and then moved or edited with ``git notes``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from soc2flow.domain.judging import Version
from soc2flow.history import load_history
from soc2flow.history.approvals import item_versions
from soc2flow.loading import WorkTree, load_repository
from tests.conftest import GitRepo, run_cli
from tests.history.conftest import (
    allowed_signers,
    amend_root,
    control,
    merge_pr,
    on_branch,
    policy,
    review,
    reviews_json,
    signed_commit,
)

NOTES = "--ref=refs/notes/soc2flow"


def versions(repo: GitRepo, item: str) -> list[Version]:
    history = load_history(repo.root, use_cache=False)
    return item_versions(load_repository(WorkTree(repo.root)).repo, history)[item]


def findings(repo: GitRepo) -> list[dict[str, Any]]:
    result = run_cli("validate", "--format", "json", cwd=repo.root)
    found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return found


def signed_merge(repo: GitRepo, number: int, branch: str, key: Path, trailer: str, by: str) -> str:
    repo.git("checkout", "-q", "main")
    repo.git(
        "-c", "gpg.format=ssh", "-c", f"user.signingkey={key}",
        "merge", "-q", "--no-ff", "-S", "-m",
        f"Merge pull request #{number} from org/{branch}\n\nApproved-by: {trailer}",
        branch, author=by, date="2026-02-02T10:00:00",
    )  # fmt: skip
    return repo.git("rev-parse", "HEAD").strip()


# -- signers ----------------------------------------------------------------------------


def test_a_key_added_in_the_pull_request_it_signs_does_not_verify(
    compliance: GitRepo, ssh_keys: dict[str, Path]
) -> None:
    # bob's branch trusts bob's key as carol, then bob merges it signed "as carol"
    on_branch(compliance, "sneak")
    public = ssh_keys["bob"].with_suffix(".pub").read_text().split()
    compliance.write(".soc2flow/allowed_signers", f"carol@example.com {public[0]} {public[1]}\n")
    compliance.write("policies/access.md", policy(body="weakened"))
    compliance.commit("Edit", author="bob", date="2026-02-01T10:00:00")
    signed_merge(compliance, 7, "sneak", ssh_keys["bob"], "Carol Diaz <carol@example.com>", "bob")
    [approval] = versions(compliance, "POL-ACCESS")[0].approvals
    assert (approval.who, approval.provenance) == ("carol", "trailer")
    rules = {f["rule"] for f in findings(compliance)}
    assert "governance-unapproved" in rules


def test_a_key_added_later_does_not_make_an_older_signature_count(
    compliance: GitRepo, ssh_keys: dict[str, Path]
) -> None:
    on_branch(compliance, "edit")
    compliance.write("policies/access.md", policy(body="v2"))
    compliance.commit("Edit", author="bob", date="2026-02-01T10:00:00")
    signed_merge(
        compliance, 5, "edit", ssh_keys["carol"], "Carol Diaz <carol@example.com>", "carol"
    )
    compliance.write(".soc2flow/allowed_signers", allowed_signers(ssh_keys, "carol"))
    compliance.commit("Trust carol's key", date="2026-03-01T10:00:00")
    [approval] = versions(compliance, "POL-ACCESS")[0].approvals
    assert approval.provenance == "trailer"


def test_a_signed_merge_of_others_commits_approves(
    compliance: GitRepo, ssh_keys: dict[str, Path]
) -> None:
    compliance.write(".soc2flow/allowed_signers", allowed_signers(ssh_keys, "carol"))
    amend_root(compliance)
    on_branch(compliance, "edit")
    compliance.write("controls/AC-01.yaml", control().replace("medium", "high"))
    compliance.commit("Raise", author="bob", date="2026-02-01T10:00:00")
    signed_merge(
        compliance, 5, "edit", ssh_keys["carol"], "Carol Diaz <carol@example.com>", "carol"
    )
    version = versions(compliance, "AC-01")[0]
    assert [(a.who, a.provenance, a.counted) for a in version.approvals] == [
        ("carol", "signed", True)
    ]


def test_signing_your_own_direct_commit_is_not_an_approval(
    compliance: GitRepo, ssh_keys: dict[str, Path]
) -> None:
    compliance.write(".soc2flow/allowed_signers", allowed_signers(ssh_keys, "carol"))
    amend_root(compliance)
    compliance.write("policies/access.md", policy(body="carol's own change"))
    signed_commit(
        compliance, "Edit\n\nApproved-by: Carol Diaz <carol@example.com>", ssh_keys["carol"],
        author="bob", date="2026-02-01T10:00:00",
    )  # fmt: skip
    version = versions(compliance, "POL-ACCESS")[0]
    assert not version.approved
    assert "carol" in version.authors
    assert "self-approval" in version.findings


# -- governance -------------------------------------------------------------------------


def test_an_unapproved_config_edit_changes_nothing(compliance: GitRepo) -> None:
    text = (compliance.root / "soc2flow.yaml").read_text()
    compliance.write(
        "soc2flow.yaml",
        text.replace("medium: {approvals: 1}", "medium: {approvals: 0}").replace(
            "independent: true", "independent: false"
        ),
    )
    compliance.commit("Tune settings", author="bob", date="2026-02-01T10:00:00")
    compliance.write("policies/access.md", policy(body="nobody approved this"))
    compliance.commit("Edit", author="bob", date="2026-02-02T10:00:00")
    newest = versions(compliance, "POL-ACCESS")[0]
    assert not newest.approved  # still judged by approvals: 1, independent: true
    found = [f for f in findings(compliance) if f["rule"] == "governance-unapproved"]
    assert [f["path"] for f in found] == ["soc2flow.yaml"]
    assert found[0]["severity"] == "warning"
    # history, due and validate agree: the change waits for the governor (carol, the lead)
    history = run_cli("history", "soc2flow.yaml", "--format", "json", cwd=compliance.root)
    assert history.code == 0, history.stderr
    change, root = json.loads(history.stdout)["versions"]
    assert not change["approved"] and change["findings"][0] == "governance-unapproved"
    assert root["approved"]  # the root of trust
    due = run_cli("due", "--format", "json", "--as-of", "2026-02-20", cwd=compliance.root)
    pending = [
        (i["owner"], i["due"])
        for i in json.loads(due.stdout)["items"]
        if i["id"] == "soc2flow.yaml" and i["kind"] == "approval-pending"
    ]
    assert pending == [("carol", "2026-02-01")]
    binder = compliance.root.parent / "binder.md"
    made = run_cli(
        "binder", "--period", "2026-01-01..2026-03-31", "--format", "md", "--out", str(binder),
        cwd=compliance.root,
    )  # fmt: skip
    assert made.code == 0, made.stderr
    text = binder.read_text()
    assert "Root of trust: soc2flow.yaml as first committed in" in text
    assert "Not in force: soc2flow.yaml changed in" in text


# -- terms ------------------------------------------------------------------------------


def test_an_unapproved_change_of_approvers_gives_no_rights(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy().replace("[carol, dave]", "[bob]"))
    compliance.commit("Let bob approve", author="bob", date="2026-02-01T10:00:00")
    compliance.write("policies/access.md", policy(body="x").replace("[carol, dave]", "[bob]"))
    compliance.commit(
        "Edit\n\nApproved-by: Bob Stone <bob@example.com>",
        author="alice",
        date="2026-02-02T10:00:00",
    )
    assert not versions(compliance, "POL-ACCESS")[0].approved


def test_deleting_and_adding_again_keeps_the_terms_and_the_history(compliance: GitRepo) -> None:
    compliance.git("rm", "-q", "policies/access.md")
    compliance.commit("Remove", author="bob", date="2026-02-01T10:00:00")
    compliance.write("policies/access.md", policy().replace("[carol, dave]", "[bob]"))
    compliance.commit(
        "Add again\n\nApproved-by: Bob Stone <bob@example.com>",
        author="alice",
        date="2026-02-02T10:00:00",
    )
    found = versions(compliance, "POL-ACCESS")
    assert len(found) == 2  # the first version carries over
    assert found[-1].date.date().isoformat() == "2026-01-05"
    assert not found[0].approved


# -- provenance and identity -------------------------------------------------------------


def test_an_unsigned_trailer_does_not_approve_a_high_control(compliance: GitRepo) -> None:
    high = "criticality: high\napprovers: [carol, dave]"
    compliance.write("controls/AC-01.yaml", control().replace("criticality: medium", high))
    amend_root(compliance)
    compliance.write(
        "controls/AC-01.yaml", control(title="Weaker").replace("criticality: medium", high)
    )
    compliance.commit(
        "Edit\n\nApproved-by: Carol Diaz <carol@example.com>\nApproved-by: Dave Ruiz <dave@example.com>",
        author="bob", date="2026-02-01T10:00:00",
    )  # fmt: skip
    version = versions(compliance, "AC-01")[0]
    assert not version.approved
    assert {a.why for a in version.approvals} == {"asserted, not counted"}
    history = run_cli("history", "AC-01", "--format", "json", cwd=compliance.root)
    latest = json.loads(history.stdout)["versions"][0]
    assert [a["counted"] for a in latest["approvals"]] == [False, False]
    text = run_cli("history", "AC-01", cwd=compliance.root).stdout
    assert "carol (trailer): asserted, not counted" in text
    shown = run_cli("show", "AC-01", "--as-of", "2026-02-02", cwd=compliance.root).stdout
    assert "asserted, not counted" in shown and "dave (trailer)" in shown


def test_a_name_or_an_unknown_email_is_nobody(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy(body="v2"))
    compliance.commit(
        "Edit\n\nApproved-by: Carol Diaz <carol@evil.example>\nApproved-by: dave",
        author="bob",
        date="2026-02-01T10:00:00",
    )
    version = versions(compliance, "POL-ACCESS")[0]
    assert not version.approved
    assert sorted(a.who for a in version.approvals) == ["Carol Diaz <carol@evil.example>", "dave"]


def test_a_github_login_must_match_exactly(compliance: GitRepo) -> None:
    # carol's login is carol-d; the unrelated GitHub user "carol" is not carol
    on_branch(compliance, "edit")
    compliance.write("policies/access.md", policy(body="v2"))
    head = compliance.commit("Edit", author="bob", date="2026-02-01T10:00:00")
    merge_pr(compliance, 12, "edit", by="bob", date="2026-02-02T10:00:00")
    payload = reviews_json(review("carol", "APPROVED", head, "2026-02-01T13:00:00Z"))
    assert run_cli("approvals", "record", cwd=compliance.root, stdin=payload).code == 0
    version = versions(compliance, "POL-ACCESS")[0]
    assert not version.approved
    assert [(a.who, a.counted) for a in version.approvals] == [("carol", False)]


# -- recorded reviews --------------------------------------------------------------------


def recorded_pr(repo: GitRepo) -> tuple[str, str]:
    """A PR #12 by bob, approved by carol-d in a note that ``approvals record`` wrote."""
    on_branch(repo, "edit")
    repo.write("policies/access.md", policy(body="v2"))
    head = repo.commit("Edit", author="bob", date="2026-02-01T10:00:00")
    merge = merge_pr(repo, 12, "edit", by="bob", date="2026-02-02T10:00:00")
    payload = reviews_json(review("carol-d", "APPROVED", head, "2026-02-01T13:00:00Z"))
    assert run_cli("approvals", "record", cwd=repo.root, stdin=payload).code == 0
    return head, merge


def test_a_review_note_moved_to_a_direct_commit_does_not_count(compliance: GitRepo) -> None:
    _, merge = recorded_pr(compliance)
    compliance.write("policies/access.md", policy(body="pushed straight to main"))
    direct = compliance.commit("Edit", author="bob", date="2026-02-03T10:00:00")
    compliance.git("notes", NOTES, "copy", merge, direct)
    version = versions(compliance, "POL-ACCESS")[0]
    assert version.commit == direct
    assert version.approvals == ()
    assert "note-invalid" in version.findings
    assert "note-invalid" in {f["rule"] for f in findings(compliance)}


def test_a_review_note_moved_to_a_branch_commit_is_reported(compliance: GitRepo) -> None:
    head, merge = recorded_pr(compliance)
    compliance.git("notes", NOTES, "copy", merge, head)
    compliance.git("notes", NOTES, "remove", merge)
    assert versions(compliance, "POL-ACCESS")[0].approvals == ()
    found = [f for f in findings(compliance) if f["rule"] == "note-invalid"]
    assert any(head[:12] in f["message"] for f in found)


def test_a_huge_note_is_invalid_and_approves_nothing(compliance: GitRepo, tmp_path: Path) -> None:
    head, merge = recorded_pr(compliance)
    compliance.git("notes", NOTES, "remove", merge)
    line = json.dumps({"head": head, "approvals": [{"login": "carol-d", "commit_id": head}]})
    big = tmp_path / "note.jsonl"
    big.write_text(line + "\n" + "x" * (20 << 20) + "\n")  # 20 MB, still approving before
    compliance.git("notes", NOTES, "add", "-F", str(big), merge)
    version = versions(compliance, "POL-ACCESS")[0]
    assert version.approvals == ()
    assert "note-invalid" in version.findings
    assert any("1 MiB" in m for m in version.messages)


# -- what git is told to pretend ---------------------------------------------------------


def test_a_replacement_commit_is_ignored(compliance: GitRepo, tmp_path: Path) -> None:
    compliance.write("policies/access.md", policy(body="v2"))
    real = compliance.commit("Edit", author="bob", date="2026-02-01T10:00:00")
    raw = compliance.git("cat-file", "commit", real)
    forged = tmp_path / "forged"
    forged.write_text(
        raw.replace("\nEdit\n", "\nEdit\n\nApproved-by: Carol Diaz <carol@example.com>\n")
    )
    fake = compliance.git("hash-object", "-t", "commit", "-w", str(forged))
    compliance.git("replace", real, fake.strip())
    assert "Approved-by" in compliance.git("log", "-1", "--format=%B")  # git itself is fooled
    assert versions(compliance, "POL-ACCESS")[0].approvals == ()


def test_grafts_are_ignored(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy(body="v2"))
    head = compliance.commit("Edit", author="bob", date="2026-02-01T10:00:00")
    (compliance.root / ".git" / "info").mkdir(exist_ok=True)
    (compliance.root / ".git" / "info" / "grafts").write_text(head + "\n")  # "no parents"
    assert len(versions(compliance, "POL-ACCESS")) == 2


def test_a_forged_history_cache_does_not_reach_the_binder(
    compliance: GitRepo, tmp_path: Path
) -> None:
    from dataclasses import replace

    from soc2flow.fileio import wait_for_writes
    from soc2flow.history.cache import cache_path, load, store
    from soc2flow.history.git import locate

    compliance.write("policies/access.md", policy(body="v2"))
    compliance.commit("Edit", author="bob", date="2026-02-01T10:00:00")
    before = tmp_path / "before.md"
    made = run_cli(
        "binder", "--period", "2026-01-01..2026-03-31", "--format", "md", "--out", str(before),
        cwd=compliance.root,
    )  # fmt: skip
    assert made.code == 0, made.stderr
    assert run_cli("history", "POL-ACCESS", cwd=compliance.root).code == 0  # writes the cache
    wait_for_writes()
    path = cache_path(locate(compliance.root))
    cached = load(path)
    assert cached is not None
    trailer = ("Approved-by", "Carol Diaz <carol@example.com>")
    forged = tuple(replace(c, trailers=(*c.trailers, trailer)) for c in cached.commits)
    store(path, replace(cached, commits=forged))
    fooled = json.loads(
        run_cli("history", "POL-ACCESS", "--format", "json", cwd=compliance.root).stdout
    )
    assert fooled["versions"][0]["approved"]  # the cache is trusted as far as .git/ is
    after = tmp_path / "after.md"
    assert run_cli(
        "binder", "--period", "2026-01-01..2026-03-31", "--format", "md", "--out", str(after),
        cwd=compliance.root,
    ).code == 0  # fmt: skip
    assert after.read_bytes() == before.read_bytes()


def sign_notes_tip(repo: GitRepo, key: Path) -> None:
    """Re-make the notes-ref tip as a commit signed with ``key`` (what CI does)."""
    tip = repo.git("rev-parse", "refs/notes/soc2flow").strip()
    parents = [f"-p{p}" for p in repo.git("log", "-1", "--format=%P", tip).split()]
    signed = repo.git(
        "-c", "gpg.format=ssh", "-c", f"user.signingkey={key}",
        "commit-tree", "-S", *parents, "-m", "Record reviews", f"{tip}^{{tree}}",
    ).strip()  # fmt: skip
    repo.git("update-ref", "refs/notes/soc2flow", signed, tip)


def test_with_a_recorder_only_signed_notes_count(
    compliance: GitRepo, ssh_keys: dict[str, Path]
) -> None:
    public = ssh_keys["bob"].with_suffix(".pub").read_text().split()
    compliance.write(".soc2flow/allowed_signers", f"ci@example.com {public[0]} {public[1]}\n")
    text = (compliance.root / "soc2flow.yaml").read_text()
    compliance.write("soc2flow.yaml", text + "  recorder: ci@example.com\n")
    amend_root(compliance)
    _, merge = recorded_pr(compliance)  # written by a hand (or a token) without the key
    [approval] = versions(compliance, "POL-ACCESS")[0].approvals
    assert (approval.who, approval.counted) == ("carol", False)
    assert "recorder" in approval.why
    sign_notes_tip(compliance, ssh_keys["bob"])  # the recorder's key (CI's secret)
    [approval] = versions(compliance, "POL-ACCESS")[0].approvals
    assert (approval.who, approval.counted) == ("carol", True)
    # an edit of the note by someone without the key is unsigned again
    compliance.git("notes", NOTES, "append", "-m", "{}", merge)
    [approval] = versions(compliance, "POL-ACCESS")[0].approvals
    assert not approval.counted


def test_governance_since_trusts_older_changes_only_once_governors_approve_it(
    compliance: GitRepo,
) -> None:
    text = (compliance.root / "soc2flow.yaml").read_text()
    compliance.write("soc2flow.yaml", text.replace("Example Corp", "Example Corporation"))
    compliance.commit("Rename", author="bob", date="2026-02-01T10:00:00")
    since = "  governance_since: 2026-03-01\n"
    compliance.write("soc2flow.yaml", text.replace("Example Corp", "Example Corporation") + since)
    direct = compliance.commit("Trust the past", author="bob", date="2026-03-02T10:00:00")
    rules = [f["rule"] for f in findings(compliance)]
    assert rules.count("governance-unapproved") == 2  # setting it alone is not enough
    on_branch(compliance, "since")
    compliance.write(
        "soc2flow.yaml", text.replace("Example Corp", "Example Corporation") + since + "\n"
    )
    head = compliance.commit("Trust the past, approved", author="bob", date="2026-03-03T10:00:00")
    merge_pr(compliance, 30, "since", by="bob", date="2026-03-04T10:00:00")
    payload = reviews_json(review("carol-d", "APPROVED", head, "2026-03-03T12:00:00Z"))
    assert run_cli("approvals", "record", cwd=compliance.root, stdin=payload).code == 0
    found = [f for f in findings(compliance) if f["rule"] == "governance-unapproved"]
    # the February change is trusted now; the direct commit after the date still is not
    assert [direct[:12] in f["message"] for f in found] == [True]


def test_an_approved_key_change_is_in_force_from_the_next_commit(
    compliance: GitRepo, ssh_keys: dict[str, Path]
) -> None:
    compliance.write(".soc2flow/allowed_signers", allowed_signers(ssh_keys, "carol"))
    amend_root(compliance)
    on_branch(compliance, "keys")  # bob adds his key; carol, the governor, signs the merge
    compliance.write(".soc2flow/allowed_signers", allowed_signers(ssh_keys, "carol", "bob"))
    compliance.commit("Trust bob's key", author="alice", date="2026-02-01T10:00:00")
    signed_merge(
        compliance, 40, "keys", ssh_keys["carol"], "Carol Diaz <carol@example.com>", "carol"
    )
    assert "governance-unapproved" not in {f["rule"] for f in findings(compliance)}
    on_branch(compliance, "edit")
    compliance.write("controls/AC-01.yaml", control(title="Edited"))
    compliance.commit("Edit", author="alice", date="2026-02-03T10:00:00")
    compliance.git("checkout", "-q", "main")
    compliance.git(
        "-c", "gpg.format=ssh", "-c", f"user.signingkey={ssh_keys['bob']}",
        "merge", "-q", "--no-ff", "-S", "-m",
        "Merge pull request #41 from org/edit\n\nApproved-by: Bob Stone <bob@example.com>",
        "edit", author="bob", date="2026-02-04T10:00:00",
    )  # fmt: skip
    [approval] = versions(compliance, "AC-01")[0].approvals
    assert (approval.who, approval.provenance) == ("bob", "signed")

"""Attempts to make an unreviewed change look reviewed in ``soc2flow changes``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import GitRepo, run_cli
from tests.history.conftest import allowed_signers, merge_pr, on_branch, signed_commit
from tests.history.conftest import ssh_keys as ssh_keys

CONFIG = """\
organization: Example Corp
people:
  - {id: bob, name: Bob Stone, email: bob@example.com}
  - {id: carol, name: Carol Diaz, email: carol@example.com}
"""


def population(repo: GitRepo, *args: str) -> list[dict[str, Any]]:
    result = run_cli("changes", "--format", "json", *args, cwd=repo.root)
    assert result.code == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)["changes"]
    return found


def test_author_approving_under_another_email_is_still_the_author(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    config = tmp_path / "soc2flow.yaml"
    config.write_text(
        CONFIG.replace("bob@example.com}", "bob@example.com, github: bobstone}"), encoding="utf-8"
    )
    git_repo.write("a.txt", "1")
    git_repo.commit(
        "Change (#3)\n\nApproved-by: Robert <bobstone@users.noreply.github.com>",
        author="bob",
        date="2026-01-05T10:00:00",
    )
    [change] = population(git_repo, "--config", str(config))
    assert change["approvals"][0]["who"] == "bob"
    assert change["flags"] == ["unreviewed", "self-approved"]
    assert change["independent"] is False


def test_a_signature_on_your_own_direct_commit_is_not_an_approval(
    git_repo: GitRepo, ssh_keys: dict[str, Path], tmp_path: Path
) -> None:
    (tmp_path / "signers").write_text(allowed_signers(ssh_keys, "bob"), encoding="utf-8")
    config = tmp_path / "soc2flow.yaml"
    config.write_text(CONFIG + "approvals: {allowed_signers: signers}\n", encoding="utf-8")
    git_repo.write("a.txt", "1")
    signed_commit(
        git_repo,
        "Direct change\n\nApproved-by: Bob Stone <bob@example.com>",
        ssh_keys["bob"],
        author="bob",
        date="2026-01-05T10:00:00",
    )
    [change] = population(git_repo, "--config", str(config))
    assert change["approvals"] == [
        {"who": "bob", "provenance": "signed", "commit": change["commit"], "counted": False}
    ]
    assert change["flags"] == ["unreviewed", "self-approved", "direct-push"]


def test_a_merge_title_on_a_plain_commit_is_a_direct_push(git_repo: GitRepo) -> None:
    git_repo.write("a.txt", "1")
    git_repo.commit("Merge pull request #9 from org/fake", author="bob")
    [change] = population(git_repo)
    assert change["pr"] is None
    assert "direct-push" in change["flags"]


def test_an_exception_for_another_repository_does_not_mark_this_pr(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    git_repo.write("a.txt", "1")
    git_repo.commit("Start", author="bob", date="2026-01-02T10:00:00")
    on_branch(git_repo, "fix")
    git_repo.write("a.txt", "2")
    git_repo.commit("Fix", author="bob", date="2026-01-03T10:00:00")
    merge_pr(git_repo, 4, "fix", by="carol", date="2026-01-04T10:00:00")
    git_repo.git("remote", "add", "origin", "https://github.com/org/app.git")
    (tmp_path / "exceptions").mkdir()
    (tmp_path / "soc2flow.yaml").write_text(CONFIG, encoding="utf-8")
    emergency = "id: EXC-1\nkind: emergency-change\nchanges: ['{ref}']\n"
    exception = tmp_path / "exceptions" / "EXC-1.yaml"
    exception.write_text(emergency.format(ref="org/other#4"), encoding="utf-8")
    newest = population(git_repo, "--config", str(tmp_path / "soc2flow.yaml"))[0]
    assert newest["pr"] == 4 and "emergency" not in newest["flags"]
    exception.write_text(emergency.format(ref="Org/App#4"), encoding="utf-8")
    newest = population(git_repo, "--config", str(tmp_path / "soc2flow.yaml"))[0]
    assert "emergency" in newest["flags"]


def test_an_approval_by_someone_who_had_left_does_not_count(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    config = tmp_path / "soc2flow.yaml"
    config.write_text(
        CONFIG.replace("carol@example.com}", "carol@example.com, left: 2026-01-04}"),
        encoding="utf-8",
    )
    git_repo.write("a.txt", "1")
    git_repo.commit(
        "Before (#1)\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-01-03T10:00:00",
    )
    git_repo.write("a.txt", "2")
    git_repo.commit(
        "After (#2)\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-01-05T10:00:00",
    )
    after, before = population(git_repo, "--config", str(config))
    assert [a["counted"] for a in before["approvals"]] == [True]
    assert [a["counted"] for a in after["approvals"]] == [False]
    assert "unreviewed" in after["flags"] and "unreviewed" not in before["flags"]


def dated_line(repo: GitRepo, *dates: str) -> list[str]:
    """Direct commits in this order, each claiming its date; returns their ids."""
    made = []
    for number, when in enumerate(dates):
        repo.write("a.txt", str(number))
        made.append(repo.commit(f"Change {number}", author="bob", date=when))
    return made


def test_a_future_date_before_the_period_drags_the_commits_after_it_along(
    git_repo: GitRepo,
) -> None:
    # The second commit claims January; the two after it claim December and early January.
    # Their effective dates are all January 20th: none of them is a December change, and
    # all three are January changes (the window is not where the commits' own dates say).
    root, ahead, back, inside = dated_line(
        git_repo, "2025-11-01T10:00:00", "2026-01-20T10:00:00", "2025-12-28T10:00:00",
        "2026-01-05T10:00:00",
    )  # fmt: skip
    january = population(git_repo, "--period", "2026-01-01..2026-01-31")
    assert [(c["commit"], c["date"]) for c in january] == [
        (inside, "2026-01-20"), (back, "2026-01-20"), (ahead, "2026-01-20")
    ]  # fmt: skip
    assert population(git_repo, "--period", "2025-12-01..2025-12-31") == []
    [november] = population(git_repo, "--period", "2025-11-01..2025-11-30")
    assert november["commit"] == root


def test_a_commit_backdated_before_the_period_stays_in_it(git_repo: GitRepo) -> None:
    root, inside, back = dated_line(
        git_repo, "2025-11-01T10:00:00", "2026-01-05T10:00:00", "2025-12-01T10:00:00"
    )
    january = population(git_repo, "--period", "2026-01-01..2026-01-31")
    assert [(c["commit"], c["date"]) for c in january] == [
        (back, "2026-01-05"), (inside, "2026-01-05")
    ]  # fmt: skip
    assert population(git_repo, "--period", "2025-12-01..2025-12-31") == []
    assert [c["commit"] for c in population(git_repo)] == [back, inside, root]

"""``approvals record``: GitHub pull-request reviews written into a git note.

The input is what ``GET /repos/{owner}/{repo}/pulls/{n}/reviews`` returns: a list
of reviews with ``user.login``, ``state``, ``submitted_at`` and ``commit_id``. As on
GitHub, a reviewer's latest APPROVED, CHANGES_REQUESTED or DISMISSED review is their
standing (comments do not change it); an approval counts only when it approved the
head commit that was merged. Approvals of an older head are stale and kept out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from soc2flow.errors import BadInput, UnknownRevision
from soc2flow.history.git import NOTES_REF, commit_id, git, locate, repository
from soc2flow.history.graph import pr_from
from soc2flow.history.notes import note_line

if TYPE_CHECKING:
    from git import Repo

_IDENTS = ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT")
_STANDING = {"APPROVED", "CHANGES_REQUESTED", "DISMISSED"}
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


@dataclass(frozen=True)
class GitHubReview:
    login: str
    state: str
    submitted_at: str
    commit_id: str
    review_id: int | None


@dataclass
class Recorded:
    """What ``approvals record`` wrote (or found already written)."""

    merge: str
    head: str
    pr: int | None
    approved: list[GitHubReview] = field(default_factory=list)
    stale: list[GitHubReview] = field(default_factory=list)
    not_approving: list[GitHubReview] = field(default_factory=list)
    unchanged: bool = False


def parse_reviews(text: bytes, source: str) -> list[GitHubReview]:
    """Read GitHub's review list; any other shape is BadInput (one sentence, exit 2)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise BadInput(
            f"{source} is not JSON ({exc}); pass the body of GitHub's "
            "GET /repos/OWNER/REPO/pulls/N/reviews"
        ) from None
    if not isinstance(data, list):
        raise BadInput(
            f"{source} holds a JSON {type(data).__name__}, not the list of reviews that "
            "GitHub's GET /repos/OWNER/REPO/pulls/N/reviews returns"
        )
    return [_review(number, item, source) for number, item in enumerate(data, start=1)]


def _review(number: int, item: Any, source: str) -> GitHubReview:
    user = item.get("user") if isinstance(item, dict) else None
    login = user.get("login") if isinstance(user, dict) else None
    state, commit = (
        (item.get("state"), item.get("commit_id")) if isinstance(item, dict) else (None, None)
    )
    if not isinstance(state, str) or not (isinstance(login, str) or user is None):
        raise BadInput(
            f"review {number} in {source} has no 'state' or 'user.login'; "
            "pass the reviews list exactly as GitHub returns it"
        )
    review_id = item.get("id")
    return GitHubReview(
        login=login or "",
        state=state.upper(),
        submitted_at=str(item.get("submitted_at") or ""),
        commit_id=commit if isinstance(commit, str) else "",
        review_id=review_id if isinstance(review_id, int) else None,
    )


def standing(reviews: list[GitHubReview]) -> dict[str, GitHubReview]:
    """Each reviewer's latest approving, change-requesting or dismissed review."""
    latest: dict[str, GitHubReview] = {}
    for review in sorted(reviews, key=lambda r: r.submitted_at):
        if review.login and review.state in _STANDING:
            latest[review.login] = review
    return latest


def classify(reviews: list[GitHubReview], head: str) -> Recorded:
    result = Recorded(merge="", head=head, pr=None)
    for review in standing(reviews).values():
        if review.state != "APPROVED":
            result.not_approving.append(review)
        elif review.commit_id == head:
            result.approved.append(review)
        else:
            result.stale.append(review)
    return result


def record_reviews(
    root: Path,
    text: bytes,
    source: str,
    merge: str = "HEAD",
    head: str | None = None,
    pr: int | None = None,
) -> Recorded:
    """Record the approving reviews of ``head`` in the note on ``merge`` (appending)."""
    where = locate(root, merge, "--merge")
    with repository(where.root) as repo:
        parents, subject = _commit_info(repo, where.head)
        merged = _merged_head(repo, parents, head, where.head)
    reviews = parse_reviews(text, source)
    result = classify(reviews, merged)
    result.merge = where.head
    result.pr = pr if pr is not None else pr_from(subject, merge=len(parents) > 1)
    line = note_line(
        {
            "source": "github-reviews",
            "pr": result.pr,
            "merge": where.head,
            "head": merged,
            "approvals": [_as_json(r) for r in result.approved],
            "stale": [_as_json(r) for r in result.stale],
        }
    )
    result.unchanged = _append_note(where.root, where.head, line)
    return result


def _commit_info(repo: Repo, commit: str) -> tuple[list[str], str]:
    """The commit's parents and its subject (its first paragraph on one line, as git's %s)."""
    found = repo.commit(commit)
    parents = [p.hexsha for p in found.parents]
    message = found.message
    text = message if isinstance(message, str) else message.decode("utf-8", "replace")
    first = text.strip().split("\n\n", 1)[0]
    return parents, " ".join(line.strip() for line in first.splitlines())


def _merged_head(repo: Repo, parents: list[str], head: str | None, merge: str) -> str:
    if head is None:
        if len(parents) < 2:
            raise BadInput(
                f"commit {merge[:12]} is not a merge commit (a squash or rebase merge), so the "
                "merged head is unknown; pass --head with the pull request's head commit "
                "(GitHub: pull_request.head.sha)"
            )
        return parents[1]
    if _SHA.match(head):
        return head  # the PR head may be absent locally after a squash merge
    resolved = commit_id(repo, head)
    if resolved is None:
        raise UnknownRevision(f"--head {head!r} does not name a commit; pass the full commit id")
    return resolved


def _as_json(review: GitHubReview) -> dict[str, Any]:
    return {
        "login": review.login,
        "review": review.review_id,
        "submitted_at": review.submitted_at,
        "commit_id": review.commit_id,
    }


def _append_note(root: Path, commit: str, line: str) -> bool:
    """Add ``line`` to the note on ``commit``; True when it was there already."""
    existing = git(root, "notes", f"--ref={NOTES_REF}", "show", commit, check=False).decode(
        "utf-8", "replace"
    )
    lines = [x for x in existing.splitlines() if x.strip()]
    if line in lines:
        return True
    content = "\n".join([*lines, line]) + "\n"
    known = all(git(root, "var", name, check=False).strip() for name in _IDENTS)
    identity = [] if known else ["-c", "user.name=soc2flow", "-c", "user.email=soc2flow@localhost"]
    git(
        root,
        *identity,
        "notes",
        f"--ref={NOTES_REF}",
        "add",
        "-f",
        "-F",
        "-",
        commit,
        stdin=content.encode(),
    )
    return False

"""History from git: the only package that runs git.

One pass over the commit graph gives every file's versions (``load_history``);
``soc2flow.history.approvals`` turns them into item versions with approvals.

The names below are loaded when first used, so that importing one light module of the
package (``history.git``, ``history.clock``) does not import the models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from soc2flow.history.repo_history import RepoHistory, load_history

__all__ = ["RepoHistory", "load_history"]


def __getattr__(name: str) -> Any:
    if name in ("RepoHistory", "load_history"):
        from soc2flow.history import repo_history

        return getattr(repo_history, name)
    raise AttributeError(f"module 'soc2flow.history' has no attribute {name!r}")

"""History from git: the only package that runs git.

One pass over the commit graph gives every file's versions (``load_history``);
``soc2flow.history.approvals`` turns them into item versions with approvals.
"""

from soc2flow.history.repo_history import RepoHistory, load_history

__all__ = ["RepoHistory", "load_history"]

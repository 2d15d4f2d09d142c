"""The one exception family for "soc2flow cannot do its job" (exit 2).

Problems in the user's files are not exceptions: they are Diagnostic values.
Each message is one sentence that says what is wrong and what to do next.
"""

from __future__ import annotations


class CannotRun(Exception):
    """soc2flow cannot do what was asked; the CLI prints the message and exits 2."""

    exit_code = 2


class NotARepository(CannotRun):
    pass


class NoCommits(CannotRun):
    pass


class ShallowClone(CannotRun):
    pass


class UnknownRevision(CannotRun):
    pass


class BadInput(CannotRun):
    """An input the command reads (a file, stdin, an option) is unusable."""


class UnknownItem(CannotRun):
    pass

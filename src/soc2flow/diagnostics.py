"""Problems found in the user's files, collected as values (never raised)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: a rule broken at a place in a file.

    ``line`` and ``column`` are 1-based; a finding about a whole file uses 1, 1.
    """

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "rule": self.rule,
            "message": self.message,
        }


def error(rule: str, message: str, path: str, line: int = 1, column: int = 1) -> Diagnostic:
    return Diagnostic(path, line, column, Severity.ERROR, rule, message)


def warning(rule: str, message: str, path: str, line: int = 1, column: int = 1) -> Diagnostic:
    return Diagnostic(path, line, column, Severity.WARNING, rule, message)

"""What the ``due`` use case returns (and the due cache stores)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from soc2flow.models import Config
from soc2flow.schedule.items import DueReport, select


@dataclass(frozen=True)
class DueRun:
    """A computed report, the files that could not be loaded, and people's names."""

    report: DueReport
    config: Config | None
    skipped: int = 0
    names: dict[str, str] = field(default_factory=dict)
    uncommitted: tuple[str, ...] = ()
    """The execution records that count in the report and are not committed (SPEC §7.1)."""

    def filtered(
        self, *, within: int | None = None, kinds: Sequence[str] = (), owner: str | None = None
    ) -> DueReport:
        items = select(
            self.report.items, within=within, kinds=kinds, owner=owner, config=self.config
        )
        return DueReport(self.report.as_of, tuple(items))

"""The binder's period: ``START..END`` on the command line, or the configured audit period."""

from __future__ import annotations

import re
from datetime import date

from soc2flow.errors import BadInput

_PERIOD = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def parse_period(text: str | None, default: tuple[date, date] | None) -> tuple[date, date]:
    """``START..END`` as two dates, or the configured audit period."""
    if text is None:
        if default is None:
            raise BadInput(
                "no period given and soc2flow.yaml has no audit.period; pass --period START..END"
            )
        return default
    match = _PERIOD.match(text.strip())
    try:
        start, end = (date.fromisoformat(g) for g in match.groups()) if match else (None, None)
    except ValueError:
        start = end = None
    if start is None or end is None:
        raise BadInput(
            f"--period {text!r} is not START..END with real dates, e.g. 2026-01-01..2026-12-31"
        )
    if end < start:
        raise BadInput(f"--period {text!r} ends before it starts; write START..END")
    return start, end

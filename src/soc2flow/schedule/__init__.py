"""Use case: the obligation engine behind ``soc2flow due`` (cadence arithmetic is
``soc2flow.domain``)."""

from soc2flow.schedule.executions import Expected, expected_executions, satisfies

__all__ = ["Expected", "expected_executions", "satisfies"]

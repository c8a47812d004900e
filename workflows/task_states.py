"""Which viewflow task statuses mean what to the casework: spelled here once
and read by the engine, the selectors, the deadline sweep, the reports and
the pages."""

from __future__ import annotations

from viewflow.workflow.status import STATUS

# a task someone still has to do (claimed or not)
OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
# a task that may still be claimed, reassigned or completed
TAKEABLE = (STATUS.NEW, STATUS.ASSIGNED)
# a task in someone's hands (their inbox)
HELD = (STATUS.ASSIGNED, STATUS.STARTED)
# a task that still moves the case: the open ones and the timers waiting to fire
PENDING = (*OPEN, STATUS.SCHEDULED)

"""The replan that follows every change, and its one-line summary.

Commands that change her data (``job edit``, ``log``, ``client forget``...) use these; the
planner's service loads with the first change, so that reading commands (``client list``,
``job list``) that import the same command modules do not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text

from creneau.domain.models import Deadline
from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli.state import CliState
from creneau.services.decision_messages import say

if TYPE_CHECKING:
    from creneau.services.planning import PlanReport

_T = TypeVar("_T")


def changed(st: CliState, change: Callable[[], _T]) -> tuple[_T, PlanReport]:
    """Run one change through the service that applies it and replans at once."""
    from creneau.services.planning import after_change

    services = st.services()
    return after_change(services, st.now(services.settings().tz), change)


def show_replanned(report: PlanReport) -> None:
    """Say in one line what the replan after a change kept, and what is late."""
    lang = report.language
    kept = report.plan.stability
    late = [o for o in report.plan.outcomes if o.late]
    hard = [o for o in late if report.jobs[o.job_id].deadline is Deadline.HARD]
    summary = (
        say("late_count", lang, late=len(late), hard=len(hard)) if late else say("none_late", lang)
    )
    line = say("replanned", lang, kept=f"{kept[0]}/{kept[1]}" if kept else "—", late=summary)
    out.console.print(Text(line, style="red" if hard else "dim"))

"""Commands around the plan: ``plan``, ``now`` and ``demo``."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from creneau.domain.errors import InputError
from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli.decision_commands import show_plan_risks
from creneau.interfaces.cli.state import CliState, state
from creneau.services.demo import SCENARIO_NOW, load_demo
from creneau.services.planning import compute_plan, plan_to_json, what_now

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (a stable schema).")]
DaysOpt = Annotated[
    int,
    typer.Option("--days", help="How many days to show (0: the whole horizon).", min=0, max=3660),
]


def _print_plan(st: CliState, as_json: bool, days: int) -> None:
    services = st.services()
    report = compute_plan(services, st.now(services.settings().tz))
    if as_json:
        out.print_json(plan_to_json(report))
        return
    out.show_plan(report, days, at_risk=False)
    show_plan_risks(st, report)


def register(app: typer.Typer) -> None:
    """Add ``plan``, ``now`` and ``demo`` to ``app``."""

    @app.command("plan")
    def plan(ctx: typer.Context, as_json: JsonFlag = False, days: DaysOpt = 14) -> None:
        """Plan your open jobs into blocks per client; at-risk jobs last."""
        _print_plan(state(ctx), as_json, days)

    @app.command("now")
    def now(ctx: typer.Context, as_json: JsonFlag = False) -> None:
        """What to work on now, until when, and what comes next."""
        st = state(ctx)
        services = st.services()
        moment = st.now(services.settings().tz)
        report = compute_plan(services, moment)
        answer = what_now(report, moment)
        if as_json:
            out.print_json(out.now_to_json(report, answer))
        else:
            out.show_now(report, answer)

    @app.command("demo")
    def demo(ctx: typer.Context, as_json: JsonFlag = False, days: DaysOpt = 14) -> None:
        """Load the bundled scenario into a fresh data folder and print its plan.

        Uses the empty folder given by --data-dir (kept for exploring), else a temporary one.
        "Now" is the scenario's own (Monday 2026-11-30 08:30, Paris) unless --now is given.
        """
        st = state(ctx)
        if st.now_text is None:
            st.now_text = SCENARIO_NOW.isoformat()
        if st.data_dir is not None:
            folder = Path(st.data_dir)
            if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
                raise InputError(
                    f"{folder} is not an empty folder: give a new or empty folder to --data-dir",
                    field="--data-dir",
                )
            load_demo(st.services())
            _print_plan(st, as_json, days)
            if not as_json:
                out.console.print(
                    f"\nData kept in {folder}: try `creneau --data-dir {folder} plan`"
                )
            return
        with tempfile.TemporaryDirectory(prefix="creneau-demo-") as tmp:
            st.data_dir = Path(tmp)
            load_demo(st.services())
            _print_plan(st, as_json, days)

"""Commands on clients, jobs, settings and imports: thin wrappers over the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from creneau.domain.errors import EstimateUsed, InputError
from creneau.domain.models import Deadline, Job, JobKind, JobStatus
from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli import privacy_commands
from creneau.interfaces.cli.parsing import (
    CLIENT_KINDS,
    DEADLINES,
    JOB_KINDS,
    STATUSES,
    parse_choice,
    parse_date,
    parse_due,
    parse_effort,
    parse_money,
)
from creneau.interfaces.cli.prompts import (
    ask_work_left,
    ask_yes_no,
    on_terminal,
    refuse_change,
    refuse_deletion,
)
from creneau.interfaces.cli.replanning import changed, show_replanned
from creneau.interfaces.cli.state import CliState, state
from creneau.paths import data_dir
from creneau.services import catalog, importing, overrides, timesheet
from creneau.services.messages import label
from creneau.services.time_messages import tell
from creneau.settings import changes_the_plan

client_app = typer.Typer(
    help="Clients: add, list, show, edit, delete, export, forget.", no_args_is_help=True
)
job_app = typer.Typer(
    help="Jobs: add, list, show, edit, done, cancel, wait, resume.", no_args_is_help=True
)
settings_app = typer.Typer(help="Show or change settings.", invoke_without_command=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (a stable schema).")]


def _client_fields(
    *,
    kind: str | None,
    address: str | None,
    postcode: str | None,
    town: str | None,
    latitude: float | None,
    longitude: float | None,
    email: str | None,
    phone: str | None,
    rate: str | None,
    importance: int | None,
    language: str | None,
    first_contact: str | None,
    notes: str | None,
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if kind is not None:
        fields["kind"] = parse_choice(kind, "--kind", dict(CLIENT_KINDS))
    for name, value in (
        ("address", address),
        ("postcode", postcode),
        ("town", town),
        ("email", email),
        ("phone", phone),
        ("notes", notes),
        ("latitude", latitude),
        ("longitude", longitude),
        ("importance", importance),
    ):
        if value is not None:
            fields[name] = value
    if language is not None:
        fields["language"] = language.strip().lower()
    if rate is not None:
        fields["hourly_rate"] = parse_money(rate, "--rate") if rate.strip() else None
    if first_contact is not None:
        fields["first_contact"] = (
            parse_date(first_contact, "--first-contact") if first_contact else None
        )
    return fields


KindOpt = Annotated[str | None, typer.Option("--kind", help="business or individual.")]
AddressOpt = Annotated[str | None, typer.Option("--address")]
PostcodeOpt = Annotated[str | None, typer.Option("--postcode")]
TownOpt = Annotated[str | None, typer.Option("--town")]
LatOpt = Annotated[float | None, typer.Option("--latitude", help="Degrees (WGS84).")]
LonOpt = Annotated[float | None, typer.Option("--longitude", help="Degrees (WGS84).")]
EmailOpt = Annotated[str | None, typer.Option("--email")]
PhoneOpt = Annotated[str | None, typer.Option("--phone")]
RateOpt = Annotated[str | None, typer.Option("--rate", help="Hourly rate in euros.")]
ImportanceOpt = Annotated[int | None, typer.Option("--importance", help="1 (low) to 5 (high).")]
LanguageOpt = Annotated[str | None, typer.Option("--language", help="fr or en.")]
FirstContactOpt = Annotated[str | None, typer.Option("--first-contact", help="YYYY-MM-DD.")]
NotesOpt = Annotated[str | None, typer.Option("--notes")]


@client_app.command("add")
def client_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The client's name.")],
    kind: KindOpt = None,
    address: AddressOpt = None,
    postcode: PostcodeOpt = None,
    town: TownOpt = None,
    latitude: LatOpt = None,
    longitude: LonOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    rate: RateOpt = None,
    importance: ImportanceOpt = None,
    language: LanguageOpt = None,
    first_contact: FirstContactOpt = None,
    notes: NotesOpt = None,
) -> None:
    """Add a client."""
    fields = _client_fields(
        kind=kind, address=address, postcode=postcode, town=town, latitude=latitude,
        longitude=longitude, email=email, phone=phone, rate=rate, importance=importance,
        language=language, first_contact=first_contact, notes=notes,
    )  # fmt: skip
    client = catalog.add_client(state(ctx).services(), name=name, **fields)
    out.console.print(f"{client.id}  {client.name}")


@client_app.command("list")
def client_list(
    ctx: typer.Context,
    attention: Annotated[
        bool,
        typer.Option(
            "--attention",
            help="Only the clients with open work neglected beyond plan.attention_days.",
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List clients (ids first: use them, or a unique part of a name, in other commands)."""
    if attention:
        from creneau.interfaces.cli import news_commands  # loaded for --attention only

        news_commands.attention(ctx, as_json)
        return
    clients = catalog.list_clients(state(ctx).services())
    if as_json:
        out.print_json([out.client_to_json(c) for c in clients])
    else:
        out.show_clients(clients)


@client_app.command("show")
def client_show(
    ctx: typer.Context, client: Annotated[str, typer.Argument()], as_json: JsonFlag = False
) -> None:
    """Show a client and its jobs."""
    found, jobs = catalog.get_client(state(ctx).services(), client)
    if as_json:
        data = out.client_to_json(found)
        data["jobs"] = [out.job_to_json(j, found) for j in jobs]
        out.print_json(data)
    else:
        out.show_client(found, jobs)


@client_app.command("edit")
def client_edit(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(help="Id or unique part of the name.")],
    name: Annotated[str | None, typer.Option("--name")] = None,
    kind: KindOpt = None,
    address: AddressOpt = None,
    postcode: PostcodeOpt = None,
    town: TownOpt = None,
    latitude: LatOpt = None,
    longitude: LonOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    rate: RateOpt = None,
    importance: ImportanceOpt = None,
    language: LanguageOpt = None,
    first_contact: FirstContactOpt = None,
    notes: NotesOpt = None,
) -> None:
    """Change a client's details."""
    fields = _client_fields(
        kind=kind, address=address, postcode=postcode, town=town, latitude=latitude,
        longitude=longitude, email=email, phone=phone, rate=rate, importance=importance,
        language=language, first_contact=first_contact, notes=notes,
    )  # fmt: skip
    if name is not None:
        fields["name"] = name
    if not fields:
        raise InputError("nothing to change: give at least one option (see --help)")
    services = state(ctx).services()
    updated, report = changed(state(ctx), lambda: catalog.edit_client(services, client, fields))
    _said(ctx, updated.id, updated.name, "updated")
    show_replanned(report)


@client_app.command("delete")
def client_delete(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument()],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete a client, its jobs and their time entries (not one with invoices)."""
    st = state(ctx)
    services = st.services()
    found, jobs = catalog.get_client(services, client)
    lang = services.settings().language
    ids = {job.id for job in jobs}
    entries = sum(1 for line in timesheet.list_entries(services, st.now()) if line.job.id in ids)
    question = tell(
        "client_delete_confirm", lang, client=found.name, jobs=len(jobs), entries=entries
    )
    if not yes and not ask_yes_no(question, lang):
        raise refuse_deletion(lang)
    _none, report = changed(state(ctx), lambda: catalog.delete_client(services, found.id))
    out.console.print(f"{found.id}  {found.name}: deleted with {len(jobs)} job(s)")
    show_replanned(report)


privacy_commands.add_to(client_app)


def _job_fields(
    ctx: typer.Context,
    *,
    effort: str | None,
    due: str | None,
    deadline: str | None,
    received: str | None,
    kind: str | None,
    tags: str | None,
    price: str | None,
    spent: str | None,
    notes: str | None,
    status: str | None,
    rate: str | None = None,
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if effort is not None:
        fields["effort_minutes"] = parse_effort(effort)
    if due is not None:
        fields["due"] = parse_due(due, state(ctx).services().settings().tz)
    if deadline is not None:
        fields["deadline"] = parse_choice(deadline, "--deadline", DEADLINES)
    if received is not None:
        fields["received"] = parse_date(received, "--received")
    if kind is not None:
        fields["kind"] = parse_choice(kind, "--kind", JOB_KINDS)
    if tags is not None:
        fields["tags"] = tuple(t.strip() for t in tags.replace(";", ",").split(",") if t.strip())
    if price is not None:
        fields["price"] = parse_money(price, "--price") if price.strip() else None
    if rate is not None:
        fields["hourly_rate"] = parse_money(rate, "--rate") if rate.strip() else None
    if spent is not None:
        fields["spent_minutes"] = parse_effort(spent, "--spent") if spent.strip("0 ") else 0
    if notes is not None:
        fields["notes"] = notes
    if status is not None:
        fields["status"] = parse_choice(status, "--status", STATUSES)
    return fields


EffortOpt = Annotated[str | None, typer.Option("--effort", help="Estimate: 2h, 1h30, 90m, 1.5.")]
DueOpt = Annotated[
    str | None, typer.Option("--due", help="Due date (2026-12-04) or date-time (2026-12-04T12:00).")
]
DeadlineOpt = Annotated[str | None, typer.Option("--deadline", help="hard (a promise) or soft.")]
ReceivedOpt = Annotated[
    str | None, typer.Option("--received", help="Release date (default today).")
]
JobKindOpt = Annotated[str | None, typer.Option("--kind", help="work or meeting.")]
TagsOpt = Annotated[str | None, typer.Option("--tags", help="Comma-separated tags.")]
PriceOpt = Annotated[str | None, typer.Option("--price", help="Fixed price in euros.")]
SpentOpt = Annotated[str | None, typer.Option("--spent", help="Time already spent.")]
StatusOpt = Annotated[str | None, typer.Option("--status", help="todo, in_progress, waiting...")]
JobRateOpt = Annotated[
    str | None,
    typer.Option(
        "--rate", help="Hourly rate in euros for this job (else the client's; '' for none)."
    ),
]


@job_app.command("add")
def job_add(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(help="Client id or unique part of the name.")],
    title: Annotated[str, typer.Argument(help="What the job is.")],
    effort: EffortOpt = None,
    due: DueOpt = None,
    deadline: DeadlineOpt = None,
    received: ReceivedOpt = None,
    kind: JobKindOpt = None,
    tags: TagsOpt = None,
    price: PriceOpt = None,
    spent: SpentOpt = None,
    notes: NotesOpt = None,
    status: StatusOpt = None,
    rate: JobRateOpt = None,
) -> None:
    """Add a job (--effort and --due are required)."""
    if effort is None or due is None:
        raise InputError("give --effort (e.g. 2h) and --due (e.g. 2026-12-04)")
    fields = _job_fields(
        ctx, effort=effort, due=due, deadline=deadline, received=received, kind=kind,
        tags=tags, price=price, spent=spent, notes=notes, status=status, rate=rate,
    )  # fmt: skip
    fields.setdefault("received", state(ctx).today())
    fields.setdefault("deadline", Deadline.SOFT)
    fields.setdefault("kind", JobKind.WORK)
    services = state(ctx).services()
    job, report = changed(
        state(ctx), lambda: catalog.add_job(services, client, title=title, **fields)
    )
    out.console.print(f"{job.id}  {job.title}")
    show_replanned(report)


@job_app.command("list")
def job_list(
    ctx: typer.Context,
    client: Annotated[str | None, typer.Option("--client", help="Only this client's jobs.")] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Include done and cancelled jobs.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List open jobs by due date."""
    rows = catalog.list_jobs(state(ctx).services(), client, include_closed=show_all)
    if as_json:
        out.print_json([out.job_to_json(j, c) for j, c in rows])
    else:
        out.show_jobs(rows)


@job_app.command("show")
def job_show(
    ctx: typer.Context, job: Annotated[str, typer.Argument()], as_json: JsonFlag = False
) -> None:
    """Show a job."""
    found, client = catalog.get_job(state(ctx).services(), job)
    if as_json:
        out.print_json(out.job_to_json(found, client))
    else:
        out.show_job(found, client)


@job_app.command("edit")
def job_edit(
    ctx: typer.Context,
    job: Annotated[str, typer.Argument(help="Job id or unique part of the title.")],
    title: Annotated[str | None, typer.Option("--title")] = None,
    effort: EffortOpt = None,
    due: DueOpt = None,
    deadline: DeadlineOpt = None,
    received: ReceivedOpt = None,
    kind: JobKindOpt = None,
    tags: TagsOpt = None,
    price: PriceOpt = None,
    spent: SpentOpt = None,
    notes: NotesOpt = None,
    status: StatusOpt = None,
    remaining: Annotated[
        str | None, typer.Option("--remaining", help="New estimate of what is left.")
    ] = None,
    after: Annotated[
        str | None,
        typer.Option("--after", help="A job that must be finished first ('' for none)."),
    ] = None,
    rate: JobRateOpt = None,
) -> None:
    """Change a job (the plan is recomputed)."""
    fields = _job_fields(
        ctx, effort=effort, due=due, deadline=deadline, received=received, kind=kind,
        tags=tags, price=price, spent=spent, notes=notes, status=status, rate=rate,
    )  # fmt: skip
    if title is not None:
        fields["title"] = title
    if remaining is not None:
        fields["remaining_minutes"] = (
            parse_effort(remaining, "--remaining") if remaining.strip("0 ") else 0
        )
    if not fields and after is None:
        raise InputError("nothing to change: give at least one option (see --help)")
    services = state(ctx).services()
    today = state(ctx).today()

    def change() -> Job:
        try:
            updated = catalog.edit_job(services, job, fields, today=today) if fields else None
        except EstimateUsed as exc:
            if not on_terminal():
                raise
            # a job over its estimate: ask for the work left (the plan needs it)
            language = services.settings().language
            fields["remaining_minutes"] = ask_work_left(str(exc), language)
            updated = catalog.edit_job(services, job, fields, today=today)
        if after is not None:
            updated = overrides.set_after(services, updated.id if updated else job, after or None)
        assert updated is not None
        return updated

    updated, report = changed(state(ctx), change)
    _said(ctx, updated.id, updated.title, "updated")
    show_replanned(report)


def _said(ctx: typer.Context, item_id: str, name: str, word: str) -> None:
    """``ID  NAME: WORD`` with WORD (a label key: ``updated``, ``status_done``...) in her
    language."""
    language = state(ctx).services().settings().language
    out.console.print(f"{item_id}  {name}: {label(word, language)}", markup=False)


@job_app.command("done")
def job_done(
    ctx: typer.Context,
    job: Annotated[str, typer.Argument()],
    on: Annotated[
        str | None,
        typer.Option("--on", help="The day it was delivered, when not today (2026-11-27)."),
    ] = None,
) -> None:
    """Mark a job done, delivered today or --on a past day (its remaining blocks are freed)."""
    services = state(ctx).services()
    today = state(ctx).today()
    delivered = parse_date(on, "--on") if on else None
    updated, report = changed(
        state(ctx),
        lambda: catalog.set_job_status(
            services, job, JobStatus.DONE, today=today, delivered=delivered
        ),
    )
    _said(ctx, updated.id, updated.title, f"status_{updated.status.value}")
    show_replanned(report)


@job_app.command("cancel")
def job_cancel(ctx: typer.Context, job: Annotated[str, typer.Argument()]) -> None:
    """Cancel a job."""
    services = state(ctx).services()
    updated, report = changed(
        state(ctx), lambda: catalog.set_job_status(services, job, JobStatus.CANCELLED)
    )
    _said(ctx, updated.id, updated.title, f"status_{updated.status.value}")
    show_replanned(report)


@job_app.command("wait")
def job_wait(ctx: typer.Context, job: Annotated[str, typer.Argument()]) -> None:
    """Mark a job waiting for the client: not planned, attention paused."""
    services = state(ctx).services()
    updated, report = changed(state(ctx), lambda: overrides.set_waiting(services, job, True))
    _said(ctx, updated.id, updated.title, f"status_{updated.status.value}")
    show_replanned(report)


@job_app.command("resume")
def job_resume(ctx: typer.Context, job: Annotated[str, typer.Argument()]) -> None:
    """A waiting job can go on: plan it again."""
    services = state(ctx).services()
    updated, report = changed(state(ctx), lambda: overrides.set_waiting(services, job, False))
    _said(ctx, updated.id, updated.title, f"status_{updated.status.value}")
    show_replanned(report)


@settings_app.callback()
def settings_show(ctx: typer.Context) -> None:
    """Show every setting (or use 'settings set NAME VALUE' / 'settings unset NAME')."""
    if ctx.invoked_subcommand is None:
        services = state(ctx).services()
        out.show_settings(services.settings(), catalog.secrets_held(services))


@settings_app.command("set", context_settings={"ignore_unknown_options": True})
def settings_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A setting name (see 'creneau settings').")],
    value: Annotated[str, typer.Argument(help="Its new value ('' for empty).")],
) -> None:
    """Change a setting (the plan is recomputed at once when it depends on it)."""
    st = state(ctx)
    _setting_changed(st, name, lambda: catalog.set_setting(st.services(), name, value))
    out.console.print(f"{name} = {out.shown_setting(name, value)}", markup=False)


@settings_app.command("unset")
def settings_unset(ctx: typer.Context, name: Annotated[str, typer.Argument()]) -> None:
    """Reset a setting to its default (the plan is recomputed when it depends on it)."""
    st = state(ctx)
    _setting_changed(st, name, lambda: catalog.reset_setting(st.services(), name))
    out.console.print(f"{name}: back to its default", markup=False)


def _setting_changed(st: CliState, name: str, change: Callable[[], object]) -> None:
    if changes_the_plan(name.strip()):
        _none, report = changed(st, change)
        show_replanned(report)
    else:
        change()


def _import_everything(ctx: typer.Context, files: list[Path], yes: bool) -> None:
    """``import --all FILE``: one export replaces everything, after a confirmation."""
    from creneau.services import backups
    from creneau.services.safety_messages import safety_text

    if len(files) != 1:
        raise InputError("--all takes one file, made by export --all", field="FILES")
    path = files[0]
    st = state(ctx)
    services = st.services()
    lang = services.settings().language
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=str(path)) from exc
    if not yes and not ask_yes_no(safety_text("import_all_confirm", lang, path=str(path)), lang):
        raise refuse_change(lang)
    counts, report = changed(
        st, lambda: backups.import_all(services, data, str(path), datetime.now(UTC))
    )
    rows, tables = sum(counts.values()), len(counts)
    out.console.print(safety_text("imported_all", lang, path=str(path), rows=rows, tables=tables))
    show_replanned(report)


def register(app: typer.Typer) -> None:
    """Add the top-level commands ``init`` and ``import`` and the groups ``client``, ``job``
    and ``settings`` to ``app``."""
    app.add_typer(client_app, name="client")
    app.add_typer(job_app, name="job")
    app.add_typer(settings_app, name="settings")

    @app.command("init")
    def init(ctx: typer.Context) -> None:
        """Create the data folder and its database (safe to run again)."""
        st = state(ctx)
        st.services()
        out.console.print(f"Data folder: {data_dir(st.data_dir)}")

    @app.command("import")
    def import_(
        ctx: typer.Context,
        files: Annotated[
            list[Path], typer.Argument(help="clients.csv, jobs.csv, agenda.ics (in that order).")
        ],
        everything: Annotated[
            bool,
            typer.Option(
                "--all", help="Replace all your data with an export --all file (data.json)."
            ),
        ] = False,
        yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask (--all).")] = False,
    ) -> None:
        """Import clients and jobs (CSV) and busy time (.ics); each file all or nothing.
        With --all, replace all your data with an export made by export --all."""
        services = state(ctx).services()
        if everything:
            _import_everything(ctx, files, yes)
            return
        imported = 0
        try:
            for path in files:
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    raise InputError(
                        f"cannot read the file: {exc.strerror}", file=str(path)
                    ) from exc
                out.show_import(importing.import_file(services, data, str(path)))
                imported += 1
        finally:
            if imported:  # what was imported is planned at once, even if a later file failed
                _none, report = changed(state(ctx), lambda: None)
                show_replanned(report)

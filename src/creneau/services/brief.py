"""The morning brief: today's blocks, what is at risk, who is owed news (``creneau brief``).

Computed from the plan at "now" (close to the saved plan, which is left as it is: the brief
stores nothing) in her interface language, and optionally e-mailed through her ``smtp.*``
settings by the :class:`~creneau.services.ports.Mailer` port.

At risk: the late jobs (hard ones first, with the reason in words), then the jobs whose
slack (free working time between the planned finish and the due time) is under the
setting ``risk.slack``, tightest first. Owed news: the neglected clients of
:mod:`creneau.services.attention_report` (clients waiting for their own input are not).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from creneau.domain.errors import InputError
from creneau.domain.models import Block, BlockKind, BusyInterval, Client, Job, JobOutcome
from creneau.services.attention_report import AttentionReport, attention_from, attention_to_json
from creneau.services.context import ServiceContext
from creneau.services.messages import format_day, format_moment, label
from creneau.services.planning import PlanReport, load_inputs, plan_from, plan_to_json
from creneau.services.ports import MailServer, OutgoingMail
from creneau.services.update_messages import format_date, format_work, text


@dataclass(frozen=True, slots=True)
class RiskItem:
    """A job at risk.

    Args:
        job, client: the job and its client.
        outcome: what the plan promises for it.
        late: True when late (or not fully placed), False when only its slack is short.
        reason: why it is late, in words (None when not late).
    """

    job: Job
    client: Client
    outcome: JobOutcome
    late: bool
    reason: str | None


@dataclass(frozen=True, slots=True)
class MorningBrief:
    """The brief of one morning.

    Args:
        now: aware datetime, in her zone.
        language: her interface language.
        report: the plan it was computed from.
        blocks: today's work, meeting and travel blocks, by start.
        busy: today's busy time from her calendar, by start.
        risks: late jobs first, then jobs short of slack.
        attention: the clients owed attention.
        slack_threshold_minutes: the ``risk.slack`` setting.
    """

    now: datetime
    language: str
    report: PlanReport
    blocks: tuple[Block, ...]
    busy: tuple[BusyInterval, ...]
    risks: tuple[RiskItem, ...]
    attention: AttentionReport
    slack_threshold_minutes: int


def _day_bounds(now: datetime) -> tuple[datetime, datetime]:
    day = now.date()
    start = datetime.combine(day, time(0), tzinfo=now.tzinfo)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=now.tzinfo)
    return start, end


def morning_brief(ctx: ServiceContext, now: datetime) -> MorningBrief:
    """Compute the brief at ``now``, storing nothing.

    Args:
        ctx: the service context.
        now: aware datetime; "today" is its date in her zone.

    Raises:
        InputError: invalid stored settings.
    """
    inputs = load_inputs(ctx)
    settings = inputs.settings
    local_now = now.astimezone(settings.tz)
    report = plan_from(ctx, inputs, now)
    start, end = _day_bounds(local_now)
    blocks = tuple(b for b in report.plan.blocks if b.start < end and b.end > start)
    busy = tuple(b for b in report.plan.busy if b.start < end and b.end > start)
    threshold: int = settings.values["risk.slack"]
    risks: list[RiskItem] = []
    for outcome in report.at_risk():
        job = report.jobs[outcome.job_id]
        client = report.clients[job.client_id]
        risks.append(RiskItem(job, client, outcome, True, report.reason(outcome)))
    tight = sorted(
        (
            o
            for o in report.plan.outcomes
            if not o.late and o.slack_minutes is not None and o.slack_minutes < threshold
        ),
        key=lambda o: (o.slack_minutes, o.due, o.job_id),
    )
    for outcome in tight:
        job = report.jobs[outcome.job_id]
        risks.append(RiskItem(job, report.clients[job.client_id], outcome, False, None))
    return MorningBrief(
        now=local_now,
        language=settings.language,
        report=report,
        blocks=blocks,
        busy=busy,
        risks=tuple(risks),
        attention=attention_from(ctx, inputs, now),
        slack_threshold_minutes=threshold,
    )


def brief_subject(brief: MorningBrief) -> str:
    """The e-mail subject: "Créneau : votre journée du lundi 30 novembre"."""
    return text("brief_subject", brief.language, day=format_date(brief.now, brief.language))


def brief_text(brief: MorningBrief) -> str:
    """The brief as plain text (the e-mail's body and the command's output)."""
    lang = brief.language
    tz = brief.now.tzinfo
    lines = [text("brief_today", lang, day=format_day(brief.now, lang))]
    rows: list[tuple[datetime, datetime, str]] = []
    for block in brief.blocks:
        job = brief.report.jobs.get(block.job_id or "")
        client = brief.report.clients.get(block.client_id or "")
        what = " – ".join(x for x in (client.name if client else "", job.title if job else "") if x)
        if block.kind is BlockKind.MEETING:
            what += f" ({label('meeting', lang)})"
        elif block.kind is BlockKind.TRAVEL:
            what = f"→ {what}"
        rows.append((block.start, block.end, what))
    colon = " : " if lang == "fr" else ": "
    for busy in brief.busy:
        prefix = "→ " if busy.travel else f"{text('brief_busy', lang)}{colon}"
        rows.append((busy.start, busy.end, f"{prefix}{busy.summary}"))
    rows.sort(key=lambda r: (r[0], r[1]))
    if not rows:
        lines.append(f"  {text('brief_no_blocks', lang)}")
    for start, end, what in rows:
        lines.append(f"  {start.astimezone(tz):%H:%M}–{end.astimezone(tz):%H:%M}  {what}")
    lines += ["", text("brief_risks", lang)]
    if not brief.risks:
        lines.append(f"  {text('brief_no_risks', lang)}")
    for risk in brief.risks:
        due = format_moment(risk.outcome.due.astimezone(tz), lang)
        if risk.late:
            line = text(
                "brief_late",
                lang,
                client=risk.client.name,
                title=risk.job.title,
                due=due,
                reason=risk.reason or label("late", lang),
            )
        else:
            line = text(
                "brief_tight",
                lang,
                client=risk.client.name,
                title=risk.job.title,
                slack=format_work(risk.outcome.slack_minutes or 0, lang),
                due=due,
            )
        lines.append(f"  - {line}")
    lines += ["", text("brief_news", lang)]
    owed = brief.attention.neglected
    if not owed:
        lines.append(f"  {text('brief_no_news', lang)}")
    for item in owed:
        if item.last is not None:
            last = text("last_attention", lang, day=format_date(item.last, lang, today=brief.now))
        else:
            moment = datetime.combine(item.counted_from, time(12), tzinfo=tz)
            last = text("never_since", lang, day=format_date(moment, lang, today=brief.now))
        line = text(
            "brief_news_line", lang, client=item.client.name, days=str(item.working_days), last=last
        )
        lines.append(f"  - {line}")
    return "\n".join(lines) + "\n"


def brief_to_json(brief: MorningBrief) -> dict[str, Any]:
    """The ``creneau brief --json`` schema (see the README).

    ``blocks`` are today's entries of ``plan --json``'s blocks (same ids and fields, busy
    time included); ``at_risk`` the jobs at risk; ``owed_news`` the neglected clients in
    the ``client list --attention --json`` schema.
    """
    start, end = _day_bounds(brief.now)
    blocks = [
        b
        for b in plan_to_json(brief.report)["blocks"]
        if datetime.fromisoformat(b["start"]) < end and datetime.fromisoformat(b["end"]) > start
    ]
    tz = brief.now.tzinfo
    neglected = AttentionReport(
        brief.attention.now, brief.attention.attention_days, brief.attention.neglected
    )
    return {
        "now": brief.now.isoformat(),
        "date": brief.now.date().isoformat(),
        "blocks": blocks,
        "at_risk": [
            {
                "id": r.job.id,
                "client": r.client.name,
                "job": r.job.title,
                "due": r.outcome.due.astimezone(tz).isoformat(),
                "late": r.late,
                "planned_finish": (
                    r.outcome.planned_finish.astimezone(tz).isoformat()
                    if r.outcome.planned_finish is not None
                    else None
                ),
                "slack_hours": (
                    round(r.outcome.slack_minutes / 60, 2)
                    if r.outcome.slack_minutes is not None
                    else None
                ),
                "reason_code": r.outcome.reason_code,
                "reason": r.reason,
            }
            for r in brief.risks
        ],
        "owed_news": attention_to_json(neglected),
    }


def mail_server(ctx: ServiceContext) -> tuple[MailServer, str, tuple[str, ...]]:
    """Her SMTP server, sender and recipients, from the ``smtp.*`` settings.

    Raises:
        InputError: naming the missing setting (``smtp.host``, ``smtp.from``, ``smtp.to``,
            or ``smtp.password`` when ``smtp.user`` is set).
    """
    settings = ctx.settings()
    values = settings.values
    for name in ("smtp.host", "smtp.from", "smtp.to"):
        if not values[name]:
            raise InputError(
                f"set it first to send e-mail: creneau settings set {name} VALUE", field=name
            )
    password = ctx.secret("smtp.password", settings) if values["smtp.user"] else ""
    if values["smtp.user"] and not password:
        raise InputError(
            "smtp.user is set but not its password: creneau settings set smtp.password "
            "VALUE, or the environment variable CRENEAU_SMTP_PASSWORD",
            field="smtp.password",
        )
    server = MailServer(
        host=values["smtp.host"],
        port=values["smtp.port"],
        user=values["smtp.user"],
        password=password,
        starttls=values["smtp.starttls"],
    )
    return server, values["smtp.from"], tuple(values["smtp.to"])


def send_brief(ctx: ServiceContext, brief: MorningBrief) -> OutgoingMail:
    """E-mail the brief through her SMTP settings.

    Args:
        ctx: the service context (its ``mailer`` sends).
        brief: from :func:`morning_brief`.

    Returns:
        The message sent.

    Raises:
        InputError: a missing ``smtp.*`` setting (named), no mailer in this context, or the
            server refused (see :class:`~creneau.services.ports.Mailer`).
    """
    server, sender, recipients = mail_server(ctx)
    if ctx.mailer is None:
        raise InputError("e-mail cannot be sent from here (no mailer)", field="--send")
    mail = OutgoingMail(
        sender=sender, recipients=recipients, subject=brief_subject(brief), body=brief_text(brief)
    )
    ctx.mailer.send(server, mail)
    return mail

"""Reports: hours, income and receipts per month and client, with SVG bar charts."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from creneau.domain.periods import Period, month_of, parse_month
from creneau.interfaces.web.charts import bar_chart
from creneau.interfaces.web.pages_catalog import client_options
from creneau.interfaces.web.rendering import formats, render, services, web
from creneau.services.income import income_report
from creneau.services.invoicing import receipts

router = APIRouter()

MONTHS_SHOWN = 6
"""Months in the charts, the chosen one last."""


@router.get("/reports")
def reports(request: Request, month: str = "", client: str = "") -> Response:
    """The month's hours and income per client, and the last months' hours, income and
    receipts as bar charts (``month``: ``YYYY-MM``, default this month)."""
    state = web(request)
    ctx = services(request)
    now = state.now()
    today = now.astimezone(state.settings().tz).date()
    period = parse_month(month, field="month") if month else month_of(today)
    months: list[Period] = [period]
    while len(months) < MONTHS_SHOWN:
        months.insert(0, month_of(months[0].first - timedelta(days=1)))
    chosen = income_report(ctx, period, now, client or None)
    monthly = [income_report(ctx, m, now, client or None) for m in months[:-1]] + [chosen]
    paid = receipts(ctx, Period(months[0].first, period.last, "span"), client or None)
    received = {m.month.label: float(m.total) for m in paid.months}
    labels = [m.label for m in months]
    fmt = formats(request)
    names = [fmt.month(m.first, "MMM y") for m in months]  # in the page's language
    hours = bar_chart(names, [[r.total.minutes / 60 for r in monthly]])
    money = bar_chart(
        names,
        [[float(r.total.income) for r in monthly], [received.get(x, 0.0) for x in labels]],
    )
    rows = [(m, r.total, received.get(m.label, 0.0)) for m, r in zip(months, monthly, strict=True)]
    return render(
        request,
        "reports.html",
        report=chosen,
        month=period.label,
        month_name=fmt.month(period.first),
        previous=month_of(period.first - timedelta(days=1)),
        following=month_of(period.last + timedelta(days=1)),
        client=client,
        client_options=client_options(web(request), client),
        hours_chart=hours,
        money_chart=money,
        rows=rows,
        receipts=paid,
    )

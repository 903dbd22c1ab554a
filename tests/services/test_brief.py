"""The morning brief: today's blocks, what is at risk, who is owed news, and its e-mail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from creneau.domain.errors import InputError
from creneau.services.attention_report import clients_owed_attention
from creneau.services.brief import brief_subject, brief_to_json, morning_brief, send_brief
from creneau.services.catalog import set_setting
from creneau.services.context import ServiceContext
from creneau.services.planning import compute_plan, plan_to_json
from tests.conftest import SCENARIO_NOW
from tests.mail_server import Inbox, local_smtp

RISK_SLACK_HOURS = 4  # the default of the risk.slack setting


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with local_smtp() as server:
        yield server


def smtp_settings(ctx: ServiceContext, inbox: Inbox) -> None:
    for name, value in {
        "smtp.host": inbox.host,
        "smtp.port": str(inbox.port),
        "smtp.starttls": "false",
        "smtp.from": "assistante@example.org",
        "smtp.to": "assistante@example.org",
    }.items():
        set_setting(ctx, name, value)


def test_the_brief_has_todays_blocks_of_the_plan(atelier: ServiceContext) -> None:
    brief = morning_brief(atelier, SCENARIO_NOW)
    plan = plan_to_json(compute_plan(atelier, SCENARIO_NOW, save=False))
    monday = [b for b in plan["blocks"] if b["start"].startswith("2026-11-30")]
    assert monday  # Monday 30 November has work and calendar events
    assert brief_to_json(brief)["blocks"] == monday


def test_at_risk_is_late_or_short_of_slack(atelier: ServiceContext) -> None:
    brief = morning_brief(atelier, SCENARIO_NOW)
    plan = plan_to_json(compute_plan(atelier, SCENARIO_NOW, save=False))
    expected = {
        j["id"]
        for j in plan["jobs"]
        if j["late"] or (j["slack_hours"] is not None and j["slack_hours"] < RISK_SLACK_HOURS)
    }
    data = brief_to_json(brief)
    assert {r["id"] for r in data["at_risk"]} == expected
    set_setting(atelier, "risk.slack", "0m")
    assert {r["id"] for r in brief_to_json(morning_brief(atelier, SCENARIO_NOW))["at_risk"]} == {
        j["id"] for j in plan["jobs"] if j["late"]
    }


def test_owed_news_is_the_attention_list(atelier: ServiceContext) -> None:
    brief = morning_brief(atelier, SCENARIO_NOW)
    listed = clients_owed_attention(atelier, SCENARIO_NOW)
    assert [c["name"] for c in brief_to_json(brief)["owed_news"]] == [
        c.client.name for c in listed.neglected
    ]


def test_the_brief_is_sent_to_a_local_server(atelier: ServiceContext, inbox: Inbox) -> None:
    smtp_settings(atelier, inbox)
    brief = morning_brief(atelier, SCENARIO_NOW)
    mail = send_brief(atelier, brief)
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["Subject"] == brief_subject(brief) == mail.subject
    assert "lundi 30 novembre" in message["Subject"]
    body = message.get_content().replace("\r\n", "\n")
    assert body == mail.body
    assert body.startswith("Aujourd'hui, lundi 30 novembre 2026\n")


@pytest.mark.parametrize("missing", ["smtp.host", "smtp.from", "smtp.to"])
def test_a_missing_smtp_setting_is_named(
    atelier: ServiceContext, inbox: Inbox, missing: str
) -> None:
    smtp_settings(atelier, inbox)
    set_setting(atelier, missing, "")
    with pytest.raises(InputError) as caught:
        send_brief(atelier, morning_brief(atelier, SCENARIO_NOW))
    assert caught.value.field == missing
    assert inbox.messages == []


def test_a_login_without_password_is_named(atelier: ServiceContext, inbox: Inbox) -> None:
    smtp_settings(atelier, inbox)
    set_setting(atelier, "smtp.user", "assistante")
    with pytest.raises(InputError) as caught:
        send_brief(atelier, morning_brief(atelier, SCENARIO_NOW))
    assert caught.value.field == "smtp.password"

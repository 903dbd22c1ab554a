"""Long lists come a page at a time: the job and client lists (with previous/next links),
Today's at-risk jobs (the most urgent ones, with a link to them all) and the JSON plan
over a window of days."""

from __future__ import annotations

import html as markup
import re
from datetime import datetime, timedelta

import pytest

from creneau.interfaces.web import pages_catalog, pages_plan
from tests.web.conftest import Web


def row_titles(html: str) -> list[str]:
    """The titles of a table's rows (their header cells), in order."""
    rows = re.findall(r'<th scope="row">(.*)', html)
    return [markup.unescape(re.sub(r"<[^>]+>.*", "", t).strip()) for t in rows]


def open_titles(web: Web) -> list[str]:
    """The open jobs' titles by due date, as the API lists them (waiting ones left out)."""
    jobs = web.client.get("/api/jobs").json()
    return [j["title"] for j in jobs if j["status"] in ("todo", "in_progress")]


def test_the_job_list_shows_one_page_and_links_to_the_next(
    shared_web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages_catalog, "JOBS_PER_PAGE", 5)
    expected = open_titles(shared_web)
    assert len(expected) > 10  # the scenario has three pages of five at least

    first = shared_web.client.get("/jobs").text
    assert row_titles(first) == expected[:5]
    assert 'href="/jobs?client=&amp;status=open&amp;page=2" rel="next"' in first
    assert 'rel="prev"' not in first

    second = shared_web.client.get("/jobs?status=open&page=2").text
    assert row_titles(second) == expected[5:10]
    assert 'href="/jobs?client=&amp;status=open&amp;page=1" rel="prev"' in second
    assert 'href="/jobs?client=&amp;status=open&amp;page=3" rel="next"' in second
    assert f"Travaux 6 à 10 sur {len(expected)}" in second


def test_a_page_out_of_bounds_shows_the_nearest_one(
    shared_web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages_catalog, "JOBS_PER_PAGE", 5)
    expected = open_titles(shared_web)
    last = -(-len(expected) // 5)
    assert row_titles(shared_web.client.get("/jobs?page=0").text) == expected[:5]
    end = shared_web.client.get("/jobs?page=999").text
    assert row_titles(end) == expected[(last - 1) * 5 :]
    assert 'rel="next"' not in end
    assert "page=999" not in end


def test_the_client_list_comes_a_page_at_a_time(
    shared_web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages_catalog, "CLIENTS_PER_PAGE", 5)
    names = sorted((c["name"] for c in shared_web.client.get("/api/clients").json()), key=str)
    pages = [shared_web.client.get(f"/clients?page={n}").text for n in (1, 2, 3)]
    shown = [re.findall(r'<a href="/clients/[^"]+">([^<]+)</a></th>', p) for p in pages]
    assert [len(s) for s in shown] == [5, 5, len(names) - 10]
    assert sorted((markup.unescape(n) for s in shown for n in s), key=str) == names
    assert 'href="/clients?&amp;page=2" rel="next"' in pages[0]


def test_today_lists_the_most_urgent_jobs_at_risk_and_links_to_all(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = web.client.get("/api/clients").json()[0]["id"]
    tomorrow = (web.clock.now + timedelta(days=1)).date().isoformat()
    for title in ("Urgence A", "Urgence B"):  # 40 h each by tomorrow: both late
        web.post("/jobs", {"client": client, "title": title, "effort": "40h", "due": tomorrow})
    at_risk = web.client.get("/api/today").json()["at_risk"]
    assert {"Urgence A", "Urgence B"} <= {r["job"] for r in at_risk}
    monkeypatch.setattr(pages_plan, "AT_RISK_SHOWN", 1)
    html = web.client.get("/").text
    risk = html[html.index('id="risk-title"') : html.index('id="neglect-title"')]
    assert at_risk[0]["job"] in risk
    assert all(r["job"] not in risk for r in at_risk[1:])
    assert f'<a href="/jobs?status=late">Les {len(at_risk)} travaux à risque</a>' in risk
    late = web.client.get("/jobs?status=late").text
    assert row_titles(late) == [r["job"] for r in at_risk]


def test_the_plan_api_gives_a_window_of_days(shared_web: Web) -> None:
    week = shared_web.client.get("/api/plan?from=2026-12-07&days=7").json()
    start, end = "2026-12-07T00:00:00+01:00", "2026-12-14T00:00:00+01:00"
    assert week["blocks"]
    for block in week["blocks"]:
        assert datetime.fromisoformat(block["start"]) < datetime.fromisoformat(end)
        assert datetime.fromisoformat(block["end"]) > datetime.fromisoformat(start)
    whole = shared_web.client.get("/api/plan?days=366").json()
    assert len(whole["blocks"]) > len(week["blocks"])
    planned = {b["job_id"] for b in week["blocks"] if b["job_id"]}
    assert planned <= {j["id"] for j in week["jobs"]}
    default = shared_web.client.get("/api/plan").json()
    assert max(b["start"] for b in default["blocks"]) < "2026-12-28"
    assert shared_web.client.get("/api/plan?days=0").status_code == 422
    assert shared_web.client.get("/api/plan?from=2026-13-01").status_code == 400

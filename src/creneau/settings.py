"""User settings, from one spec list.

Every setting is declared once in :data:`SPECS` (name, default as text, help, parser).
That list feeds the loader, the error messages, ``creneau settings`` and the README's
settings table. Values are stored as text (in the database); the environment variable
``CRENEAU_<NAME>`` (upper case, dots as underscores) overrides a stored value, and a
command-line flag overrides both.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from creneau.domain.durations import parse_duration_minutes
from creneau.domain.errors import InputError
from creneau.domain.models import PlanningRules, TimePeriod
from creneau.domain.places import TravelRules, parse_speed_bands

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _parse_periods(text: str) -> tuple[TimePeriod, ...]:
    text = text.strip()
    if text in ("", "-", "off"):
        return ()
    periods = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", part)
        if not match:
            raise ValueError(f"'{part.strip()}' is not a period like 09:00-12:30")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        end = time(23, 59) if (h2, m2) == (24, 0) else time(h2, m2)
        try:
            periods.append(TimePeriod(time(h1, m1), end))
        except ValueError as exc:
            raise ValueError(str(exc)) from exc
    periods.sort(key=lambda p: p.start)
    for a, b in itertools.pairwise(periods):
        if a.end > b.start:
            raise ValueError(f"periods {a} and {b} overlap")
    return tuple(periods)


def _parse_days_off(text: str) -> frozenset[date]:
    days: set[date] = set()
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        first, _, last = part.partition("..")
        start = date.fromisoformat(first)
        end = date.fromisoformat(last) if last else start
        if end < start:
            raise ValueError(f"range {part} ends before it starts")
        if (end - start).days > 3660:
            raise ValueError(f"range {part} is longer than ten years")
        while start <= end:
            days.add(start)
            start += timedelta(days=1)
    return frozenset(days)


def _parse_int(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text.strip())
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}")
        return value

    return parse


def _parse_float(low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = float(text.strip().replace(",", "."))
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}")
        return value

    return parse


def _parse_optional_float(low: float, high: float) -> Callable[[str], float | None]:
    inner = _parse_float(low, high)
    return lambda text: None if not text.strip() else inner(text)


def _parse_minutes(text: str) -> int:
    return parse_duration_minutes(text, field="duration")


def _parse_zone(text: str) -> str:
    try:
        ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone '{text}'") from exc
    return text.strip()


def _parse_choice(*choices: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value

    return parse


_TRUE = ("true", "yes", "on", "1", "oui", "vrai")
_FALSE = ("false", "no", "off", "0", "non", "faux")


def _parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("must be true or false")


_ADDRESS = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+")


def _parse_address(text: str) -> str:
    value = text.strip()
    if value and not _ADDRESS.fullmatch(value):
        raise ValueError(f"'{value}' is not an e-mail address like name@example.org")
    return value


def _parse_addresses(text: str) -> tuple[str, ...]:
    return tuple(_parse_address(part) for part in re.split(r"[,;]", text) if part.strip())


def _parse_speeds(text: str) -> str:
    parse_speed_bands(text)
    return " ".join(text.split())


def _parse_service_url(text: str) -> str:
    value = text.strip().rstrip("/")
    if not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", value):
        raise ValueError(f"'{value}' is not an address like https://host/path")
    return value


VAT_EXEMPTION = "TVA non applicable, art. 293 B du CGI"
"""The mention a business under the VAT franchise of article 293 B of the Code général des
impôts must print on its invoices and the documents standing for them (CGI, art. 293 E, II)."""


def _parse_mention(text: str) -> str:
    value = " ".join(text.split())
    if len(value) > 200:
        raise ValueError("must be at most 200 characters")
    return value


def _parse_names(text: str) -> tuple[str, ...]:
    """Comma-separated names, blanks dropped, order kept, no repeats."""
    return tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def _parse_calendar_name(text: str) -> str:
    name = text.strip()
    if not name:
        raise ValueError("must not be empty")
    return name


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One setting: its name, default (as text), help and parser (text -> value)."""

    name: str
    default: str
    help: str
    parse: Callable[[str], Any]


_DAY = "09:00-12:30,13:30-17:30"
SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("language", "fr", "Interface language: fr or en.", _parse_choice("fr", "en")),
    SettingSpec("timezone", "Europe/Paris", "Your IANA time zone.", _parse_zone),
    *(
        SettingSpec(
            f"hours.{day}",
            _DAY if day not in ("sat", "sun") else "",
            f"Working periods on {name} (e.g. 09:00-12:30,13:30-17:30; empty = day off).",
            _parse_periods,
        )
        for day, name in zip(
            WEEKDAYS,
            ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
            strict=True,
        )
    ),
    SettingSpec("holidays.country", "FR", "Country of the public holidays (ISO code).", str.upper),
    SettingSpec(
        "holidays.subdivision", "", "Region for local holidays (e.g. 57 for Moselle).", str.strip
    ),
    SettingSpec(
        "days_off",
        "",
        "Extra days off: dates or ranges, e.g. 2027-05-14, 2027-08-02..2027-08-20.",
        _parse_days_off,
    ),
    SettingSpec(
        "plan.max_clients_per_day", "3", "At most this many clients a day.", _parse_int(1, 20)
    ),
    SettingSpec(
        "plan.min_block",
        "1h",
        "Shortest block (unless the job's remainder is smaller).",
        _parse_minutes,
    ),
    SettingSpec("plan.granularity", "15", "Time grid in minutes (5, 10, 15, 30 or 60).", int),
    SettingSpec(
        "plan.horizon_days",
        "42",
        "Plan at least this many days ahead (six weeks or more).",
        _parse_int(42, 1100),
    ),
    SettingSpec("plan.small_job", "1h", "Jobs this short are small jobs.", _parse_minutes),
    SettingSpec(
        "plan.pacing_days",
        "2",
        "A job in progress gets a block at least every this many working days.",
        _parse_int(1, 30),
    ),
    SettingSpec(
        "plan.attention_days",
        "5",
        "Every client with open work gets work, a meeting or call, or news at least every "
        "this many working days (0 turns it off).",
        _parse_int(0, 60),
    ),
    SettingSpec(
        "plan.calibrated_efforts",
        "false",
        "Plan open jobs' work left with your calibrated estimate margin (see 'creneau "
        "estimates'): true or false.",
        _parse_bool,
    ),
    SettingSpec(
        "risk.slack",
        "4h",
        "A job whose slack (free working time left before its due time) is under this is at risk.",
        _parse_minutes,
    ),
    SettingSpec(
        "plan.search_effort",
        "2000",
        "How hard the planner searches (number of plans tried; deterministic).",
        _parse_int(0, 1_000_000),
    ),
    SettingSpec(
        "plan.cpsat_seconds",
        "0.2",
        "CP-SAT polishing, in deterministic seconds (0 turns it off).",
        _parse_float(0, 600),
    ),
    SettingSpec("smtp.host", "", "Your outgoing mail server (for the morning brief).", str.strip),
    SettingSpec(
        "smtp.port",
        "587",
        "Its port: 587 (STARTTLS) or 465 (TLS from the start).",
        _parse_int(1, 65535),
    ),
    SettingSpec("smtp.user", "", "Login on the mail server (empty: no login).", str.strip),
    SettingSpec(
        "smtp.password",
        "",
        "Password on the mail server (better in CRENEAU_SMTP_PASSWORD than stored).",
        str,
    ),
    SettingSpec("smtp.from", "", "Sender address of the brief.", _parse_address),
    SettingSpec(
        "smtp.to", "", "Where the brief goes: addresses, comma-separated.", _parse_addresses
    ),
    SettingSpec("smtp.starttls", "true", "Encrypt with STARTTLS: true or false.", _parse_bool),
    SettingSpec(
        "caldav.url",
        "",
        "Your CalDAV server (e.g. https://cloud.example.org/remote.php/dav), for sync.",
        str.strip,
    ),
    SettingSpec("caldav.user", "", "Login on the CalDAV server.", str.strip),
    SettingSpec(
        "caldav.password",
        "",
        "Password or app token on the CalDAV server (better in CRENEAU_CALDAV_PASSWORD).",
        str,
    ),
    SettingSpec(
        "caldav.busy_calendars",
        "",
        "Calendars whose events are busy time, by name, comma-separated.",
        _parse_names,
    ),
    SettingSpec(
        "caldav.plan_calendar",
        "Créneau",
        "The calendar sync writes the plan into (created if missing; only its own events).",
        _parse_calendar_name,
    ),
    SettingSpec("home.address", "", "Your home address (for meetings).", str.strip),
    SettingSpec(
        "home.latitude", "", "Latitude of your home (degrees).", _parse_optional_float(-90, 90)
    ),
    SettingSpec(
        "home.longitude", "", "Longitude of your home (degrees).", _parse_optional_float(-180, 180)
    ),
    SettingSpec(
        "travel.detour",
        "1.3",
        "Road distance / straight-line distance, for travel times without a routing server.",
        _parse_float(1, 3),
    ),
    SettingSpec(
        "travel.speeds",
        "10:30, 30:60, 80",
        "Driving speeds by distance: the first 10 km at 30 km/h, up to 30 km at 60 km/h, "
        "beyond at 80 km/h.",
        _parse_speeds,
    ),
    SettingSpec(
        "meet.radius",
        "30m",
        "Meet in person when the one-way drive takes at most this long; a call beyond.",
        _parse_minutes,
    ),
    SettingSpec("meet.organizer", "", "Your name on meeting invitations.", str.strip),
    SettingSpec(
        "meet.email", "", "Your e-mail address on meeting invitations (ORGANIZER).", _parse_address
    ),
    SettingSpec(
        "routing.engine",
        "",
        "A routing server for travel times: osrm, valhalla, ors or graphhopper (empty: none).",
        _parse_choice("", "osrm", "valhalla", "ors", "graphhopper"),
    ),
    SettingSpec("routing.url", "", "The routing server's address (http://host:port).", str.strip),
    SettingSpec("routing.key", "", "The routing server's API key, if it needs one.", str.strip),
    SettingSpec(
        "geocode.ban",
        "https://data.geopf.fr/geocodage",
        "The French national address base's geocoding service (scheme and domain).",
        _parse_service_url,
    ),
    SettingSpec(
        "geocode.nominatim",
        "https://nominatim.openstreetmap.org",
        "The Nominatim service for addresses outside France (scheme and domain).",
        _parse_service_url,
    ),
    SettingSpec(
        "geocode.timeout", "5", "Seconds to wait for an address lookup.", _parse_float(0.1, 60)
    ),
    SettingSpec(
        "mileage.rate",
        "0.636",
        "Mileage allowance in euros per km (French scale 2025, 5 CV, up to 5,000 km a year).",
        _parse_float(0, 10),
    ),
    SettingSpec(
        "backup.keep",
        "10",
        "Keep at most this many backups of the database (the newest).",
        _parse_int(1, 1000),
    ),
    SettingSpec(
        "backup.retention_days",
        "90",
        "Delete backups older than this many days (data she erased does not outlive it).",
        _parse_int(1, 3650),
    ),
    SettingSpec(
        "vat.mention",
        VAT_EXEMPTION,
        "VAT-exemption mention printed on exports (micro-entrepreneur under the franchise "
        "of art. 293 B of the CGI); empty: none.",
        _parse_mention,
    ),
)


def _parse_password_hash(text: str) -> str:
    value = text.strip()
    if value and not re.fullmatch(r"scrypt\$\d+\$\d+\$\d+\$[0-9a-f]{32}\$[0-9a-f]{128}", value):
        raise ValueError("is not a password hash: set it with 'creneau serve --set-password'")
    return value


def _parse_token(text: str) -> str:
    value = text.strip()
    if value and not re.fullmatch(r"[A-Za-z0-9_-]{20,100}", value):
        raise ValueError("is not a feed token (20 to 100 letters, digits, - or _)")
    return value


def _parse_hosts(text: str) -> tuple[str, ...]:
    hosts = _parse_names(text.lower())
    for host in hosts:
        if not re.fullmatch(r"(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\]", host):
            raise ValueError(
                f"'{host}' is not a host name (like box.example, 192.168.1.20, [fd00::2] "
                "or *.example.org)"
            )
    return hosts


WEB_SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "web.password_hash",
        "",
        "The web app's password, hashed (scrypt); set it with 'creneau serve --set-password'. "
        "Needed to serve on another address than this computer's (127.0.0.1).",
        _parse_password_hash,
    ),
    SettingSpec(
        "web.feed_token",
        "",
        "The secret of the plan's calendar feed URL (/feed/TOKEN.ics); empty: no feed. "
        "Made, changed or revoked on the web app's Settings page.",
        _parse_token,
    ),
    SettingSpec(
        "web.allowed_hosts",
        "",
        "More names the web app answers to, comma-separated (the Host her browser sends: "
        "a reverse proxy's public name, e.g. creneau.home.example); this computer's own "
        "names and the --host address are always allowed. Read when 'creneau serve' starts.",
        _parse_hosts,
    ),
    SettingSpec(
        "web.session_hours",
        "12",
        "Hours a login to the web app lasts, however busy (1 to 720).",
        _parse_int(1, 720),
    ),
    SettingSpec(
        "web.idle_minutes",
        "120",
        "Minutes without a request after which the web app asks for the password again "
        "(5 to 43200).",
        _parse_int(5, 43200),
    ),
    SettingSpec(
        "web.https",
        "false",
        "true when a reverse proxy serves the web app over https: the session cookie is "
        "then sent over https only (Secure).",
        _parse_bool,
    ),
    SettingSpec(
        "web.replan_wait",
        "2",
        "Seconds a change in the web app waits for the new plan before the page shows the "
        "last one with a note (the new one follows in the background; 0 to 600).",
        _parse_float(0, 600),
    ),
    SettingSpec(
        "web.upload_mb",
        "10",
        "Largest form the web app accepts (the import's files together), in megabytes (1 to 1000).",
        _parse_int(1, 1000),
    ),
)
SPECS = (*SPECS, *WEB_SPECS)
SPEC_BY_NAME = {spec.name: spec for spec in SPECS}

#: Settings that are secrets: kept in the system keyring (or a file readable by her alone),
#: never in the database; an environment variable (``CRENEAU_CALDAV_PASSWORD``...) or one
#: stored by an older version still wins (see ``ServiceContext.secret``).
SECRET_SETTINGS = frozenset({"smtp.password", "caldav.password", "routing.key"})

_PLAN_SETTINGS = (
    "timezone",
    "hours.",
    "holidays.",
    "days_off",
    "plan.",
    "home.",
    "travel.",
    "meet.radius",
    "routing.",
)


def changes_the_plan(name: str) -> bool:
    """Whether changing the setting ``name`` changes the plan (her zone, working hours,
    holidays, days off, the planner's rules): the stored plan is then recomputed at once,
    so that ``now``, ``whatif`` and ``promise`` never start from a stale one."""
    return name.startswith(_PLAN_SETTINGS)


@dataclass(frozen=True, slots=True)
class Settings:
    """Parsed settings.

    Args:
        values: every setting's parsed value, by name.
        raw: every setting's text, by name (after defaults and overrides).
    """

    values: Mapping[str, Any]
    raw: Mapping[str, str]

    @property
    def tz(self) -> ZoneInfo:
        """The user's zone."""
        return ZoneInfo(self.values["timezone"])

    @property
    def language(self) -> str:
        """``"fr"`` or ``"en"``."""
        return str(self.values["language"])

    def weekly_hours(self) -> tuple[tuple[TimePeriod, ...], ...]:
        """Working periods per weekday, Monday first."""
        return tuple(self.values[f"hours.{day}"] for day in WEEKDAYS)

    def rules(self) -> PlanningRules:
        """The planning rules of these settings."""
        return PlanningRules(
            max_clients_per_day=self.values["plan.max_clients_per_day"],
            min_block_minutes=self.values["plan.min_block"],
            granularity_minutes=self.values["plan.granularity"],
            horizon_days=self.values["plan.horizon_days"],
            timezone=self.values["timezone"],
            small_job_minutes=self.values["plan.small_job"],
            pacing_working_days=self.values["plan.pacing_days"],
            search_effort=self.values["plan.search_effort"],
            cpsat_seconds=self.values["plan.cpsat_seconds"],
            attention_working_days=self.values["plan.attention_days"],
        )

    def travel_rules(self) -> TravelRules:
        """The travel-time rules of these settings (detour, speed bands, radius)."""
        return TravelRules(
            detour=self.values["travel.detour"],
            bands=parse_speed_bands(self.values["travel.speeds"]),
            radius_minutes=self.values["meet.radius"],
        )


def parse_setting(name: str, text: str) -> Any:
    """Parse one setting's text.

    Raises:
        InputError: naming the setting, when it is unknown or its value is invalid.
    """
    spec = SPEC_BY_NAME.get(name)
    if spec is None:
        known = ", ".join(s.name for s in SPECS)
        raise InputError(f"unknown setting '{name}' (known: {known})", field=name)
    try:
        return spec.parse(text)
    except (ValueError, InputError) as exc:
        detail = exc.message if isinstance(exc, InputError) else str(exc)
        raise InputError(f"invalid value '{text}': {detail}", field=name, value=text) from exc


def load_settings(
    stored: Mapping[str, str],
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
) -> Settings:
    """Build :class:`Settings`: defaults < stored < environment < overrides.

    Args:
        stored: values from the database, by name.
        environ: environment (``CRENEAU_PLAN_MIN_BLOCK`` overrides ``plan.min_block``);
            ``os.environ`` when None.
        overrides: values from command-line flags.

    Raises:
        InputError: naming the setting whose value is invalid.
    """
    env = os.environ if environ is None else environ
    raw: dict[str, str] = {}
    for spec in SPECS:
        value = spec.default
        if spec.name in stored:
            value = stored[spec.name]
        env_name = "CRENEAU_" + spec.name.upper().replace(".", "_")
        if env_name in env:
            value = env[env_name]
        if overrides and spec.name in overrides:
            value = overrides[spec.name]
        raw[spec.name] = value
    values = {name: parse_setting(name, text) for name, text in raw.items()}
    try:
        values["_rules"] = Settings(values, raw).rules()
    except ValueError as exc:
        raise InputError(f"planning settings: {exc}") from exc
    return Settings(values, raw)

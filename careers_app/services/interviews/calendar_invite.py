"""RFC 5545 invitations (the ``icalendar`` package) and how interview times are written.

Times are stored in UTC with the IANA zone's name; the invitation carries DTSTART/DTEND
in that zone (``TZID``) with its VTIMEZONE, so a calendar shows the right instant
wherever the reader is. One UID per interview; SEQUENCE counts the changes; a
cancellation is METHOD:CANCEL with STATUS:CANCELLED and the same UID.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from icalendar import Calendar, Event, vCalAddress, vText

from careers_app.models.types import utcnow

# The zones offered when proposing a slot (IANA names); a browser's other choices are refused.
TIME_ZONES: tuple[str, ...] = (
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Toronto",
    "America/Vancouver",
    "America/Mexico_City",
    "America/Bogota",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Dhaka",
    "Asia/Jakarta",
    "Asia/Singapore",
    "Asia/Manila",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Australia/Perth",
    "Australia/Adelaide",
    "Australia/Sydney",
    "Pacific/Auckland",
)
PRODID = "-//careers_app//Interviews//EN"


@dataclass(frozen=True)
class Person:
    email: str
    name: str


def local(at: datetime, zone: str) -> datetime:
    return at.astimezone(ZoneInfo(zone))


def describe(at: datetime, minutes: int, zone: str, lang: str = "en") -> str:
    """ "Tuesday, January 13, 2026, 09:00-10:00 EST (America/New_York)": the slot's own zone,
    named, so nobody has to guess whose 9 o'clock it is. Another language than English names
    the day and month as Babel's locale data does ("martes, 13 de enero de 2026, 09:00-10:00
    EST (America/New_York)")."""
    start = local(at, zone)
    end = local(at + timedelta(minutes=minutes), zone)
    if lang != "en":
        day = format_date(start, "full", locale=lang)
        ends = (
            f"{end:%H:%M}"
            if end.date() == start.date()
            else f"{format_date(end, 'EEEE', locale=lang)} {end:%H:%M}"
        )
        return f"{day}, {start:%H:%M}-{ends} {start:%Z} ({zone})"
    ends = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%A %H:%M}"
    return f"{start:%A}, {start:%B} {start.day}, {start:%Y}, {start:%H:%M}-{ends} {start:%Z} ({zone})"


def short(at: datetime, zone: str) -> str:
    """For a board card: "Jan 13, 09:00 EST"."""
    start = local(at, zone)
    return f"{start:%b} {start.day}, {start:%H:%M} {start:%Z}"


def invitation(
    *,
    uid: str,
    sequence: int,
    method: str,
    starts_at: datetime,
    minutes: int,
    zone: str,
    summary: str,
    location: str,
    organizer: Person,
    attendees: list[Person],
    now: datetime | None = None,
) -> str:
    """One VEVENT as METHOD:REQUEST (a new or changed time) or METHOD:CANCEL."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError("method is REQUEST or CANCEL")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", now or utcnow())
    start = local(starts_at, zone)
    event.add("dtstart", start)
    event.add("dtend", local(starts_at + timedelta(minutes=minutes), zone))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    boss = vCalAddress(f"mailto:{organizer.email}")
    boss.params["cn"] = vText(organizer.name or organizer.email)
    event.add("organizer", boss)
    for person in attendees:
        who = vCalAddress(f"mailto:{person.email}")
        who.params["cn"] = vText(person.name or person.email)
        who.params["role"] = vText("REQ-PARTICIPANT")
        who.params["partstat"] = vText("NEEDS-ACTION")
        who.params["rsvp"] = vText("TRUE")
        event.add("attendee", who)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical().decode()

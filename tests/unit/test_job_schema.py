"""JobPosting JSON-LD by Google's rules, the closing date, and the XML job feed."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from careers_app.models import Office
from careers_app.models.types import utcnow
from careers_app.services.applying.applications import open_posting_ref
from careers_app.services.jobboard import job_feed, seo
from careers_app.services.postings.job_schema import EMPLOYMENT_TYPES, LOGO_PATH, JobFacts, Pay, json_ld
from careers_app.services.postings.postings import BoardFilters, get_open_posting, public_state, search_board
from careers_app.settings import PROJECT_ROOT
from tests.factories import make_office, make_posting, make_team

# https://developers.google.com/search/docs/appearance/structured-data/job-posting
GOOGLE_REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "jobLocation"}
GOOGLE_RECOMMENDED = {"validThrough", "employmentType", "identifier", "directApply", "baseSalary"}
EMPLOYMENT_ENUM = {
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
}
UNIT_ENUM = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}


def _facts(**changes: object) -> JobFacts:
    values: dict[str, Any] = {
        "slug": "sre-sf",
        "title": "SRE",
        "description_html": "<h3>Who we are</h3><p>We keep things up.</p>",
        "date_posted": "2026-11-01",
        "employment_type": "FULL_TIME",
        "city": "San Francisco",
        "region": "CA",
        "country_code": "US",
        "pay": Pay(15_000_000, 21_000_050, "USD", "YEAR"),
        "closes_at": datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),
    }
    values.update(changes)
    return JobFacts(**values)


def _ld(facts: JobFacts) -> dict:
    return json.loads(
        json_ld(
            facts, company="Acme", base_url="https://jobs.example/", logo_url="https://jobs.example/logo.png"
        )
    )


def test_json_ld_has_every_required_and_recommended_property() -> None:
    data = _ld(_facts())
    assert set(data) >= GOOGLE_REQUIRED | GOOGLE_RECOMMENDED
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Acme",
        "sameAs": "https://jobs.example",
        "logo": "https://jobs.example/logo.png",
    }
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "San Francisco",
        "addressRegion": "CA",
        "addressCountry": "US",
    }
    assert data["employmentType"] in EMPLOYMENT_ENUM
    assert data["validThrough"] == "2026-12-31T23:59:59+00:00"
    assert data["identifier"] == {"@type": "PropertyValue", "name": "Acme", "value": "sre-sf"}
    assert data["directApply"] is True and data["url"] == "https://jobs.example/jobs/sre-sf"
    salary = data["baseSalary"]
    assert salary["@type"] == "MonetaryAmount" and salary["currency"] == "USD"
    assert salary["value"] == {
        "@type": "QuantitativeValue",
        "minValue": 150000,
        "maxValue": 210000.5,
        "unitText": "YEAR",
    }
    assert salary["value"]["unitText"] in UNIT_ENUM


def test_optional_properties_are_omitted_not_empty() -> None:
    data = _ld(_facts(pay=None, closes_at=None, region=""))
    assert "baseSalary" not in data and "validThrough" not in data
    assert "addressRegion" not in data["jobLocation"]["address"]


def test_fully_remote_is_telecommute_with_a_country() -> None:
    data = _ld(_facts(remote=True))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "US"}
    assert "jobLocation" not in data


def test_nothing_in_the_text_can_close_the_script_element() -> None:
    hostile = "</script><script>alert(1)</script><!-- & ]]>"
    text = json_ld(_facts(title=hostile), company="A</script>", base_url="https://x", logo_url="https://x/l")
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["title"] == hostile


def test_pay_text_is_what_a_person_reads() -> None:
    assert Pay(15_000_000, 21_000_000, "USD", "YEAR").text() == "$150,000 – $210,000 a year"
    assert Pay(2550, 2550, "EUR", "HOUR").text() == "€25.50 an hour"
    assert Pay(100_000, 200_000, "CHF", "MONTH").text() == "1,000 CHF – 2,000 CHF a month"


def test_page_view_and_json_ld_say_the_same(session: Session) -> None:
    team, office = make_team(session, "Engineering", "eng"), make_office(session)
    office.region = "CA"
    make_posting(
        session,
        team,
        office,
        slug="paid",
        pay_min_cents=12_000_000,
        pay_max_cents=16_000_000,
        pay_currency="USD",
        pay_unit="YEAR",
        closes_at=utcnow() + timedelta(days=3),
    )
    view = get_open_posting("paid", session=session, company="Acme", base_url="https://jobs.example")
    assert view is not None
    data = json.loads(view.json_ld)
    assert view.pay == "$120,000 – $160,000 a year"
    assert data["baseSalary"]["value"]["minValue"] == 120000
    assert view.closes == data["validThrough"][:10]
    assert view.published == data["datePosted"] and view.employment_label == "Full-time"
    assert data["title"] == view.title and data["jobLocation"]["address"]["addressRegion"] == "CA"
    assert data["hiringOrganization"]["logo"] == "https://jobs.example/logo.png"


def test_a_posting_past_its_closing_date_is_closed_everywhere(session: Session) -> None:
    team, office = make_team(session, "Engineering", "eng"), make_office(session)
    make_posting(session, team, office, slug="expired", closes_at=utcnow() - timedelta(seconds=1))
    make_posting(session, team, office, slug="later", closes_at=utcnow() + timedelta(days=1))
    make_posting(session, team, office, slug="hidden", status="draft")
    assert get_open_posting("expired", session=session, company="A", base_url="http://x") is None
    assert [p.slug for p in search_board(BoardFilters(), session=session).postings] == ["later"]
    assert "/jobs/expired" not in {e.path for e in seo.sitemap_entries(session=session)}
    assert open_posting_ref("expired", session=session) is None
    assert [j.reference for j in job_feed.feed_jobs(session=session)] == ["later"]
    assert public_state("expired", session=session) == "gone"
    assert public_state("later", session=session) == "open"
    assert public_state("hidden", session=session) == "unknown"
    assert public_state("nope", session=session) == "unknown"


def test_feed_parses_and_holds_every_open_posting(session: Session) -> None:
    team, office = make_team(session, "Engineering", "eng"), make_office(session)
    office.region = "CA"
    make_posting(session, team, office, slug="one", title="A ]]> B & <C>", who_we_are="x\x01y ]]> z")
    make_posting(
        session,
        team,
        office,
        slug="two",
        pay_min_cents=100,
        pay_max_cents=200,
        pay_currency="USD",
        pay_unit="HOUR",
    )
    make_posting(session, team, office, slug="closed", status="closed")
    xml = job_feed.feed_xml(
        job_feed.feed_jobs(session=session), company="Acme", base_url="https://jobs.example"
    )
    root = ET.fromstring(xml)
    jobs = {j.findtext("referencenumber"): j for j in root.findall("job")}
    assert set(jobs) == {"one", "two"}
    one = jobs["one"]
    assert one.findtext("title") == "A ]]> B & <C>"
    assert one.findtext("url") == "https://jobs.example/jobs/one"
    assert (one.findtext("company"), one.findtext("city"), one.findtext("state")) == (
        "Acme",
        "San Francisco",
        "CA",
    )
    assert one.findtext("country") == "US" and one.findtext("jobtype") == "fulltime"
    assert "<p>xy ]]&gt; z</p>" in (one.findtext("description") or "")
    assert one.findtext("date") == "2026-11-01T00:00:00Z"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", root.findtext("lastBuildDate") or "")
    assert jobs["two"].findtext("salary") == "$1 – $2 an hour"
    for name in (
        "title",
        "date",
        "referencenumber",
        "requisitionid",
        "url",
        "company",
        "city",
        "state",
        "country",
        "description",
        "jobtype",
        "category",
    ):
        assert one.findtext(name), name


def test_the_hiring_team_sees_a_posting_past_its_closing_date_as_closed(session: Session) -> None:
    from careers_app.services.board.pipeline import postings_with_counts

    team, office = make_team(session, "Engineering", "eng"), make_office(session)
    make_posting(session, team, office, slug="expired", closes_at=utcnow() - timedelta(seconds=1))
    make_posting(session, team, office, slug="later", closes_at=utcnow() + timedelta(days=1))
    statuses = {row.slug: row.status for row in postings_with_counts(session=session)}
    assert statuses == {"expired": "closed", "later": "open"}


def _feed(session: Session) -> dict[str, ET.Element]:
    xml = job_feed.feed_xml(
        job_feed.feed_jobs(session=session), company="Acme", base_url="https://jobs.example"
    )
    return {j.findtext("referencenumber") or "": j for j in ET.fromstring(xml).findall("job")}


def _located_office(session: Session) -> Office:
    office = make_office(session)
    office.region, office.street_address, office.postal_code = "CA", "1355 Market Street, Suite 900", "94103"
    return office


def test_feed_carries_everything_the_posting_knows(session: Session) -> None:
    """Indeed's XML feed spec: requisitionid, expirationdate, streetaddress, postalcode,
    category and ISO 8601 dates; nothing the posting knows is left out, nothing is empty."""
    team, office = make_team(session, "Site Reliability", "sre"), _located_office(session)
    closes = datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)
    make_posting(
        session,
        team,
        office,
        slug="sre-sf",
        employment_type="CONTRACTOR",
        published_at=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
        closes_at=closes,
        pay_min_cents=100,
        pay_max_cents=200,
        pay_currency="USD",
        pay_unit="HOUR",
    )
    job = _feed(session)["sre-sf"]
    assert {child.tag: child.text for child in job} == {
        "title": "Software Engineer",
        "date": "2026-11-02T09:30:00Z",
        "referencenumber": "sre-sf",
        "requisitionid": "sre-sf",
        "url": "https://jobs.example/jobs/sre-sf",
        "company": "Acme",
        "city": "San Francisco",
        "state": "CA",
        "country": "US",
        "streetaddress": "1355 Market Street, Suite 900",
        "postalcode": "94103",
        "description": "<h3>Who we are</h3><p>We build things.</p>",
        "salary": "$1 – $2 an hour",
        "jobtype": "contract",
        "category": "Site Reliability",
        "expirationdate": "2026-12-31T23:59:59Z",
    }


def test_feed_leaves_out_what_is_not_known_rather_than_sending_it_empty(session: Session) -> None:
    team, office = make_team(session, "Engineering", "eng"), make_office(session)
    make_posting(session, team, office, slug="plain")
    job = _feed(session)["plain"]
    assert all((child.text or "").strip() for child in job), [c.tag for c in job if not c.text]
    for absent in ("streetaddress", "postalcode", "salary", "expirationdate", "remotetype", "state"):
        assert job.find(absent) is None, absent


def test_a_fully_remote_posting_says_so_and_not_the_offices_address(session: Session) -> None:
    team, office = make_team(session, "Engineering", "eng"), _located_office(session)
    make_posting(session, team, office, slug="anywhere", remote=True)
    job = _feed(session)["anywhere"]
    assert job.findtext("remotetype") == "Fully remote" and job.findtext("country") == "US"
    for absent in ("city", "state", "streetaddress", "postalcode"):
        assert job.find(absent) is None, absent


def test_every_employment_type_has_an_indeed_job_type() -> None:
    assert set(job_feed.JOB_TYPES) == {value for value, _ in EMPLOYMENT_TYPES}
    assert set(job_feed.JOB_TYPES.values()) <= {"fulltime", "parttime", "contract", "internship", "temporary"}


def test_json_ld_address_has_every_part_that_is_known() -> None:
    data = _ld(_facts(street_address="1355 Market Street, Suite 900", postal_code="94103"))
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "1355 Market Street, Suite 900",
            "addressLocality": "San Francisco",
            "addressRegion": "CA",
            "postalCode": "94103",
            "addressCountry": "US",
        },
    }


def test_the_page_view_carries_the_offices_street_and_postal_code(session: Session) -> None:
    team, office = make_team(session, "Engineering", "eng"), _located_office(session)
    make_posting(session, team, office, slug="located")
    view = get_open_posting("located", session=session, company="Acme", base_url="https://jobs.example")
    assert view is not None
    address = json.loads(view.json_ld)["jobLocation"]["address"]
    assert (address["streetAddress"], address["postalCode"], address["addressRegion"]) == (
        "1355 Market Street, Suite 900",
        "94103",
        "CA",
    )


def test_the_logo_is_a_png_google_accepts() -> None:
    """Google: at least 112x112 px, in a format it reads (the favicon is 32 px)."""
    data = (PROJECT_ROOT / "assets" / LOGO_PATH.lstrip("/")).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 112 and height >= 112 and width == height

"""schema.org JobPosting (Google for Jobs) and the pay text a person reads beside it.

Google's rules: title, description, datePosted, hiringOrganization and jobLocation (or
jobLocationType TELECOMMUTE with applicantLocationRequirements) are required; validThrough,
employmentType, identifier, directApply and baseSalary are recommended; the address as
complete as it is known (street, locality, region, postal code, country), and the
organisation's logo at least 112x112 px in a format Google reads (``LOGO_PATH``, a PNG in
assets/, not the 32 px favicon). Every value here is also on the page (Google penalises
markup a person cannot see), so the page and the JSON-LD read the same fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from careers_app import i18n
from careers_app.i18n import N_

# The hiring organisation's logo, served from assets/ (a square PNG, 256 px).
LOGO_PATH = "/logo.png"
# Google's employmentType enum.
EMPLOYMENT_TYPES: tuple[tuple[str, str], ...] = (
    ("FULL_TIME", N_("Full-time")),
    ("PART_TIME", N_("Part-time")),
    ("CONTRACTOR", N_("Contractor")),
    ("TEMPORARY", N_("Temporary")),
    ("INTERN", N_("Internship")),
)
# schema.org unitText values Google reads for baseSalary.
PAY_UNITS: tuple[tuple[str, str], ...] = (
    ("HOUR", N_("an hour")),
    ("DAY", N_("a day")),
    ("WEEK", N_("a week")),
    ("MONTH", N_("a month")),
    ("YEAR", N_("a year")),
)
CURRENCIES: tuple[str, ...] = ("USD", "CAD", "EUR", "GBP", "AUD", "JPY", "INR", "BRL", "SGD", "CHF")
_SYMBOLS = {"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£", "AUD": "A$", "JPY": "¥", "INR": "₹"}
_NO_MINOR_UNITS = {"JPY"}


@dataclass(frozen=True)
class Pay:
    """A pay range in minor units (cents), as stored."""

    min_cents: int
    max_cents: int
    currency: str
    unit: str

    def amount(self, cents: int) -> Decimal:
        return Decimal(cents) / 100

    def text(self, lang: str = i18n.DEFAULT) -> str:
        """ "$150,000 – $210,000 a year": what the page shows (the unit in ``lang``)."""

        def money(cents: int) -> str:
            value = self.amount(cents)
            digits = 0 if value == value.to_integral_value() or self.currency in _NO_MINOR_UNITS else 2
            number = f"{value:,.{digits}f}"
            symbol = _SYMBOLS.get(self.currency)
            return f"{symbol}{number}" if symbol else f"{number} {self.currency}"

        unit = dict(PAY_UNITS).get(self.unit, "")
        unit = i18n.translate(lang, unit) if unit else ""
        span = (
            money(self.min_cents)
            if self.min_cents == self.max_cents
            else (f"{money(self.min_cents)} – {money(self.max_cents)}")
        )
        return f"{span} {unit}".strip()


@dataclass(frozen=True)
class JobFacts:
    """What the JSON-LD says, each a value the page shows too."""

    slug: str
    title: str
    description_html: str
    date_posted: str  # ISO date
    employment_type: str
    city: str
    region: str
    country_code: str
    remote: bool = False
    pay: Pay | None = None
    closes_at: datetime | None = None
    street_address: str = ""  # the office's, "" when not known
    postal_code: str = ""
    language: str = i18n.DEFAULT  # of the title and description: a Spanish version's URL says so


def json_ld(facts: JobFacts, *, company: str, base_url: str, logo_url: str) -> str:
    """The JobPosting as JSON text that is safe inside a <script> element."""
    base = base_url.rstrip("/")
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": facts.title,
        "description": facts.description_html,
        "datePosted": facts.date_posted,
        "employmentType": facts.employment_type,
        "hiringOrganization": {"@type": "Organization", "name": company, "sameAs": base, "logo": logo_url},
        "identifier": {"@type": "PropertyValue", "name": company, "value": facts.slug},
        "url": f"{base}/jobs/{facts.slug}"
        + ("" if facts.language == i18n.DEFAULT else f"?lang={facts.language}"),
        "directApply": True,
    }
    if facts.closes_at is not None:
        data["validThrough"] = facts.closes_at.isoformat(timespec="seconds")
    if facts.remote:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": facts.country_code}
    else:
        data["jobLocation"] = {"@type": "Place", "address": postal_address(facts)}
    if facts.pay is not None:
        pay = facts.pay
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": pay.unit}
        if pay.min_cents == pay.max_cents:
            value["value"] = _number(pay.amount(pay.min_cents))
        else:
            value["minValue"] = _number(pay.amount(pay.min_cents))
            value["maxValue"] = _number(pay.amount(pay.max_cents))
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": pay.currency, "value": value}
    return script_safe(json.dumps(data, ensure_ascii=False))


def postal_address(facts: JobFacts) -> dict[str, str]:
    """The office's address, every part that is known (an unknown part is left out, not "")."""
    parts = (
        ("streetAddress", facts.street_address),
        ("addressLocality", facts.city),
        ("addressRegion", facts.region),
        ("postalCode", facts.postal_code),
        ("addressCountry", facts.country_code),
    )
    return {"@type": "PostalAddress", **{name: value for name, value in parts if value}}


def script_safe(json_text: str) -> str:
    """Nothing in the data may close the <script> element or open a comment: escape <, > and &
    (JSON parsers read the escapes back as the same characters)."""
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)

"""Field rules for the application form. Each validator returns (clean value, error).

The same functions run as the person types (through the wizard state) and again on
submit; the browser is never trusted. No validator raises on any string.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from urllib.parse import urlsplit, urlunsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from careers_app import i18n
from careers_app.i18n import N_
from careers_app.services.candidates import race_2024
from careers_app.services.candidates.country_names import shown_names
from careers_app.services.platform.reference import (
    COUNTRY_CODES,
    EEO_QUESTIONS,
    REQUIRED_MESSAGE,
    US_COUNTRY,
    US_STATES,
)

NAME_MAX = 100
ADDRESS_MAX = 200
LINK_MAX = 200
CITY_MAX = 100
INPUT_MAX = 1000  # anything longer is cut before validation: no work on huge strings

_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_NAME_PUNCTUATION = set("'’ʼ-‐.,· ")

Result = tuple[str, str]  # (clean value, error message or "")


def _prepare(value: object, limit: int = INPUT_MAX) -> str:
    text = value if isinstance(value, str) else ""
    text = unicodedata.normalize("NFC", text[:limit])
    return " ".join(text.split()) if text.strip() else ""


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or ch in _BIDI_CONTROLS for ch in text)


def _raw_has_control(value: object) -> bool:
    # Tabs and newlines pasted into a one-line field are folded to spaces, not refused.
    text = value if isinstance(value, str) else ""
    return _has_control(text[:INPUT_MAX].replace("\t", " ").replace("\n", " ").replace("\r", " "))


def validate_name(value: object, *, required: bool = True) -> Result:
    if _raw_has_control(value):
        return "", N_("Remove the invisible control characters.")
    text = _prepare(value)
    if not text:
        return "", REQUIRED_MESSAGE if required else ""
    if len(text) > NAME_MAX:
        return text, f"Use at most {NAME_MAX} characters."
    for ch in text:
        category = unicodedata.category(ch)
        if not (category[0] in ("L", "M") or ch in _NAME_PUNCTUATION or category == "Zs"):
            return text, N_("Use letters, spaces, hyphens and apostrophes only.")
    if not any(unicodedata.category(ch)[0] == "L" for ch in text):
        return text, N_("Enter a name with at least one letter.")
    return text, ""


def validate_email_address(value: object) -> Result:
    if _raw_has_control(value):
        return "", N_("Remove the invisible control characters.")
    text = value.strip()[:320] if isinstance(value, str) else ""
    if not text:
        return "", REQUIRED_MESSAGE
    try:
        info = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        return text, f"Enter a valid email address, like name@example.com ({_email_reason(exc)})."
    normalised = info.normalized.lower()
    if len(normalised) > 254:
        return text, N_("Use an email address of at most 254 characters.")
    return normalised, ""


def _email_reason(exc: EmailNotValidError) -> str:
    reason = str(exc).rstrip(".")
    return reason[0].lower() + reason[1:] if reason else "not valid"


def country_code(country: str) -> str | None:
    return COUNTRY_CODES.get(country)


def validate_phone(value: object, country: str = "") -> Result:
    """Parse with the chosen country (US until one is chosen); store E.164."""
    if _raw_has_control(value):
        return "", N_("Remove the invisible control characters.")
    text = _prepare(value, 40)
    if not text:
        return "", REQUIRED_MESSAGE
    if len(text) > 30 or not re.fullmatch(r"[0-9+()./\- ]+(\s*(x|ext\.?)\s*\d{1,6})?", text, re.IGNORECASE):
        return text, N_("Enter a phone number using digits, spaces, and + ( ) - only.")
    region = country_code(country) or "US"
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return text, N_("Enter a valid phone number, including the area code.")
    if not phonenumbers.is_valid_number(number):
        where = country or US_COUNTRY
        example = phonenumbers.example_number(region)
        hint = (
            f", e.g. {phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)}"
            if example
            else ""
        )
        return text, f"Enter a valid phone number for {where}, or start with + and the country code{hint}."
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), ""


def validate_country(value: object) -> Result:
    text = _prepare(value, 200)
    if not text:
        return "", REQUIRED_MESSAGE
    if text in COUNTRY_CODES:
        return text, ""
    match = next((name for name in COUNTRY_CODES if name.casefold() == text.casefold()), None)
    if match:
        return match, ""
    return text, N_("Choose a country from the list.")


def validate_state(value: object, country: str) -> Result:
    text = _prepare(value, 200)
    if country != US_COUNTRY:
        return "", ""
    if not text:
        return "", ""
    if text in US_STATES:
        return text, ""
    return text, N_("Choose a state from the list.")


# Postal code formats where one is well known. Values are (pattern, example, normaliser).
_ZIP_RULES: dict[str, tuple[str, str]] = {
    "US": (r"\d{5}(-?\d{4})?", "94103 or 94103-1234"),
    "CA": (r"[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d", "K1A 0B1"),
    "GB": (r"[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}", "SW1A 1AA"),
    "DE": (r"\d{5}", "10115"),
    "FR": (r"\d{5}", "75001"),
    "ES": (r"\d{5}", "28013"),
    "IT": (r"\d{5}", "00184"),
    "JP": (r"\d{3}-?\d{4}", "100-0001"),
    "IN": (r"\d{6}", "110001"),
    "BR": (r"\d{5}-?\d{3}", "01310-100"),
    "AU": (r"\d{4}", "2000"),
    "NL": (r"\d{4} ?[A-Za-z]{2}", "1012 AB"),
    "IE": (r"[A-Za-z]\d[\dWw] ?[A-Za-z\d]{4}", "D02 X285"),
}


def validate_zip(value: object, country: str) -> Result:
    if _raw_has_control(value):
        return "", N_("Remove the invisible control characters.")
    text = _prepare(value, 40)
    if not text:
        return "", ""
    if len(text) > 20:
        return text, N_("Use at most 20 characters.")
    code = country_code(country)
    rule = _ZIP_RULES.get(code or "")
    if rule and not re.fullmatch(rule[0], text):
        label = "ZIP code" if code == "US" else "postal code"
        return text, f"Enter a valid {label} for {country}, like {rule[1]}."
    if code == "US" and len(text) == 9:
        text = f"{text[:5]}-{text[5:]}"
    if code in ("CA", "GB", "NL", "IE"):
        text = text.upper()
    return text, ""


def validate_free_text(value: object, limit: int) -> Result:
    if _raw_has_control(value):
        return "", N_("Remove the invisible control characters.")
    text = _prepare(value)
    if len(text) > limit:
        return text, f"Use at most {limit} characters."
    return text, ""


LINK_NOT_VALID = N_("Enter a web address, like https://example.com/your-work.")
LINK_RULES: dict[str, tuple[tuple[str, ...], str, str]] = {
    # field: (hosts it must be on, the path it must start with, the message when it is not)
    "linkedin": (
        ("linkedin.com",),
        "/in/",
        N_("Enter your LinkedIn profile address, like https://www.linkedin.com/in/your-name."),
    ),
    "github": (
        ("github.com",),
        "/",
        N_("Enter your GitHub profile address, like https://github.com/your-name."),
    ),
    "website": ((), "", LINK_NOT_VALID),
}
LINK_FIELDS: tuple[str, ...] = tuple(LINK_RULES)


def validate_link(field_name: str, value: object) -> Result:
    """An optional web address (LinkedIn, GitHub, a website): empty, or http(s) with a host;
    "linkedin.com/in/x" typed without a scheme gets https://. The clean value is what a
    recruiter's link opens, so nothing but http and https ever passes."""
    hosts, path_start, message = LINK_RULES[field_name]
    if _raw_has_control(value):
        return "", N_("Remove the invisible control characters.")
    text = _prepare(value)
    if not text:
        return "", ""
    if len(text) > LINK_MAX:
        return text, N_("Use at most 200 characters.")
    if any(c.isspace() for c in text):
        return text, message
    try:
        parts = urlsplit(text if re.match(r"(?i)^[a-z][a-z0-9+.-]*://", text) else f"https://{text}")
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018  # a port that is not a number raises ValueError here
    except ValueError:
        return text, message
    if parts.scheme.lower() not in ("http", "https") or parts.username or parts.password:
        return text, message
    if "." not in host.strip(".") or not re.fullmatch(r"[a-z0-9.-]+", host):
        return text, message
    if hosts and not any(host == h or host.endswith("." + h) for h in hosts):
        return text, message
    handle = parts.path[len(path_start) :].strip("/") if parts.path.startswith(path_start) else ""
    if path_start and not handle:  # the profile itself, not the site's front page
        return text, message
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, "")), ""


def validate_eeo(field_name: str, value: object) -> Result:
    options = next((opts for name, _, opts in EEO_QUESTIONS if name == field_name), None)
    text = value if isinstance(value, str) else ""
    if options is None:
        return "", N_("Unknown question.")
    if text == "" or text in options:
        return text, ""
    if field_name == "race_ethnicity" and race_2024.valid(text):  # the 2024 combined question
        return text, ""
    return "", N_("Choose one of the listed answers.")


@dataclass(frozen=True)
class ApplicantInput:
    """The person's details as typed (untrusted)."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    country: str = ""
    zip_code: str = ""
    linkedin: str = ""
    github: str = ""
    website: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> ApplicantInput:
        return cls(**{f.name: data[f.name] if isinstance(data.get(f.name), str) else "" for f in fields(cls)})  # type: ignore[arg-type]


@dataclass(frozen=True)
class CleanApplicant:
    """The person's details after validation: what is stored."""

    first_name: str
    last_name: str
    email: str
    phone_e164: str
    address: str
    city: str
    state: str
    country: str
    zip_code: str
    linkedin: str = ""  # optional links, on the documents step
    github: str = ""
    website: str = ""


FIELD_STEP: dict[str, int] = {
    "first_name": 1,
    "last_name": 1,
    "email": 1,
    "phone": 1,
    "address": 2,
    "city": 2,
    "state": 2,
    "country": 2,
    "zip_code": 2,
    "linkedin": 3,
    "github": 3,
    "website": 3,
}
APPLICANT_FIELDS: tuple[str, ...] = tuple(FIELD_STEP)


def validate_field(name: str, data: Mapping[str, object]) -> Result:
    """Validate one field of the form given the others (phone, zip and state need the country)."""
    country = data.get("country")
    country_name = validate_country(country)[0] if isinstance(country, str) else ""
    value = data.get(name, "")
    checks: dict[str, Callable[[], Result]] = {
        "first_name": lambda: validate_name(value),
        "last_name": lambda: validate_name(value),
        "email": lambda: validate_email_address(value),
        "phone": lambda: validate_phone(value, country_name),
        "address": lambda: validate_free_text(value, ADDRESS_MAX),
        "city": lambda: validate_free_text(value, CITY_MAX),
        "state": lambda: validate_state(value, country_name),
        "country": lambda: validate_country(value),
        "zip_code": lambda: validate_zip(value, country_name),
    }
    for link in LINK_FIELDS:
        checks[link] = functools.partial(validate_link, link, value)
    check = checks.get(name)
    if check is None:
        return "", N_("Unknown field.")
    return check()


def validate_applicant(data: Mapping[str, object]) -> tuple[CleanApplicant | None, dict[str, str]]:
    """Every field at once; returns the clean applicant only when there are no errors."""
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in APPLICANT_FIELDS:
        value, error = validate_field(name, data)
        clean[name] = value
        if error:
            errors[name] = error
    if errors:
        return None, errors
    return (
        CleanApplicant(
            first_name=clean["first_name"],
            last_name=clean["last_name"],
            email=clean["email"],
            phone_e164=clean["phone"],
            address=clean["address"],
            city=clean["city"],
            state=clean["state"],
            country=clean["country"],
            zip_code=clean["zip_code"],
            linkedin=clean["linkedin"],
            github=clean["github"],
            website=clean["website"],
        ),
        {},
    )


def step_errors(step: int, data: Mapping[str, object]) -> dict[str, str]:
    return {
        name: error
        for name in APPLICANT_FIELDS
        if FIELD_STEP[name] == step and (error := validate_field(name, data)[1])
    }


# ----- messages with values in them, in the tab's language ------------------------------------
# A message the catalog has is translated whole (``tr`` on the page); these five carry a value
# (a length, the email library's reason, a country, an example, a file size), so no catalog
# entry matches them: each has its English pattern here, next to the validator that writes it,
# and its Spanish words. The English ones stay as the seed wrote them.
_WITH_VALUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Use at most (?P<n>\d+) characters\."), "Usa como máximo {n} caracteres."),
    (
        re.compile(r"Enter a valid email address, like name@example\.com \(.*\)\."),
        "Escribe una dirección de correo electrónico válida, como nombre@example.com.",
    ),
    (
        re.compile(
            r"Enter a valid phone number for (?P<country>.+), or start with \+ and the country code"
            r"(?:, e\.g\. (?P<example>.+))?\."
        ),
        "Escribe un número de teléfono válido de {country}, o empieza con + y el código del país{example}.",
    ),
    (
        re.compile(r"Enter a valid (?:ZIP|postal) code for (?P<country>.+), like (?P<example>.+)\."),
        "Escribe un código postal válido de {country}, como {example}.",
    ),
    (
        re.compile(r"File is larger than 1 MB \(it is (?P<size>.+)\)\."),
        "El archivo supera 1 MB (tiene {size}).",
    ),
)


def in_language(message: str, lang: str) -> str:
    """A validation message in ``lang``: the catalog's words, or those of a message with values;
    English, or unknown, as it is."""
    translated = i18n.translate(lang, message) if message else message
    return translated if translated != message else values_in_language(message, lang)


def values_in_language(message: str, lang: str) -> str:
    """A message with values (above) in ``lang``, the country named as the tab names it; any
    other message as it is (the page's ``tr`` translates those from the catalog)."""
    lang = i18n.supported(lang) or i18n.DEFAULT
    if not message or lang == i18n.DEFAULT:
        return message
    for pattern, words in _WITH_VALUES:
        found = pattern.fullmatch(message)
        if found is None:
            continue
        values = {k: v or "" for k, v in found.groupdict().items()}
        if values.get("example"):
            values["example"] = values["example"].replace(" or ", " o ")
        if "country" in values:
            values["country"] = shown_names(lang).get(values["country"], values["country"])
        if values.get("example") and "código del país" in words:
            values["example"] = f", p. ej. {values['example']}"
        return words.format(**values)
    return message

"""Guesses a person's contact details from their resume's text, for the wizard to suggest.

The text is what pypdf extracted when the resume was checked (documents.check_pdf). Nothing
leaves the server and nothing here is kept: the wizard shows each guess as a suggestion the
person accepts, edits or clears. A field it cannot find is left out, never made up.

Why it works line by line: pypdf gives a two-column resume as one column after the other
(or, for a table, a row's cells one after another), so the contact block may come after the
whole experience section. So a name is looked for among name-like lines near the top and
near the contact details, a place only on lines shaped like one ("City, Country", a
"Location:" line), and a phone number only where it is labelled or shaped like one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields

import phonenumbers

from careers_app.services.candidates.resume_words import (
    CONTACT_SECTIONS,
    COUNTRY_LOOKUP,
    COUNTRY_RE,
    LOCATION_LABELS,
    NAME_LABEL,
    NOT_NAME_SUBSTRINGS,
    NOT_NAME_WORDS,
    PARTICLES,
    PHONE_LABELS,
    REGIONS,
    SECTION_WORDS,
    SEPARATORS,
    US_STATE_CODES,
    US_STATE_NAMES,
)
from careers_app.services.candidates.validation import validate_email_address, validate_name
from careers_app.services.platform.reference import COUNTRY_CODES, US_COUNTRY

OFFERED = 0.3  # the wizard suggests guesses at least this sure (a name after a two-column sidebar: ~0.35)
# The fields the wizard has, in its order (the links are on the documents step).
WIZARD_FIELDS = (
    *("first_name", "last_name", "email", "phone", "city", "country"),
    *("linkedin", "github", "website"),
)
MAX_TEXT = 20_000  # the contact block is near the start; the rest of a long resume is not read
HEAD_LINES = 40


@dataclass(frozen=True)
class Guess:
    value: str
    confidence: float  # 0..1: how sure the guess is (the wizard offers those of at least 0.5)


@dataclass(frozen=True)
class ResumeGuess:
    first_name: Guess | None = None
    last_name: Guess | None = None
    email: Guess | None = None
    phone: Guess | None = None  # E.164
    city: Guess | None = None
    country: Guess | None = None  # one of reference.COUNTRY_NAMES
    linkedin: Guess | None = None  # https://www.linkedin.com/in/<id>
    github: Guess | None = None  # https://github.com/<user>
    website: Guess | None = None  # https://<host>[/path]

    def found(self) -> dict[str, Guess]:
        """The fields it found, by name."""
        return {f.name: g for f in fields(self) if (g := getattr(self, f.name)) is not None}


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ResumeGuess))

# ----- helpers -----------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text[:MAX_TEXT]).replace("\r", "\n").replace("\x00", "")
    out = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line:
            out.append(line)
    return out


def _segments(line: str) -> list[str]:
    return [s.strip(" ,") for s in SEPARATORS.split(line) if s and s.strip(" ,")]


def _is_heading(line: str) -> bool:
    key = line.strip(" :：").casefold()
    return key in SECTION_WORDS


def _sections(lines: list[str]) -> list[str]:
    """Per line: "head" (before any heading), "contact" (under a contact heading) or "body"."""
    out, current = [], "head"
    for line in lines:
        if _is_heading(line):
            key = line.strip(" :：").casefold()
            current = "contact" if key in CONTACT_SECTIONS else "body"
        out.append(current)
    return out


_TECH_SUFFIXES = {
    "js",
    "ts",
    "py",
    "rb",
    "go",
    "md",
    "txt",
    "pdf",
    "exe",
    "json",
    "yml",
    "yaml",
    "sh",
    "css",
    "html",
    "net",
}


def _without_contact(line: str) -> str:
    """The line with its email addresses, links and phone-like runs cut out (as separators):
    pypdf joins a two-column row into one line ("Jane Doe jane@example.com")."""
    line = _EMAIL_RE.sub(" | ", line)
    line = _URL_RE.sub(" | ", line)
    return re.sub(r"\+?[\d(][\d ()./-]{5,}\d", " | ", line)


def _fold(text: str) -> str:
    """Lowercase ASCII letters only (for comparing a name with an email address)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


# ----- email and links ------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_URL_RE = re.compile(
    r"(?<![@\w.-])((?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[^\s|,;()<>]*)?)",
    re.IGNORECASE,
)
_SITE_TLDS = {
    "com", "dev", "io", "me", "net", "org", "site", "page", "app", "tech", "xyz", "info", "blog", "co",
    "de", "fr", "uk", "es", "it", "nl", "br", "in", "jp", "gr", "ru", "ca", "au", "ch", "at", "se", "eu",
}  # fmt: skip
_NOT_PERSONAL = ("linkedin.", "github.", "twitter.", "x.com", "facebook.", "instagram.", "gmail.", "google.")


def _email(lines: list[str]) -> tuple[Guess | None, int]:
    found: list[tuple[str, int]] = []
    for i, line in enumerate(lines):
        for m in _EMAIL_RE.finditer(line):
            clean, error = validate_email_address(m.group(0).strip("."))
            if not error:
                found.append((clean, i))
    if not found:
        return None, -1
    distinct = {e for e, _ in found}
    return Guess(found[0][0], 0.95 if len(distinct) == 1 else 0.8), found[0][1]


def _links(lines: list[str]) -> dict[str, Guess]:
    out: dict[str, Guess] = {}
    for line in lines:
        for m in _EMAIL_RE.finditer(line):
            line = line.replace(m.group(0), " ")
        for m in _URL_RE.finditer(line):
            raw = m.group(1).rstrip(".")
            low = raw.lower()
            bare = re.sub(r"^https?://", "", low)
            bare = re.sub(r"^www\.", "", bare)
            if "linkedin.com/in/" in bare and "linkedin" not in out:
                handle = bare.split("linkedin.com/in/", 1)[1].split("/")[0].split("?")[0]
                if re.fullmatch(r"[\w%-]{2,100}", handle):
                    out["linkedin"] = Guess(f"https://www.linkedin.com/in/{handle}", 0.95)
            elif bare.startswith("github.com/") and "github" not in out:
                user = bare.split("/")[1] if bare.count("/") else ""
                if re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,38})", user):
                    out["github"] = Guess(f"https://github.com/{_case_of(raw, user)}", 0.95)
            elif "website" not in out and not any(p in bare for p in _NOT_PERSONAL):
                host = bare.split("/")[0]
                tld = host.rsplit(".", 1)[-1]
                explicit = low.startswith(("http://", "https://", "www."))
                standalone = raw == line.strip(" |·•,;") or bool(
                    re.search(rf"(^|[|·•;\s]){re.escape(raw)}\s*$", line)
                )
                if tld in _TECH_SUFFIXES and not explicit:
                    continue
                if not explicit and tld not in _SITE_TLDS and not standalone:
                    continue
                if re.fullmatch(r"\d+(\.\d+)+", host):  # a version or a decimal, not a site
                    continue
                path = bare[len(host) :].rstrip("/")
                out["website"] = Guess(f"https://{host}{path}", 0.85 if explicit else 0.6)
    return out


def _case_of(raw: str, lowered: str) -> str:
    """The user name as written (GitHub names are case-insensitive but shown as typed)."""
    idx = raw.lower().find("github.com/") + len("github.com/")
    return raw[idx : idx + len(lowered)]


# ----- place -----------------------------------------------------------------------------------

_POSTAL = re.compile(
    r"\b(\d{3}-\d{4}|\d{5}-\d{3}|\d{4,6}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|"
    r"\d{4} ?[A-Z]{2}|[A-Z]-?\d{4,5})\b"
)


@dataclass(frozen=True)
class _Place:
    city: str
    country: str
    confidence: float
    line: int


def _clean_city(segment: str) -> str:
    text = _POSTAL.sub(" ", segment)
    text = re.sub(r"^(?:[A-Z]{1,2}-)", "", text.strip())
    words = text.split()
    while len(words) > 1 and words[0].casefold().strip(":") in SECTION_WORDS | NOT_NAME_WORDS:
        words = words[1:]
    text = " ".join(words).strip(" ,.-–")
    if not text or any(ch.isdigit() for ch in text) or len(text) > 60:
        return ""
    if not any(unicodedata.category(ch)[0] == "L" for ch in text):
        return ""
    return text


def _city_from(parts: list[str]) -> str:
    """The city among the comma parts before the country: streets (with a number) and a
    region ("Maharashtra", "CA") are skipped."""
    candidates = [p for p in parts if _clean_city(p) and not _has_street_number(p)]
    cleaned = [_clean_city(p) for p in candidates]
    while len(cleaned) > 1 and cleaned[-1].casefold() in REGIONS:
        cleaned.pop()
    if len(cleaned) == 1 and cleaned[0].casefold() in REGIONS - {"berlin", "são paulo", "rio de janeiro"}:
        return ""
    return cleaned[-1] if cleaned else ""


def _has_street_number(part: str) -> bool:
    stripped = _POSTAL.sub(" ", part)
    return any(ch.isdigit() for ch in stripped)


def _place_in(segment: str, labelled: bool) -> tuple[str, str, float] | None:
    """(city, country, confidence) from one segment such as "Berlin, Germany"."""
    parts = [p.strip() for p in re.split(r",|，|、", segment) if p.strip()]
    if not parts:
        return None
    last = parts[-1]
    m = COUNTRY_RE.fullmatch(last.strip(" ."))
    if m is None:  # "75011 Paris France"? only as the segment's last word(s)
        m2 = COUNTRY_RE.search(last)
        if m2 and m2.end() == len(last.rstrip(" .")) and (labelled or len(parts) > 1):
            country = COUNTRY_LOOKUP[m2.group(1).casefold()]
            head = last[: m2.start()].strip()
            city = _city_from([*parts[:-1], head] if head else parts[:-1])
            return city, country, 0.8
    else:
        key = m.group(1).casefold()
        if key == "us" and m.group(1) != "US":
            return None
        country = COUNTRY_LOOKUP[key]
        if len(parts) == 1:
            return ("", country, 0.75) if labelled else ("", country, 0.55)
        city = _city_from(parts[:-1])
        if country == "Georgia":  # or the US state: "Atlanta, Georgia" / "Tbilisi, Georgia"
            return city, country, 0.45
        return city, country, 0.9
    # "Austin, TX 78701" / "San Francisco, California": the United States
    if len(parts) >= 2:
        tail = parts[-1].split()
        state = tail[0] if tail else ""
        if (state in US_STATE_CODES and all(_POSTAL.fullmatch(t) for t in tail[1:])) or (
            parts[-1].casefold() in US_STATE_NAMES
        ):
            city = _city_from(parts[:-1])
            if city:
                return city, US_COUNTRY, 0.85
    return None


def _place(lines: list[str], sections: list[str], near: set[int]) -> _Place | None:
    """Where the person lives: in the header or a contact block, never in the work history
    (which names employers' cities)."""
    best: _Place | None = None
    for i, line in enumerate(lines):
        if (i >= HEAD_LINES and i not in near) or (sections[i] == "body" and i not in near):
            continue
        label = LOCATION_LABELS.match(line)
        body = line[label.end() :] if label else line
        for segment in _segments(body):
            if _EMAIL_RE.search(segment) or "/" in segment:
                continue
            found = _place_in(segment, bool(label))
            if found is None:
                continue
            city, country, confidence = found
            if label:
                confidence = min(0.97, confidence + 0.05)
            if i in near:
                confidence = min(0.97, confidence + 0.03)
            if not city:
                confidence -= 0.05
            place = _Place(city, country, round(confidence, 2), i)
            if best is None or place.confidence > best.confidence:
                best = place
    return best


# ----- phone -----------------------------------------------------------------------------------

_YEARS = re.compile(r"(19|20)\d{2}\s*[-–—/]\s*((19|20)\d{2}|\d{2})\b")


def _phone_score(international: bool, regional: bool, labelled: bool, near_the_top: bool) -> float:
    """How sure a phone number found is: written with its country code, read in the resume's
    country, after a label ("Tel."), near the top or the email."""
    score = 0.6
    if international:
        score += 0.25
    elif regional:
        score += 0.2
    if labelled:
        score += 0.1
    if near_the_top:
        score += 0.05
    return score


def _phone(lines: list[str], country: str, near: set[int]) -> tuple[Guess | None, int]:
    region = COUNTRY_CODES.get(country, "") if country else ""
    best: tuple[float, str, int] | None = None
    for i, line in enumerate(lines):
        labelled = bool(PHONE_LABELS.search(line))
        if i >= HEAD_LINES and i not in near and not labelled:
            continue
        if _YEARS.search(line) and not labelled:
            continue
        for m in phonenumbers.PhoneNumberMatcher(line, region or "US", leniency=phonenumbers.Leniency.VALID):
            raw = m.raw_string
            international = raw.lstrip().startswith(("+", "00"))
            # A national number without a known country: only a US-shaped one, unsure.
            if (
                not international
                and not region
                and not labelled
                and not re.fullmatch(r"\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}", raw.strip())
            ):
                continue
            digits = sum(ch.isdigit() for ch in raw)
            if digits < 7:
                continue
            score = _phone_score(international, bool(region), labelled, i in near or i < 15)
            e164 = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
            if best is None or score > best[0]:
                best = (min(score, 0.97), e164, i)
    if best is None:
        return None, -1
    return Guess(best[1], round(best[0], 2)), best[2]


# ----- name ------------------------------------------------------------------------------------

_PATRONYMIC = re.compile(r"(вич|вна|ична|ьич|инична)$", re.IGNORECASE)


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "CYRILLIC", "GREEK", "ARABIC", "HEBREW"):
        if name.startswith(script):
            return script
    return "LATIN" if ch.isalpha() else ""


def _is_cjk(text: str) -> bool:
    return any(_script(ch) in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL") for ch in text)


def _name_tokens(segment: str) -> list[str] | None:
    """The words of a segment that reads as a person's name, or None."""
    text = NAME_LABEL.sub("", segment).strip(" ,")
    if not text or len(text) > 60 or _EMAIL_RE.search(text):
        return None
    if any(s in text for s in NOT_NAME_SUBSTRINGS):
        return None
    if validate_name(text)[1]:  # the wizard's own rule: letters, spaces, hyphens, apostrophes
        return None
    tokens = text.replace(",", " , ").split()
    words = [t for t in tokens if t != ","]
    if any(w.casefold().strip(".") in NOT_NAME_WORDS for w in words):
        return None
    if _is_cjk(text):
        return tokens if 1 <= len(words) <= 3 and len(text.replace(" ", "")) <= 8 else None
    if not 2 <= len(words) <= 5:
        return None
    for w in words:
        if w.casefold() in PARTICLES:
            continue
        first = w.lstrip("'’-")[:1]
        if not first or (first.isalpha() and not first.isupper()):
            return None  # names are capitalised in Latin, Greek and Cyrillic scripts
    return tokens


def _split_name(tokens: list[str]) -> tuple[str, str, float]:
    """(first, last, confidence) from a name's words."""
    if "," in tokens:  # "Dupont, Jean"
        at = tokens.index(",")
        last, first = " ".join(tokens[:at]), " ".join(t for t in tokens[at + 1 :] if t != ",")
        return first, last, 0.8
    words = tokens
    if _is_cjk("".join(words)):
        if len(words) == 2:  # family name first
            return words[1], words[0], 0.8
        joined = "".join(words)
        if len(joined) == 4:
            return joined[2:], joined[:2], 0.5
        return "", "", 0.0
    upper = [w for w in words if len(w.strip(".")) > 1 and w.isupper()]
    if upper and len(upper) < len(words):  # "Jean DUPONT" / "DUPONT Jean": capitals are the family name
        last = " ".join(w for w in words if w in upper)
        first = " ".join(w for w in words if w not in upper)
        return first, _title(last), 0.85
    if len(words) == 3 and _PATRONYMIC.search(words[2]):  # "Иванова Ольга Сергеевна"
        return words[1], words[0], 0.8
    if len(words) == 3 and _PATRONYMIC.search(words[1]):  # "Ольга Сергеевна Иванова"
        return words[0], words[2], 0.8
    # Particles start the family name: "Ludwig van Beethoven", "Maria da Silva".
    start = len(words) - 1
    while start - 1 >= 1 and words[start - 1].casefold() in PARTICLES:
        start -= 1
    first, last = " ".join(words[:start]), " ".join(words[start:])
    if all(w.isupper() for w in words if len(w) > 1):
        first, last = _title(first), _title(last)
    return first, last, 0.85 if len(words) == 2 else 0.75


def _title(text: str) -> str:
    """JANE -> Jane, O'NEIL -> O'Neil, MÜLLER-LÜDENSCHEIDT -> Müller-Lüdenscheidt (not particles)."""

    def word(w: str) -> str:
        if w.casefold() in PARTICLES:
            return w.lower()
        return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), w)

    return " ".join(word(w) for w in text.split())


def _surname_from_email(words: list[str], local: str) -> int:
    """Where the family name starts if the email spells it ("mj.garcia.lopez" for "María José
    García López"): the first word, after the first, from which every word is in the address."""
    folded = [_fold(w) for w in words]
    for k in range(1, len(words) - 1):
        if all(len(f) >= 2 and f in local for f in folded[k:]) and folded[k - 1] not in local:
            return k
    return 0


def _short_plain(line: str) -> bool:
    """A line that could be a headline under a name: short, no digits, no address, no heading."""
    return (
        len(line.split()) <= 6
        and not any(ch.isdigit() for ch in line)
        and "@" not in line
        and not _is_heading(line)
    )


def _looks_like_headline(line: str) -> bool:
    return any(w.casefold().strip(",.") in NOT_NAME_WORDS for w in line.split()) or any(
        s in line for s in NOT_NAME_SUBSTRINGS
    )


def _first_and_last(tokens: list[str], segment: str, local: str) -> tuple[str, str, float]:
    """The first and last names of a name's tokens, and how sure the split is; the email's
    local part shows where a surname of three or more words starts."""
    first, last, split_conf = _split_name(tokens)
    if "," not in tokens and not _is_cjk(segment):
        words = [t for t in tokens if t != ","]
        k = _surname_from_email(words, local) if len(words) >= 3 else 0
        if k:
            first, last = " ".join(words[:k]), " ".join(words[k:])
    return first, last, split_conf


def _name_score(
    lines: list[str], sections: list[str], near: set[int], index: int, position: int, labelled: bool
) -> float | None:
    """How likely a name on line ``index`` (its ``position``-th segment) is the person's, by
    where it is; None when it is in the work history neither as a heading nor by the contacts."""
    score = 0.55
    if index == 0:
        score += 0.25
    elif index < 3:
        score += 0.15
    elif sections[index] == "head":
        score += 0.05
    elif sections[index] == "body":
        # In the work history only as a name followed by its headline, or next to the
        # contact details (the main column of a two-column resume comes after the sidebar).
        headline = index + 1 < len(lines) and _short_plain(lines[index + 1])
        if not headline and not any(abs(index - j) <= 2 for j in near):
            return None
        score -= 0.15
    if any(abs(index - j) <= 2 for j in near):
        score += 0.1
    if labelled:
        score += 0.25
    if position > 0:
        score -= 0.1
    if index + 1 < len(lines) and _looks_like_headline(lines[index + 1]):
        score += 0.1  # a name is usually followed by the person's headline
    return score


def _name(
    lines: list[str], sections: list[str], near: set[int], email: str
) -> tuple[Guess | None, Guess | None]:
    local = _fold(email.split("@")[0]) if email else ""
    best: tuple[float, str, str, float] | None = None
    indexes = [*range(min(len(lines), HEAD_LINES)), *sorted(j for j in near if j >= HEAD_LINES)]
    for index in indexes:
        line = lines[index]
        if _is_heading(line):
            continue
        labelled = bool(NAME_LABEL.match(line))
        for position, segment in enumerate(_segments(_without_contact(line))):
            if _place_in(segment, False) is not None or LOCATION_LABELS.match(segment):
                continue
            tokens = _name_tokens(segment)
            if tokens is None:
                continue
            first, last, split_conf = _first_and_last(tokens, segment, local)
            if not first or not last:
                continue
            score = _name_score(lines, sections, near, index, position, labelled)
            if score is None:
                continue
            folded = [_fold(w) for w in (first + " " + last).split()]
            if local and any(len(f) >= 3 and f in local for f in folded):
                score += 0.15
            if best is None or score > best[0]:
                best = (score, first, last, split_conf)
    if best is None:
        return None, None
    score, first, last, split_conf = best
    confidence = round(max(0.0, min(0.97, score * (0.7 + 0.3 * split_conf))), 2)
    return Guess(first, confidence), Guess(last, confidence)


def _split_first_line(lines: list[str]) -> list[str]:
    """pypdf may join the name with the other column's first line ("Émilie Tremblay Montréal,
    QC, Canada"): a first line whose words before its first comma start with a name is cut
    after the name, taken to be all of those words but the last."""
    if not lines or "," not in lines[0]:
        return lines
    head, _, rest = lines[0].partition(",")
    words = head.split()
    if len(words) >= 3 and _name_tokens(" ".join(words[:-1])) is not None and _name_tokens(head) is None:
        return [" ".join(words[:-1]), f"{words[-1]},{rest}", *lines[1:]]
    if len(words) >= 3 and _name_tokens(" ".join(words[:-1])) is not None and _place_in(lines[0], False):
        return [" ".join(words[:-1]), f"{words[-1]},{rest}", *lines[1:]]
    return lines


# ----- the whole -------------------------------------------------------------------------------


def guess(text: str) -> ResumeGuess:
    """Everything found in a resume's text; never raises on any string."""
    if not isinstance(text, str) or not text.strip():
        return ResumeGuess()
    lines = _split_first_line(_lines(text))
    sections = _sections(lines)
    email, email_line = _email(lines)
    near = {email_line} if email_line >= 0 else set()
    place = _place(lines, sections, near)
    if place is not None:
        near.add(place.line)
    phone, phone_line = _phone(lines, place.country if place else "", near)
    if phone_line >= 0:
        near.add(phone_line)
    first, last = _name(lines, sections, near, email.value if email else "")
    links = _links(lines[: HEAD_LINES * 3])
    return ResumeGuess(
        first_name=first,
        last_name=last,
        email=email,
        phone=phone,
        city=Guess(place.city, place.confidence) if place and place.city else None,
        country=Guess(place.country, place.confidence) if place else None,
        linkedin=links.get("linkedin"),
        github=links.get("github"),
        website=links.get("website"),
    )


# ----- for the wizard ------------------------------------------------------------------------


def wizard_suggestions(found: ResumeGuess) -> dict[str, str]:
    """What the wizard suggests, by its field names: the guesses sure enough to offer, the phone
    written the international way (+49 30 901820: readable, and the wizard stores E.164)."""
    out: dict[str, str] = {}
    for name in WIZARD_FIELDS:
        g: Guess | None = getattr(found, name)
        if g is None or g.confidence < OFFERED:
            continue
        value = g.value
        if name == "phone":
            value = phonenumbers.format_number(
                phonenumbers.parse(value), phonenumbers.PhoneNumberFormat.INTERNATIONAL
            )
        out[name] = value
    return out

"""Redacting a resume for blind screening: the one rule for what the hiring team may read of a
hidden application's resume, and (through the stored result) what search may match.

What the person typed in the form is not enough: a resume often spells its own name another
way (a nickname, a maiden name, a middle name, initials, a transliteration, another
script). So the resume's own identity block is found too: the name line(s) at its top (the
first non-empty lines up to a section heading or a line that is not name-like: 1-5 words of
letters in any script, hyphens, apostrophes, initials, no digits), a two-column layout's
header joined with other text on one line (its leading name-like words), the words of the
email address and LinkedIn link given there and the lines they spell, and the name the
wizard's autofill reads (services/candidates/resume_autofill.py). Those words are replaced everywhere
in the text, accents and case aside, with their nicknames and a Cyrillic name's Latin
spelling, as are the form's names, and every email address, phone number, link and the
form's address. The rest (skills, experience) stays readable; it errs on hiding a word
too many (a headline in another language, a location line beside the name).

``redact`` is pure (no database): blind_screening stores its result once per resume
(``document.redacted_text``) when the application is made; migration 0019 filled it for
the resumes before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from careers_app.services.candidates import resume_autofill, resume_words

NAME = "[name]"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character in lower case without its accent, and still one character (so a match in
    the folded text is a match at the same place in the original)."""
    parts = unicodedata.normalize("NFD", ch)
    # Only accents come off (é -> e); a Hangul syllable decomposes into letters: kept whole.
    base = parts[0] if all(unicodedata.combining(p) for p in parts[1:]) else ch
    low = base.lower()
    return low if len(low) == 1 else base


def fold(text: str) -> str:
    return "".join(_fold_char(ch) for ch in text)


@dataclass(frozen=True)
class Identity:
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    city: str = ""
    zip_code: str = ""
    state: str = ""
    country: str = ""
    links: tuple[str, ...] = ()  # the form's LinkedIn, GitHub and website addresses


# Starts only where an address can start (the lookbehind): without it every character of a
# long run of address-like characters began a scan of the rest of the run (quadratic: a
# 99,000-letter resume held the worker's event loop for 25 s at each submit).
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# No word, address or link of a resume is this long; a longer run of non-space characters is
# shown as "[…]" (hidden, which is the safe side) and no pattern ever scans more than this.
MAX_TOKEN = 64
_LONG_TOKEN = re.compile(rf"\S{{{MAX_TOKEN + 1},}}")
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|io|dev|me|co|ai|app|edu|gov|info|us|uk|de|fr|ca)\b(?:/\S*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")
_LINKEDIN = re.compile(r"linkedin\.com/in/([A-Za-z0-9_-]+)", re.IGNORECASE)

# ----- words that are not names (a line holding one is a heading or a title, not a name) ------

_HEADINGS = frozenset(
    """
    experience experiences education skills skill summary profile objective objectives employment
    projects project certifications certificates certification languages language contact contacts
    references publications awards honors honours interests hobbies volunteer volunteering
    qualifications achievements accomplishments training courses about history work professional
    technical personal career competencies expertise details information info overview highlights
    berufserfahrung ausbildung kenntnisse sprachen kontakt profil erfahrung bildung
    experiencia educacion habilidades idiomas perfil contacto formacion competences langues formation
    esperienza istruzione competenze lingue doswiadczenie wyksztalcenie umiejetnosci jezyki
    опыт образование навыки контакты языки профиль
    """.split()
)
_PREAMBLE = frozenset("resume curriculum vitae cv lebenslauf резюме of".split())
_NOT_NAMES = _HEADINGS | frozenset(
    """
    engineer engineers engineering developer development manager management designer design analyst
    analytics scientist science consultant specialist director lead leader senior junior intern
    internship architect administrator officer coordinator assistant accountant teacher nurse
    student graduate head president founder cofounder co-founder programmer technician researcher
    research economist editor writer product software data sales marketing frontend backend
    fullstack full-stack devops web mobile cloud security principal staff chief executive associate
    vp cto ceo cfo coo owner partner freelance freelancer contractor expert professor lecturer
    operations finance financial business support customer service quality qa test tester
    machine learning ai ml platform infrastructure systems system network site reliability
    python java javascript typescript sql golang kotlin php scala kubernetes docker terraform aws
    azure gcp react angular vue django flask hadoop linux excel tableau html css
    name email e-mail phone mobile tel telephone link address location
    english german french spanish italian polish russian ukrainian chinese mandarin japanese korean
    portuguese arabic hindi dutch swedish norwegian danish finnish greek turkish hebrew czech
    ingeniero ingeniera ingenieur ingenieurin desarrollador desarrolladora entwickler entwicklerin
    developpeur developpeuse jurist juristin consultante berater beraterin architetto
    sviluppatore programista inzynier chef projet researcherin analista gerente direktor
    experienced passionate motivated driven results detail oriented dedicated creative
    the and of in at for with to from a an my me by on or as
    street road avenue city remote hybrid open relocation available
    """.split()
)
# The words autofill reads resumes with (services/candidates/resume_words.py), folded, join these: one
# vocabulary of what is no name. A word in a line only as part of one ("エンジニア") too.
_HEADINGS |= frozenset(fold(w) for phrase in resume_words.SECTION_WORDS for w in phrase.split())
_NOT_NAMES |= _HEADINGS | frozenset(fold(w) for w in resume_words.NOT_NAME_WORDS)
# A label before a name ("Name: Ada Lovelace"); any other label ("Address:") ends a name.
_NAME_LABELS = frozenset("name full fullname nombre nom vorname nachname имя фио imie nazwisko".split())
_HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof phd msc bsc ba bs ma mba md jr sr ii iii iv cpa pmp"
    " nee geb geborene born formerly aka".split()  # "Maria Müller (geb. Schmidt)"
)
# Particles of names ("van", "de") are not redacted alone: they are common words elsewhere.
_PARTICLES = frozenset(
    "de da di du del della der den van von la le bin ibn al el dos das do y e".split()
) | frozenset(fold(w).rstrip(".") for w in resume_words.PARTICLES)
_GENERIC_LOCAL = frozenset(
    "info contact mail email hello jobs job career careers work admin office team hr".split()
)
# Short forms and their names: a resume signed "Bob" names the Robert of its header.
# (Nicknames that are common words, such as Will, Bill, Pat or Rob, are left out.)
_NICKNAMES: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "robert bob bobby robbie",
        "william billy liam",
        "elizabeth liz lizzie beth betty eliza",
        "katherine catherine kathryn kate katie kathy cathy",
        "margaret maggie peggy meg",
        "richard rick ricky richie",
        "james jim jimmy jamie",
        "michael mike mikey",
        "thomas tom tommy",
        "christopher chris",
        "christina christine chris tina",
        "alexander alex sasha",
        "alexandra alex sasha",
        "jennifer jen jenny",
        "daniel dan danny",
        "joseph joe joey",
        "anthony tony",
        "steven stephen steve",
        "nicholas nicky",
        "matthew matt",
        "andrew andy",
        "edward eddie ted teddy",
        "charles charlie",
        "patricia patty trish",
        "susan susie suzy",
        "deborah debbie debra",
        "rebecca becky",
        "samuel sam sammy",
        "samantha sam",
        "benjamin ben benny",
        "jonathan jon",
        "timothy tim timmy",
        "kenneth ken kenny",
        "gregory greg",
        "jeffrey jeff",
        "douglas doug",
        "lawrence larry",
        "victoria vicky tori",
        "ekaterina katya",
        "aleksandr sasha",
    )
)
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i yi ye g".split(),
        strict=True,
    )
)

_SPELLED_OUT = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ø", "oe"), ("æ", "ae"), ("å", "aa"))
_TOKEN = re.compile(r"^[^\W\d_]+(?:['’.\-][^\W\d_]+)*\.?$")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+(?:[^\W\d_]\.?)?$|^[^\W\d_]$")
_SEGMENT_SPLIT = re.compile(r"\s*(?:[|•·▪●◦;]|\t|\s{3,}| [-–—] )\s*")
_WRAP = "()[]\"“”«»‘'"


def _word(token: str) -> str:
    return fold(token.strip(_WRAP + ",:")).rstrip(".")


def _kind(token: str) -> str:
    """'name' (a word that may be a name), 'skip' (an initial or honorific), or 'stop'."""
    raw = token.strip(_WRAP + ",:")
    if not raw:
        return "skip"
    if token.endswith(":"):
        return "skip" if fold(raw) in _NAME_LABELS else "stop"
    if not _TOKEN.match(raw) or any(part in raw for part in resume_words.NOT_NAME_SUBSTRINGS):
        return "stop"
    word = fold(raw).rstrip(".")
    if word in _HONORIFICS:
        return "skip"
    if _INITIALS.match(raw):
        return "skip"
    if word in _PARTICLES and raw[0].islower():
        return "skip"  # "van", "de" inside a name
    if word in _NOT_NAMES or word in _PREAMBLE or raw[0].islower():
        return "stop"  # names are capitalised (a script without case passes)
    return "name"


def _leading_names(segment: str) -> list[str]:
    """The name-like words a segment starts with (at most five; initials and titles pass). A
    single word counts only as the whole segment: "Call 555 0100" or "Built pipelines ..."
    start a sentence, not a name."""
    tokens = segment.split()
    found: list[str] = []
    for token in tokens:
        if _kind(token) == "stop":
            break
        found.append(token.strip(_WRAP + ",:"))
        if sum(_kind(t) == "name" for t in found) >= 5:
            break
    names = sum(_kind(t) == "name" for t in found)
    if names == 0 or (names == 1 and len(found) < len(tokens)):
        return []
    return found


def _all_names(segment: str) -> list[str]:
    """The segment's words if every one is name-like (1-5 words), else nothing."""
    tokens = segment.split()
    kinds = [_kind(t) for t in tokens]
    if not tokens or "stop" in kinds or not 1 <= kinds.count("name") <= 5:
        return []
    return [t.strip(_WRAP + ",:") for t in tokens]


def _is_heading(line: str) -> bool:
    """A section heading: "Experience", "Work history", "TECHNICAL SKILLS:"."""
    words = [w for w in (_word(t) for t in line.split()) if w and w not in ("and", "&")]
    return bool(words) and len(words) <= 4 and all(w in _HEADINGS for w in words)


def _after_headings(segment: str) -> str:
    """A two-column header read as one line starts with the other column's heading
    ("CONTACT ROBERT SMITH"): the name may follow it."""
    tokens = segment.split()
    while tokens and (_word(tokens[0]) in _HEADINGS or _word(tokens[0]) in _PREAMBLE):
        tokens.pop(0)
    return " ".join(tokens)


def _is_preamble(line: str) -> bool:
    words = [_word(t) for t in line.split()]
    return bool(words) and all(w in _PREAMBLE for w in words)


def _contact_like(segment: str) -> bool:
    return bool(_EMAIL.search(segment) or _URL.search(segment) or re.search(r"\d", segment))


def _lower_case_name(segment: str) -> list[str]:
    """A first line written all in lower case ("bob nowak"): two to four plain words, none a
    word of the vocabulary above."""
    tokens = [t.strip(_WRAP + ",:") for t in segment.split()]
    if not 2 <= len(tokens) <= 4 or not all(_TOKEN.match(t) and t.islower() for t in tokens):
        return []
    if any(_word(t) in _NOT_NAMES or _word(t) in _PREAMBLE for t in tokens):
        return []
    return tokens


_SPACED = re.compile(r"(?:[^\W\d_] )+[^\W\d_](?: {2,}(?:[^\W\d_] )+[^\W\d_])*")


def letter_spaced_lines(text: str) -> list[tuple[str, str]]:
    """Header lines drawn letter by letter ("B O B   N O W A K", as pypdf reads a spaced-out
    heading font): (the line as read, its words put together)."""
    found = []
    for line in [line.strip() for line in text.splitlines() if line.strip()][:HEADER_LINES]:
        if sum(ch.isalpha() for ch in line) >= 4 and _SPACED.fullmatch(line):
            found.append((line, " ".join(w.replace(" ", "") for w in re.split(r" {2,}", line))))
    return found


HEADER_LINES = 8  # the top of a resume where its name and contact block are looked for
NAME_START_LINES = 3  # the name starts on one of the first lines (a preamble or heading aside)


def _names_of_first_line(segments: list[str], looked: int) -> list[list[str]]:
    """The names that open the line of the name (the ``looked``-th line looked at), from its
    first segment on; a lower-case name only alone on the very first line."""
    names: list[list[str]] = []
    for segment in segments:
        run = _all_names(segment) if names else _leading_names(_after_headings(segment))
        if run:
            names.append(run)
        elif names:
            break
    if not names and looked == 1 and segments:
        names = [run] if (run := _lower_case_name(segments[0])) else []
    return names


def resume_names(text: str) -> list[list[str]]:
    """The resume's own name(s) at its top, as lists of words ("R.", "J.", "Smith")."""
    found: list[list[str]] = []
    lines = [line.strip() for line in unicodedata.normalize("NFC", text).splitlines() if line.strip()]
    looked = 0
    for line in lines[:HEADER_LINES]:
        if not found and _is_preamble(line):
            continue
        if not found:
            looked += 1
            if looked > NAME_START_LINES:
                break
        if _is_heading(line):
            if found:
                break
            continue  # a sidebar's "Contact" before the name
        segments = [s for s in _SEGMENT_SPLIT.split(line) if s and s.strip()]
        if not found:
            found.extend(_names_of_first_line(segments, looked))
            continue
        more = [_all_names(s) for s in segments if not _contact_like(s)]
        if not more or not all(more):
            break  # the identity block ends at the first line that is not all names
        found.extend(more)
    return found


def _contact_words(text: str) -> set[str]:
    """Words of the header's email addresses and LinkedIn links ("robert.smith@", "/in/bob-smith")."""
    top = "\n".join(text.splitlines()[: HEADER_LINES * 2])
    parts = [m.group(0).split("@")[0] for m in _EMAIL.finditer(top)]
    parts += [m.group(1) for m in _LINKEDIN.finditer(top)]
    words: set[str] = set()
    for part in parts:
        for piece in re.split(r"[^A-Za-z]+", part):
            word = fold(piece)
            if len(word) >= 3 and word not in _NOT_NAMES and word not in _GENERIC_LOCAL:
                words.add(word)
    return words


def lines_named_by_contact(text: str, contact: set[str]) -> list[str]:
    """Name lines the header's email or link spells: a line of the top that is all name-like
    and holds one of their words (in its Latin spelling too: "Коваленко" for
    "o.kovalenko@"), with the all-name-like lines right above and below it (a name drawn on
    two lines in a sidebar that pypdf reads after the contact block)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][: HEADER_LINES * 2]
    names = [_all_names(line) for line in lines]
    found: set[int] = set()
    for index, words in enumerate(names):
        spelled = {_word(w) for w in words} | {_transliterated(_word(w)) for w in words}
        if words and spelled & contact:
            found.add(index)
            found.update(j for j in (index - 1, index + 1) if 0 <= j < len(lines) and names[j])
    return [" ".join(names[i]) for i in sorted(found)]


def guessed_names(text: str) -> list[str]:
    """The name the wizard's autofill reads from the same text (services/candidates/resume_autofill.py:
    the one reader of who a resume says it is, which also looks next to the contact details,
    where a two-column resume read column after column puts the name), whatever its
    confidence: hiding a guess costs a word, missing it names the person."""
    found = resume_autofill.guess(text)
    guessed = " ".join(g.value for g in (found.first_name, found.last_name) if g is not None)
    return [w for w in guessed.split() if _word(w) not in _NOT_NAMES and _word(w) not in _PREAMBLE]


def _transliterated(word: str) -> str:
    if not any(ch in _CYRILLIC for ch in word):
        return ""
    return "".join(_CYRILLIC.get(ch, ch) for ch in word).replace("_", "")


def name_words(names: Iterable[str], *, found: bool = True) -> set[str]:
    """Folded words to redact for these names: each word of two letters or more (not an
    initial, not a particle), its nicknames and its Latin spelling when it is Cyrillic. Names
    ``found`` in the text leave out the labels and titles read with them ("Name:", "Dr."); the
    form's names are taken whole."""
    words: set[str] = set()
    for name in names:
        for piece in re.split(r"[\s,]+|(?<=[^\W\d_])-(?=[^\W\d_])", name):
            word = _word(piece)
            one_sign = len(word) == 1 and ord(word) >= 0x2E80  # 김, 王: a whole name in CJK scripts
            if not one_sign and (
                len(word.replace(".", "")) < 2 or word in _PARTICLES or _INITIALS.match(word)
            ):
                continue
            if found and (word in _NOT_NAMES or word in _HONORIFICS or word in _NAME_LABELS):
                continue
            words.add(word)
            spelled = piece.strip(_WRAP + ",:").lower()
            for umlaut, plain in _SPELLED_OUT:
                spelled = spelled.replace(umlaut, plain)
            words.add(fold(spelled).rstrip("."))  # Müller is also written Mueller
            for part in word.split("-"):
                if len(part) >= 2 and part not in _PARTICLES:
                    words.add(part)
    for word in list(words):
        latin = _transliterated(word)
        if len(latin) >= 2:
            words.add(latin)
        for group in _NICKNAMES:
            if word in group:
                words |= group
    return words


def _replace_folded(text: str, pattern: re.Pattern[str], token: str) -> str:
    """Replace the matches of ``pattern`` (written against folded text) in the original text."""
    folded = fold(text)
    out, last = [], 0
    for match in pattern.finditer(folded):
        out.append(text[last : match.start()])
        out.append(token)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in ordered)})(?!\w)")


def _phrase_pattern(phrase: list[str]) -> re.Pattern[str]:
    """A name as written ("R. J. Smith"), initials included, with any spacing between."""
    parts = [re.escape(fold(t)) for t in phrase]
    between = r"\W{0,4}"
    return re.compile(r"(?<!\w)" + between.join(parts) + r"(?!\w)")


def _phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return "[phone]" if 9 <= digits <= 15 else match.group(0)


def redact(text: str, identity: Identity) -> str:
    """The text without who wrote it: the resume's own name block and every other occurrence of
    its words, the form's names, every email address, phone number and link, and the form's
    address. Pure and deterministic: stored once per application."""
    text = _LONG_TOKEN.sub("[…]", unicodedata.normalize("NFC", text))  # bounds every pattern's work
    own = resume_names(text)
    contact = _contact_words(text)
    spaced = letter_spaced_lines(text)
    named = [*(" ".join(p) for p in own), *guessed_names(text), *lines_named_by_contact(text, contact)]
    named += [words for _, words in spaced if _all_names(words) or _lower_case_name(words)]
    words = name_words(named) | contact
    words |= name_words([identity.first_name, identity.last_name], found=False)
    out = _EMAIL.sub("[email]", text)
    if identity.email:
        out = re.sub(re.escape(identity.email), "[email]", out, flags=re.IGNORECASE)
    out = _URL.sub("[link]", out)
    for link in identity.links:  # the form's links written bare ("github.com/ada-l"), and their handle
        bare = re.sub(r"(?i)^https?://(www\.)?", "", link.strip()).rstrip("/")
        handle = bare.rsplit("/", 1)[-1] if "/" in bare else ""
        for value in (bare, handle if len(handle) >= 4 else ""):
            if value:
                pattern = re.compile(rf"(?<![\w/.]){re.escape(fold(value))}(?![\w/])")
                out = _replace_folded(out, pattern, "[link]")
    out = _PHONE.sub(_phone, out)
    if identity.address.strip():
        out = _replace_folded(out, re.compile(re.escape(fold(identity.address.strip()))), "[address]")
    # The state and country too ("Kyoto, Japan"): with the rest hidden, "the one from Japan"
    # names a person. A two-letter state ("IL") is left alone: it would match ordinary words.
    place = (
        identity.zip_code,
        identity.city,
        identity.country,
        identity.state if len(identity.state.strip()) > 2 else "",
    )
    for value in place:
        if value.strip():
            pattern = re.compile(rf"(?<!\w){re.escape(fold(value.strip()))}(?!\w)")
            out = _replace_folded(out, pattern, "[address]")
    for phrase in sorted(own, key=len, reverse=True):
        out = _replace_folded(out, _phrase_pattern(phrase), NAME)
    every = _words_pattern(words)
    if every is not None:
        out = _replace_folded(out, every, NAME)
    for line, _words in spaced:
        out = out.replace(line, NAME)
    return out

"""Blind screening's redaction hides the resume's own name, not only the form's (issue 18,
finding D): a nickname, initials, a middle or maiden name, a transliteration, another script,
a two-column header that pypdf joins with the other column. The text comes from real PDFs
through the app's own checker (pypdf in its limited process) where the shape is a layout;
scripts Helvetica cannot draw are given as the text an embedded-font PDF yields.

Each test failed before: the redaction replaced only the words of the form's names."""

from __future__ import annotations

import re

import pytest

from careers_app.devtools.pdfs import make_pdf
from careers_app.services.candidates.documents import check_pdf
from careers_app.services.candidates.pdf_worker import assemble_pdf
from careers_app.services.visibility.blind_screening import Identity, redact
from careers_app.services.visibility.redaction import fold
from tests.resumes.corpus import CORPUS, HELD_OUT, Resume, build, text_of

ROBERT = Identity(first_name="Robert", last_name="Quillfeather", email="rq@mail.example.org")
SKILLS = "Python, SQL and Airflow; built the billing pipeline at Acme (2019-2023)."


def _text(lines: list[str]) -> str:
    """The text the app stores for a one-column PDF with these lines."""
    return check_pdf(make_pdf([lines])).text


def _two_columns(rows: list[tuple[str, str]]) -> str:
    """The text the app stores for a two-column page: each row's left and right cells on
    one baseline (pypdf reads them as one line)."""
    ops, y = [], 740
    for left, right in rows:
        for x, cell in ((40, left), (320, right)):
            if cell:
                ops.append(f"BT /F1 11 Tf {x} {y} Td ({cell}) Tj ET")
        y -= 16
    content = "\n".join(ops).encode("cp1252")
    pdf = assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>",
            f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        ]
    )
    return check_pdf(pdf).text


def _names_left(text: str, *names: str) -> list[str]:
    """Which of these names are still in the text as words (case aside)."""
    return [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE)]


def test_a_nickname_at_the_top_is_hidden_wherever_it_appears() -> None:
    text = _text(["Bob Nowak", "Data Engineer", "", "Experience", f"Bob Nowak: {SKILLS}", "Ask Bob."])
    assert "Bob Nowak" in text  # pypdf read it
    out = redact(text, ROBERT)
    assert _names_left(out, "Bob", "Nowak") == []
    assert out.startswith("[name]") and "Data Engineer" in out and SKILLS in out


def test_initials_and_a_middle_name() -> None:
    out = redact(_text(["R. J. Quillfeather", "Summary", "R. J. Quillfeather leads. " + SKILLS]), ROBERT)
    assert _names_left(out, "Quillfeather", "R. J.") == [] and SKILLS in out
    out = redact(_text(["Robert James Nowak-Quillfeather", "Experience", "James wrote " + SKILLS]), ROBERT)
    assert _names_left(out, "James", "Nowak", "Nowak-Quillfeather") == [] and SKILLS in out


def test_a_maiden_name_and_spellings_without_accents() -> None:
    maria = Identity(first_name="Maria", last_name="Weber")
    text = _text(
        [
            "CURRICULUM VITAE",
            "Maria Müller (geb. Schmidt)",
            "Berufserfahrung",
            "Maria Mueller, formerly Schmidt, at Muller & Co: " + SKILLS,
        ]
    )
    assert "Müller" in text
    out = redact(text, maria)
    assert _names_left(out, "Maria", "Müller", "Mueller", "Muller", "Schmidt") == []
    assert "CURRICULUM VITAE" in out and "Berufserfahrung" in out and SKILLS in out


def test_a_name_in_another_script_and_its_transliteration() -> None:
    text = "Роберт Смит\nRobert Smith\nОпыт\nSmith (Смит) built it. " + SKILLS
    out = redact(text, Identity(first_name="Bob", last_name="Kowalski"))
    assert _names_left(out, "Роберт", "Смит", "Robert", "Smith") == [] and SKILLS in out
    out = redact("Юрий Гагарин\nExperience\nYuriy wrote; Gagarin reviewed.", Identity())
    assert _names_left(out, "Юрий", "Гагарин", "Gagarin") == []


def test_a_script_without_capitals() -> None:
    out = redact("山田 太郎\nExperience\n山田 worked at Sony. " + SKILLS, Identity())
    assert "山田" not in out and "太郎" not in out and "Sony" in out and SKILLS in out


def test_a_two_column_header_read_as_one_line() -> None:
    text = _two_columns(
        [
            ("BOBBY R. NOWAK", "SKILLS"),
            ("Data Engineer", "Python, SQL, Airflow"),
            ("bob.nowak@mail.example.org", "LANGUAGES"),
            ("EXPERIENCE", "Polish, English"),
            ("Acme 2019-2023: Bobby and Bob built pipelines.", ""),
            ("Nowak Prize 2020", ""),
        ]
    )
    assert text.startswith("BOBBY R. NOWAK SKILLS")  # the two columns joined on one line
    out = redact(text, ROBERT)
    assert _names_left(out, "Bobby", "Bob", "Nowak", "R.") == []
    for kept in ("SKILLS", "Data Engineer Python, SQL, Airflow", "EXPERIENCE Polish, English", "Prize 2020"):
        assert kept in out, kept


def test_a_sidebar_that_starts_with_its_heading() -> None:
    text = _two_columns(
        [("CONTACT", "ADA KOWALSKA"), ("ada@mail.example.org", "Backend Engineer"), ("", SKILLS)]
    )
    out = redact(text, ROBERT)
    assert _names_left(out, "Ada", "Kowalska") == [] and "CONTACT" in out and "Backend Engineer" in out


def test_the_email_address_names_the_person_when_the_header_does_not() -> None:
    out = redact("Software Engineer\nbobby.nowak@mail.example.org\nNowak wrote " + SKILLS, ROBERT)
    assert _names_left(out, "Nowak", "bobby") == [] and "Software Engineer" in out


def test_a_name_in_lower_case_or_spaced_out_letter_by_letter() -> None:
    for header in ("bob nowak", "B O B   N O W A K"):
        text = _text([header, "Data Engineer", "Experience", f"Bob Nowak: {SKILLS}"])
        assert header in text  # as pypdf reads it
        out = redact(text, ROBERT)
        assert header not in out and _names_left(out, "Bob", "Nowak") == [], header
        assert out.splitlines()[:3] == ["[name]", "Data Engineer", "Experience"] and SKILLS in out


def test_the_rest_of_the_resume_stays_as_it_was() -> None:
    body = [
        "Summary",
        "Senior Data Engineer with 8 years of experience.",
        "Skills: Python, SQL, Kubernetes, Terraform",
        "Built pipelines at Acme; led a team of 5.",
        "Education: BS in Computer Science, 2015",
    ]
    out = redact(_text(["Bob Nowak", *body]), ROBERT)
    assert out.splitlines() == ["[name]", *body]
    # Without a name at the top nothing is taken for one: a sentence is not a name.
    plain = "Built pipelines at Acme\nCall 555 0100\nSkills\nPython"
    assert redact(plain, Identity()) == plain


@pytest.mark.parametrize("resume", [*CORPUS, *HELD_OUT], ids=lambda r: r.key)
def test_the_autofill_corpus_names_nobody_once_redacted(resume: Resume) -> None:
    """The generated resumes of tests/resumes (one and two columns, tables, footers, labels;
    Latin, CJK, Greek, Cyrillic, Hangul) with a form that names nobody: each one's own name
    is gone, whatever the layout (a particle such as "da" or "von" alone names nobody)."""
    text = text_of(build(resume))
    out = redact(text, Identity())
    names = f"{resume.expected['first_name']} {resume.expected['last_name']}".split()
    words = [w for w in names if len(w) > 3 or not w.islower()]
    assert [w for w in words if re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", fold(out))] == []
    assert "[[" not in out
    body = [line.lower() for heading, lines in resume.body for line in (heading, *lines)]
    shown = out.lower()
    assert sum(line in shown for line in body) >= 0.8 * len(body)  # the work history stays readable

"""The Spanish catalog is complete and current, and candidate pages leave no text outside it.

Messages are extracted from the candidate side's modules with Babel and babel.cfg, exactly
as the command in docs/i18n.md does, and compared with careers_app/locale/es/LC_MESSAGES/messages.po:
every message has a Spanish translation (each plural form), no entry is stale or fuzzy,
placeholders survive translation. A page text written without ``_()`` is found by reading
the page modules: a string literal given to an element as its text or as a label a
person reads fails the test.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from careers_app import i18n
from careers_app.http import first_response_html as markup
from careers_app.services.postings.postings import BoardResult, Option, PostingSummary, PostingView, Section
from careers_app.settings import PROJECT_ROOT

PO = PROJECT_ROOT / "careers_app" / "locale" / "es" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
# The candidate-side page modules whose literals must all go through _().
PAGE_MODULES = (
    "careers_app/pages/board.py",
    "careers_app/pages/posting.py",
    "careers_app/components/layout.py",
    "careers_app/components/job_alerts.py",
    "careers_app/components/form.py",
    "careers_app/pages/candidate_status.py",
    "careers_app/pages/apply.py",
    "careers_app/pages/apply_autofill.py",
    "careers_app/pages/interview_pick.py",
)
# Attributes a person reads (or hears from a screen reader).
READ_ATTRIBUTES = {"placeholder", "aria_label", "title", "alt", "label"}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)s")


def _extracted() -> dict[str, tuple[str, ...]]:
    with (PROJECT_ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        ids = (message,) if isinstance(message, str) else tuple(m for m in message if m)
        found[ids[0]] = ids
    return found


def _catalog() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]]:
    with PO.open("rb") as file:
        catalog = read_po(file, locale="es")
    entries = {}
    for message in catalog:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
        entries[ids[0]] = (ids, strings, message.fuzzy)
    return entries


def test_every_extracted_message_has_a_spanish_translation_and_nothing_is_stale() -> None:
    extracted, catalog = _extracted(), _catalog()
    assert len(extracted) > 50, "the extraction found almost nothing: babel.cfg lost its modules?"
    missing = sorted(set(extracted) - set(catalog))
    stale = sorted(set(catalog) - set(extracted))
    assert missing == [], f"not in the catalog (run the extract and update in docs/i18n.md): {missing}"
    assert stale == [], f"in the catalog but no longer in the code: {stale}"
    for key, ids in extracted.items():
        catalog_ids, strings, fuzzy = catalog[key]
        assert catalog_ids == ids, f"plural changed: {key!r}"
        assert not fuzzy, f"fuzzy (needs a translator's look): {key!r}"
        assert strings and all(s.strip() for s in strings), f"no Spanish for {key!r}"
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == sorted(PLACEHOLDER.findall(ids[-1])), (
                f"placeholders differ in the Spanish of {key!r}: {string!r}"
            )


def _unwrapped_literals(path: Path) -> list[str]:
    """String literals with letters given to ``rx.el.<tag>(...)`` as a child, or as an
    attribute a person reads, without ``_()``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def text(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value if re.search(r"[A-Za-z]", node.value) else None
        if isinstance(node, ast.JoinedStr):  # an f-string: its own words, not its values
            words = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
            return ast.unparse(node) if re.search(r"[A-Za-z]", str(words)) else None
        return None

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if name.startswith("rx.el."):
            for arg in node.args:
                if (value := text(arg)) is not None:
                    found.append(f"{path.name}:{node.lineno} {name}({value!r})")
        for keyword in node.keywords:
            if keyword.arg in READ_ATTRIBUTES and (value := text(keyword.value)) is not None:
                found.append(f"{path.name}:{node.lineno} {keyword.arg}={value!r}")
    return found


@pytest.mark.parametrize("module", PAGE_MODULES)
def test_candidate_pages_write_no_text_outside_the_catalog(module: str) -> None:
    assert _unwrapped_literals(PROJECT_ROOT / module) == []


def test_the_literal_check_can_fail(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text('rx.el.p("Hello", _("Hi"), placeholder="Name", aria_label=_("x"), class_name="a")\n')
    assert _unwrapped_literals(page) == ["page.py:1 rx.el.p('Hello')", "page.py:1 placeholder='Name'"]


def _english_left(html: str) -> list[str]:
    """Catalog messages whose English text shows in a page that should be Spanish."""
    text = re.sub(r"<[^>]+>", "\n", html)
    return [
        m for m in i18n.msgids() if len(m) > 6 and "{" not in m and i18n.translate("es", m) != m and m in text
    ]


def test_the_spanish_first_response_has_no_english_chrome_left() -> None:
    here = markup.Here(lang="es", path="/careers")
    result = BoardResult(
        postings=[PostingSummary("a", "Ingeniero/a", "Engineering", "Madrid", "2026-11-01")],
        teams=[Option("eng", "Engineering", 1)],
        offices=[Option("mad", "Madrid", 1)],
        total_open=1,
    )
    board = markup.page(
        markup.board_main(result, company="Acme", team="eng", office="", q="x", here=here),
        company="Acme",
        here=here,
    )
    view = PostingView(
        slug="a",
        title="Ingeniero/a",
        team="Engineering",
        team_slug="eng",
        office="Madrid",
        employment_type="FULL_TIME",
        published="2026-11-01",
        sections=[Section("Qué harás", ["Modelos."], ["Datos"])],
        process_name="Proceso",
        steps=["Llamada"],
        employment_label=i18n.translate("es", "Full-time"),
        closes="2026-12-31",
    )
    posting = markup.page(markup.posting_main(view, company="Acme", here=here), company="Acme", here=here)
    assert _english_left(board) == [] and _english_left(posting) == []
    assert "Trabaja en Acme" in board and "Paso 1" in posting and "Solicítalo antes del 2026-12-31" in posting
    # and the check sees English when it is there
    english = markup.page(markup.board_main(result, company="Acme", team="", office="", q=""), company="Acme")
    assert "Search jobs" in _english_left(english)

"""The README stays short and points at docs/; no link in the docs leads nowhere; every setting
the app reads is documented in docs/configuration.md (issue 20)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md")), ROOT / "bench" / "README.md"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens."""
    found = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"#{1,6} (.+)", line)
        if heading:
            found.add(re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower()).replace(" ", "-"))
    return found


def test_the_readme_is_short_and_lists_every_docs_page() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    linked = {link.split("#")[0] for link in LINK.findall(text)}
    assert sorted(DOCS.glob("*.md")), "no docs/ pages"
    missing = [page.name for page in sorted(DOCS.glob("*.md")) if f"docs/{page.name}" not in linked]
    assert missing == [], f"README's contents list does not link {missing}"


def test_the_readme_keeps_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "```bash\n./scripts/start\n```" in text
    assert "```bash\n./scripts/test\n```" in text
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_relative_link_and_anchor_resolves() -> None:
    broken = []
    for page in PAGES:
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            if link.startswith(("http://", "https://", "mailto:")):
                continue
            path, _, anchor = link.partition("#")
            target = (page.parent / path).resolve() if path else page
            if not target.exists() or (anchor and anchor not in _anchors(target)):
                broken.append(f"{page.relative_to(ROOT)}: {link}")
    assert broken == []


def test_every_setting_is_documented() -> None:
    source = (ROOT / "careers_app" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r"env\.get\(\"([A-Z][A-Z0-9_]+)\"", source))
    assert "DATABASE_URL" in read and "CAREERS_SECRET_KEY" in read
    documented = (DOCS / "configuration.md").read_text(encoding="utf-8")
    assert sorted(name for name in read if not re.search(rf"`{name}[`=]", documented)) == []

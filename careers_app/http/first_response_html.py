"""The public pages as HTML text, for the first response (crawlers, no-JavaScript clients).

Reflex renders state only in the browser, so the server writes the same markup the live
page renders: the same elements, classes and styles (as inline style attributes, where the
live page has Emotion classes), so swapping one for the other moves nothing. Every value
from the database passes through ``esc``. Pure Python: no Reflex import.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlencode

from careers_app import i18n, routes
from careers_app.i18n import Translator
from careers_app.services.postings.postings import BoardResult, PostingView, Section

INK = "#14171a"
MUTED = "#536471"
BORDER = "#e1e8ed"
SURFACE = "#f5f8fa"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def _nav_link(label: str, href: str) -> str:
    style = f"color:{INK};text-decoration:none;font-weight:500;padding:0.5rem 0.25rem"
    return f'<a class="nav-link" style="{style}" href="{href}">{label}</a>'


@dataclass(frozen=True)
class Here:
    """The page's language and address: the switcher links to the same page in each language."""

    lang: str = i18n.DEFAULT
    path: str = "/"
    query: str = ""

    @property
    def t(self) -> Translator:
        return Translator(self.lang)


def language_switcher(here: Here) -> str:
    """components/layout.py ``language_switcher``, as text."""
    links = ""
    for code, name in i18n.LANGUAGES:
        current = code == here.lang
        style = (
            f"color:{INK};padding:0.5rem 0.25rem;font-weight:{'700' if current else '400'};"
            f"text-decoration:{'none' if current else 'underline'}"
        )
        links += (
            f'<a lang="{code}" hreflang="{code}" aria-current="{"true" if current else "false"}" '
            f'class="nav-link language-link" style="{style}" '
            f'href="{esc(i18n.url_in(code, here.path, here.query))}">{esc(name)}</a>'
        )
    label = esc(here.t.gettext("Language"))
    return (
        f'<nav aria-label="{label}" class="language-switcher" style="display:flex;gap:0.75rem">{links}</nav>'
    )


def header(company: str, here: Here | None = None) -> str:
    here = here or Here()
    t = here.t
    home = esc(t.gettext("{company} Careers home").replace(i18n.COMPANY, company))
    brand = (
        f'<a aria-label="{home}" style="color:{INK};text-decoration:none" '
        f'href="{routes.BOARD}"><span style="font-weight:800;font-size:1.25rem">{esc(company)}</span>'
        f'<span style="font-weight:400;font-size:1.25rem;color:{MUTED}"> '
        f"{esc(t.gettext('Careers'))}</span></a>"
    )
    nav = (
        f'<nav aria-label="{esc(t.gettext("Main"))}" style="display:flex;gap:1rem;flex-wrap:wrap">'
        + _nav_link(esc(t.gettext("Jobs")), routes.BOARD)
        + _nav_link(esc(t.gettext("Locations")), routes.BOARD + "#filters")
        + _nav_link(esc(t.gettext("Teams")), routes.BOARD + "#filters")
        + _nav_link(esc(t.gettext("Hiring team")), "/recruiting")
        + "</nav>"
    )
    row = (
        "display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap;"
        "padding-top:1rem;padding-bottom:1rem"
    )
    return (
        f'<header style="border-bottom:1px solid {BORDER};background:white">'
        f'<a class="skip-link" href="#main">{esc(t.gettext("Skip to main content"))}</a>'
        f'<div class="shell" style="{row}">{brand}{nav}{language_switcher(here)}</div></header>'
    )


def footer(company: str, here: Here | None = None) -> str:
    t = (here or Here()).t
    eeo = esc(
        t.gettext(
            "{company} is an equal opportunity employer. We do not discriminate based on race, "
            "color, ethnicity, ancestry, national origin, religion, sex, gender, gender identity, "
            "gender expression, sexual orientation, age, disability, veteran status, genetic "
            "information, marital status or any legally protected status."
        ).replace(i18n.COMPANY, company)
    )
    powered = esc(
        t.gettext("© 2026 {company}. Powered by careers_app, open source.").replace(i18n.COMPANY, company)
    )
    return (
        f'<footer style="border-top:1px solid {BORDER};background:{SURFACE};margin-top:4rem">'
        f'<div class="shell" style="padding-top:2rem;padding-bottom:2rem;color:{MUTED};font-size:0.875rem">'
        f'<p style="margin:0 0 0.75rem 0">{eeo}</p>'
        f'<p style="margin:0">{powered}</p>'
        "</div></footer>"
    )


def page(main: str, *, company: str, here: Here | None = None) -> str:
    """The page shell of components/layout.py around one page's main content."""
    return (
        f'<div style="min-height:100vh;display:flex;flex-direction:column;color:{INK}">'
        f"{header(company, here)}"
        f'<main id="main" tabindex="-1" class="shell" style="outline:none">{main}</main>'
        f"{footer(company, here)}</div>"
    )


def _section(section: Section) -> str:
    html = f'<section class="posting-section"><h2>{esc(section.heading)}</h2>'
    html += "".join(f"<p>{esc(p)}</p>" for p in section.paragraphs)
    if section.bullets:
        html += "<ul>" + "".join(f"<li>{esc(b)}</li>" for b in section.bullets) + "</ul>"
    return html + "</section>"


def posting_facts(view: PostingView, t: Translator | None = None) -> list[str]:
    """Employment type, date posted, pay and closing date: the JSON-LD's values, shown."""
    t = t or Translator(i18n.DEFAULT)
    facts = [view.employment_label, f"{t.gettext('Posted')} {view.published}" if view.published else ""]
    facts += [view.pay, f"{t.gettext('Apply by')} {view.closes}" if view.closes else ""]
    return [f for f in facts if f]


def posting_main(view: PostingView, *, company: str, here: Here | None = None) -> str:
    """pages/posting.py ``_found``, as text."""
    t = (here or Here()).t
    team_href = esc(routes.board_url(team=view.team_slug))
    apply = (
        f'<a class="btn" href="{esc(routes.apply_url(view.slug))}">{esc(t.gettext("Apply for this job"))}</a>'
    )
    step_word = esc(t.gettext("Step"))
    steps = "".join(
        f'<li><span class="step-num" aria-hidden="true">{n}</span><div>'
        f'<strong style="display:block">{step_word} {n}</strong><span>{esc(step)}</span></div></li>'
        for n, step in enumerate(view.steps, start=1)
    )
    other = esc(t.gettext("Check out other opportunities at {company}.").replace(i18n.COMPANY, company))
    facts = "".join(
        f"<span>{' · ' if i else ''}{esc(f)}</span>" for i, f in enumerate(posting_facts(view, t))
    )
    return (
        '<article class="posting">'
        f'<a style="display:inline-block;margin:1.5rem 0 0" href="{routes.BOARD}">'
        f"← {esc(t.gettext('All jobs'))}</a>"
        f'<h1 style="font-size:2.25rem;margin:0.75rem 0 0.25rem;line-height:1.2">{esc(view.title)}</h1>'
        f'<p style="color:{MUTED};font-size:1.1rem;margin:0 0 0.25rem">'
        f'<span data-testid="posting-location">{esc(view.office)}</span> · '
        f'<a href="{team_href}">{esc(view.team)}</a></p>'
        f'<p class="posting-facts" style="color:{MUTED};margin:0 0 1.25rem">{facts}</p>'
        f"{apply}"
        + "".join(_section(s) for s in view.sections)
        + f"<section><h2>{esc(view.process_name)}</h2>"
        f'<ol class="steps" aria-label="{esc(view.process_name)}">{steps}</ol></section>'
        f'<div style="margin:2rem 0">{apply}</div>'
        f"<section><h2>{esc(t.gettext('Don’t see the right fit?'))}</h2>"
        f'<a href="{team_href}">{other}</a></section>'
        "</article>"
    )


def not_found_main(reason: str, here: Here | None = None) -> str:
    """components/layout.py ``job_not_found``, as text (``reason`` already translated)."""
    t = (here or Here()).t
    return (
        f'<section><h1 style="font-size:2rem;margin:2.5rem 0 0.5rem">{esc(t.gettext("Job not found"))}</h1>'
        f'<p style="color:{MUTED}">{esc(reason)}</p>'
        f'<a class="btn" href="{routes.BOARD}">{esc(t.gettext("See all open jobs"))}</a></section>'
    )


def _options(all_label: str, options: list, chosen: str) -> str:
    html = f'<option value="">{esc(all_label)}</option>'
    for o in options:
        selected = " selected" if o.value == chosen else ""
        html += f'<option value="{esc(o.value)}"{selected}>{esc(o.label)} ({o.count})</option>'
    return html


def _clear_button(classes: str, t: Translator) -> str:
    """A button, as on the live page, that works without JavaScript too.

    A link, not an empty GET form: the form sent people to "/careers?" rather than the
    board's own address when they clicked it before the live page took over.
    """
    return f'<a href="{routes.BOARD}" role="button" class="{classes}">{esc(t.gettext("Clear filters"))}</a>'


def board_main(
    result: BoardResult, *, company: str, team: str, office: str, q: str, here: Here | None = None
) -> str:
    """pages/board.py ``board_page`` once loaded, as text. Search and "Clear filters" work as
    plain GET forms. Ids repeat the live page's, so a label finds this copy's control first,
    and FirstResponseDone carries a search typed or a team chosen here over to the live page."""
    here = here or Here()
    t = here.t
    label = esc(i18n.open_positions(here.lang, len(result.postings)))
    keep = [("team", team), ("office", office), (i18n.PARAM, here.lang if here.lang != i18n.DEFAULT else "")]
    hidden = "".join(f'<input type="hidden" name="{k}" value="{esc(v)}">' for k, v in keep if v)
    search = (
        f'<form role="search" class="field" method="get" action="{routes.BOARD}">'
        f'<label for="job-search">{esc(t.gettext("Search jobs"))}</label><div class="search-row">'
        f'<input id="job-search" name="q" type="search" value="{esc(q)}" '
        f'placeholder="{esc(t.gettext("Title, skill or keyword"))}" maxlength="100">'
        f'<button type="submit" class="btn">{esc(t.gettext("Search"))}</button></div>{hidden}</form>'
    )
    selects = "".join(
        f'<div class="field"><label for="{ident}">{esc(label_text)}</label>'
        f'<select id="{ident}" name="{name}">{_options(all_label, options, chosen)}</select></div>'
        for label_text, ident, name, all_label, options, chosen in (
            (t.gettext("Team"), "team-filter", "team", t.gettext("All teams"), result.teams, team),
            (
                t.gettext("Location"),
                "office-filter",
                "office",
                t.gettext("All locations"),
                result.offices,
                office,
            ),
        )
    )
    cards = "".join(
        '<li style="list-style:none">'
        f'<a class="job-card" href="{esc(routes.posting_url(p.slug))}">'
        '<span class="job-title" style="font-weight:700;font-size:1.1rem;display:block">'
        f"{esc(p.title)}</span>"
        f'<span style="color:{MUTED}">{esc(p.team)} · {esc(p.office)}</span></a></li>'
        for p in result.postings
    )
    listing = (
        f'<ul style="display:grid;gap:0.75rem;padding:0;margin:0">{cards}</ul>'
        if cards
        else '<div style="padding:2rem;border:1px dashed #8899a6;border-radius:12px;text-align:center">'
        '<p style="font-weight:600;margin-top:0">'
        f"{esc(t.gettext('No open positions match these filters.'))}</p>"
        f'<p style="color:{MUTED}">{esc(t.gettext("Try another keyword, or see every opening."))}</p>'
        f"{_clear_button('btn', t)}</div>"
    )
    clear = _clear_button("btn btn-secondary", t) if team or office or q else ""
    heading_row = (
        "display:flex;justify-content:space-between;align-items:center;"
        "margin:1.5rem 0 1rem;gap:1rem;flex-wrap:wrap"
    )
    work_at = esc(t.gettext("Work at {company}").replace(i18n.COMPANY, company))
    return (
        f'<section><h1 style="font-size:2.5rem;margin:2.5rem 0 0.5rem">{work_at}</h1>'
        f'<p style="color:{MUTED};font-size:1.1rem;margin:0 0 2rem">'
        f"{esc(t.gettext('Join the team that serves the public conversation.'))} "
        f"<span>{esc(i18n.total_open(here.lang, result.total_open))}</span></p></section>"
        f'<section id="filters" aria-label="{esc(t.gettext("Filters"))}">'
        f'<h2 class="sr-only" style="position:absolute;left:-9999px">{esc(t.gettext("Filter jobs"))}</h2>'
        f'<div class="filters">{search}{selects}</div></section>'
        f'<section aria-label="{esc(t.gettext("Open positions"))}">'
        f'<div aria-live="polite" style="{heading_row}"><h2 style="font-size:1.1rem;margin:0">{label}</h2>'
        f"{clear}</div>{listing}</section>"
    )


def title_tags(title: str, description: str) -> str:
    """Title and description: React adopts the first <title> and keeps it up to date."""
    return f'<title>{esc(title)}</title><meta name="description" content="{esc(description)}">'


def head_tags(
    *,
    title: str,
    description: str,
    canonical: str,
    og_type: str = "website",
    site_name: str = "",
    json_ld: str = "",
) -> str:
    """Canonical URL, Open Graph and Twitter card, and the JSON-LD when given.

    These stay in the rendered page too (crawlers that run JavaScript read that), except the
    JSON-LD, marked ``data-first-response``: the live posting page adds its own copy, so
    FirstResponseDone removes this one and there is never two.

    ``json_ld`` must already be script-safe (job_schema.script_safe): it cannot close its
    element. The data block is never executed, so the CSP needs no hash for it.
    """
    tags = [
        f'<link rel="canonical" href="{esc(canonical)}">',
        f'<meta property="og:type" content="{og_type}">',
        f'<meta property="og:title" content="{esc(title)}">',
        f'<meta property="og:description" content="{esc(description)}">',
        f'<meta property="og:url" content="{esc(canonical)}">',
        f'<meta property="og:site_name" content="{esc(site_name)}">',
        '<meta name="twitter:card" content="summary">',
        f'<meta name="twitter:title" content="{esc(title)}">',
        f'<meta name="twitter:description" content="{esc(description)}">',
    ]
    if json_ld:
        tags.append(mark(f'<script type="application/ld+json" id="first-response-ld">{json_ld}</script>'))
    return "".join(tags)


def mark(tag: str) -> str:
    """`<meta a=b>` -> `<meta data-first-response="" a=b>`: removed once the live page is up."""
    name, rest = tag.split(" ", 1)
    return f'{name} data-first-response="" {rest}'


def canonical_board_url(base_url: str, path: str, *, team: str, office: str) -> str:
    """Filtered lists by team or office are pages of their own; keywords are not."""
    params = {k: v for k, v in (("team", team), ("office", office)) if v}
    return base_url.rstrip("/") + quote(path) + (f"?{urlencode(params)}" if params else "")

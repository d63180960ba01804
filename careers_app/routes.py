"""Every path the app serves, and the URL builders that pages, states and redirects use."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlencode

MAX_ROW_ID = 2**31 - 1  # the largest id a PostgreSQL integer column holds
_ROW_ID = re.compile(r"[0-9]{1,10}")


def row_id(text: object) -> int | None:
    """A table id from a URL, or None. Ids no column can hold never reach the database
    (SQLite and PostgreSQL both raise on them, which would be a 500)."""
    if not isinstance(text, str) or not _ROW_ID.fullmatch(text):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ROW_ID else None


# Public site
HOME = "/"
BOARD = "/careers"
POSTING = "/jobs/[slug]"
APPLY = "/jobs/[slug]/apply"

# Candidates (no account): the status page opened by an emailed link, and the privacy notice
CANDIDATE_STATUS = "/status"  # ?token=<status link token>; served with Referrer-Policy: no-referrer
PRIVACY = "/privacy"

# Hiring team
SIGN_IN = "/recruiting/sign-in"
SIGN_IN_POST = "/recruiting/session"  # HTTP POST: sets the HttpOnly session cookie
SIGN_OUT_POST = "/recruiting/sign-out"  # HTTP POST: revokes the session, clears the cookie
RECRUITING_HOME = "/recruiting"
PIPELINE = "/recruiting/[posting]"
NOT_ALLOWED = "/recruiting/not-allowed"
DOCUMENT = "/recruiting/documents/{document_id}"
ACCOUNTS = "/team/accounts"
POSTING_EDITOR = "/team/postings/edit"
ANALYTICS = "/team/analytics"  # recruiters' funnel analytics (?posting=<slug>&from=&to=)
COMPLIANCE_HOME = "/compliance"
COMPLIANCE_CSV = "/compliance/{kind}.csv"  # HTTP GET: a report table as CSV (compliance, admins)

# Pages a signed-out visitor may be sent back to after signing in.
_NEXT_PREFIXES = ("/recruiting", "/team/", "/compliance")


def posting_url(slug: str) -> str:
    return f"/jobs/{quote(slug, safe='')}"


def apply_url(slug: str) -> str:
    return f"/jobs/{quote(slug, safe='')}/apply"


def status_url(token: str = "") -> str:
    """The candidate status page; with a token, the link that opens one person's applications."""
    return f"{CANDIDATE_STATUS}?{urlencode({'token': token})}" if token else CANDIDATE_STATUS


def pipeline_url(slug: str) -> str:
    return f"/recruiting/{quote(slug, safe='')}"


def editor_url(slug: str = "") -> str:
    return f"{POSTING_EDITOR}?{urlencode({'slug': slug})}" if slug else POSTING_EDITOR


def compliance_url(*, posting: str = "", date_from: str = "", date_to: str = "") -> str:
    """The compliance report for a posting (slug; empty: all) and submission dates, to share."""
    params = {k: v for k, v in (("posting", posting), ("from", date_from), ("to", date_to)) if v}
    return f"{COMPLIANCE_HOME}?{urlencode(params)}" if params else COMPLIANCE_HOME


def analytics_url(*, posting: str = "", date_from: str = "", date_to: str = "") -> str:
    """The funnel analytics for a posting (slug; empty: all) and submission dates, to share."""
    params = {k: v for k, v in (("posting", posting), ("from", date_from), ("to", date_to)) if v}
    return f"{ANALYTICS}?{urlencode(params)}" if params else ANALYTICS


def compliance_csv_url(kind: str, *, posting: str = "", date_from: str = "", date_to: str = "") -> str:
    """The CSV of one report table (``eeo`` or ``impact``) for the same filter as the page."""
    query = compliance_url(posting=posting, date_from=date_from, date_to=date_to)[len(COMPLIANCE_HOME) :]
    return COMPLIANCE_CSV.format(kind=quote(kind, safe="")) + query


def document_url(document_id: int) -> str:
    return DOCUMENT.format(document_id=int(document_id))


def board_url(*, team: str = "", office: str = "", q: str = "") -> str:
    params = {k: v for k, v in (("team", team), ("office", office), ("q", q)) if v}
    return f"{BOARD}?{urlencode(params)}" if params else BOARD


def sign_in_url(*, error: str = "", wait: int = 0, next_path: str = "") -> str:
    params: dict[str, str] = {}
    if error:
        params["error"] = error
    if wait:
        params["wait"] = str(int(wait))
    if next_path and safe_next(next_path):
        params["next"] = next_path
    return f"{SIGN_IN}?{urlencode(params)}" if params else SIGN_IN


def safe_next(path: object) -> str:
    """A same-site path to return to after signing in, or "" (never another host)."""
    if not isinstance(path, str) or len(path) > 300 or not path.startswith("/") or path.startswith("//"):
        return ""
    if "\\" in path or "//" in path or "/." in path or any(ord(ch) < 32 for ch in path):
        return ""
    if path.split("?", 1)[0] in (SIGN_IN, SIGN_IN_POST, SIGN_OUT_POST):
        return ""
    return path if path.startswith(_NEXT_PREFIXES) else ""


def path_slug(path: str, section: str) -> str:
    """The decoded segment after /<section>/ in a path ("" if none), e.g. the posting slug in
    /jobs/<slug>, /jobs/<slug>/apply or /recruiting/<slug>."""
    parts = [p for p in (path or "").split("?", 1)[0].split("/") if p]
    if len(parts) >= 2 and parts[0] == section:
        return unquote(parts[1])[:200]
    return ""


# Job board API (Greenhouse-compatible JSON); {board_token} is CAREERS_BOARD_TOKEN.
BOARD_API = "/v1/boards/{board_token}"
BOARD_API_JOBS = "/v1/boards/{board_token}/jobs"
BOARD_API_JOB = "/v1/boards/{board_token}/jobs/{job_id}"  # GET a job; POST an application
BOARD_API_DEPARTMENTS = "/v1/boards/{board_token}/departments"
BOARD_API_DEPARTMENT = "/v1/boards/{board_token}/departments/{department_id}"
BOARD_API_OFFICES = "/v1/boards/{board_token}/offices"
BOARD_API_OFFICE = "/v1/boards/{board_token}/offices/{office_id}"
API_KEYS = "/team/api-keys"  # admins: make and revoke job board API keys
API_KEY_NEW = "/team/api-keys/new"  # HTTP POST: makes a key, shows it once in the response

# Data rights (admins): the audit log, people (export, erase); exports are plain HTTP GETs.
AUDIT_LOG = "/team/audit-log"  # ?action=&from=&to=&page=
PEOPLE = "/team/people"
PERSON_EXPORT = "/team/people/{candidate_id}/export.zip"  # HTTP GET: admins only
CANDIDATE_EXPORT = "/status/export.zip"  # HTTP POST with the status link token: the person's own zip
CANDIDATE_ERASED = "/status/erased"  # where the person lands after erasing their data


def audit_log_url(*, action: str = "", date_from: str = "", date_to: str = "", page: int = 1) -> str:
    params = {k: v for k, v in (("action", action), ("from", date_from), ("to", date_to)) if v}
    if page > 1:
        params["page"] = str(int(page))
    return f"{AUDIT_LOG}?{urlencode(params)}" if params else AUDIT_LOG


def person_export_url(candidate_id: int) -> str:
    return PERSON_EXPORT.format(candidate_id=int(candidate_id))


EMAIL_TEMPLATES = "/team/email-templates"  # admins: edit the emails candidates receive


def email_templates_url(key: str = "") -> str:
    return f"{EMAIL_TEMPLATES}?{urlencode({'key': key})}" if key else EMAIL_TEMPLATES


INTERVIEW_PICK = "/interview/[token]"  # a candidate picks an interview time (no account; token link)
INTERVIEW_PREFIX = "/interview/"


def interview_pick_url(token: str) -> str:
    return f"{INTERVIEW_PREFIX}{quote(token, safe='')}"


# Pages whose URL carries a candidate's credential (a link's token): sent with no referrer,
# never crawled; where the token is a path part, it is never logged.
TOKEN_LINK_PATHS: tuple[str, ...] = (CANDIDATE_STATUS, INTERVIEW_PREFIX.rstrip("/"))
TOKEN_IN_PATH: tuple[str, ...] = (INTERVIEW_PREFIX,)
# Never crawled: the hiring team's pages, the wizard (its drafts are personal data), token links.
PRIVATE_PATHS: tuple[str, ...] = ("/recruiting", "/team", "/compliance", "/jobs/*/apply", *TOKEN_LINK_PATHS)

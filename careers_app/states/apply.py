"""The application wizard: one step at a time, live validation, uploads, safe submit.

Every value that arrives here is untrusted; the services validate it again. The draft
is kept in the database under a random token the browser keeps in localStorage, so a
reload or a closed tab loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

import reflex as rx

from careers_app import i18n, routes
from careers_app.i18n import N_
from careers_app.resilience import DROP_UNSAVED, REDO_PARAM, TAKE_UNSAVED, WIZARD_FORM_ID, reload_script
from careers_app.services.applying import applications as apps
from careers_app.services.applying import consent, sources
from careers_app.services.candidates import country_names, race_2024
from careers_app.services.candidates import documents as docs
from careers_app.services.candidates import upload_limits as limits
from careers_app.services.candidates.validation import (
    APPLICANT_FIELDS,
    FIELD_STEP,
    step_errors,
    validate_eeo,
    validate_field,
    values_in_language,
)
from careers_app.services.platform.errors import DomainError
from careers_app.services.platform.reference import EEO_FIELDS, ERROR_MESSAGE, US_COUNTRY
from careers_app.services.postings import hiring_steps
from careers_app.services.postings.postings import title_in
from careers_app.settings import get_settings
from careers_app.states.guard import Access, handler, uow
from careers_app.states.language import tab_language

logger = logging.getLogger(__name__)
# Events chained when a resume is attached; states/apply_autofill.py adds its suggest
# (it builds on this module, so it names itself here rather than being imported).
AFTER_RESUME: list[Any] = []
UPLOAD_INCOMPLETE = N_("The upload did not complete. Please try again.")
DISCARDED = N_("Your application was discarded.")

__all__ = ["STEP_TITLES", "WIZARD_FORM_ID", "ApplyState"]  # the form's id: resilience.reload_script

STEP_TITLES = (
    N_("You"),
    N_("Where you live"),
    N_("Documents"),
    N_("Voluntary self-identification"),
    N_("Review"),
)
ERROR_KEYS = (*APPLICANT_FIELDS, *EEO_FIELDS, *docs.KINDS, consent.PROCESSING_FIELD)
FIELD_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email address",
    "phone": "Primary phone",
    "address": "Address",
    "city": "City",
    "state": "State",
    "country": "Country",
    "zip_code": "Zip code",
    "linkedin": N_("LinkedIn profile"),
    "github": N_("GitHub profile"),
    "website": N_("Website or portfolio"),
    "resume": "Resume/profile",
    "cover_letter": "Cover letter",
    consent.PROCESSING_FIELD: N_("Consent to processing"),
}
EMPTY_DOC = {"name": "", "size": "", "pages": ""}
# A value suggested from the resume (states/apply_autofill.py) is not the person's until
# they accept or edit it: it is never saved to the draft, and Next waits for it.
PENDING_SUGGESTION = N_("Accept or clear this suggestion from your resume.")
# A hidden input of the wizard's form naming the fields that show an unconfirmed suggestion:
# a tab reloaded after its state was lost (take_unsaved) must not take those values as typed.
SUGGESTED_FORM_KEY = "suggested_from_resume"


def _label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def _blank_values() -> dict[str, str]:
    return dict.fromkeys(apps.DRAFT_FIELDS, "")


def _blank_errors() -> dict[str, str]:
    return dict.fromkeys(ERROR_KEYS, "")


def _doc_view(info: apps.DocumentInfo, lang: str = i18n.DEFAULT) -> dict[str, str]:
    """A document's card ("3 pages" in the tab's language ``lang``)."""
    n = info.page_count
    pages = i18n.Translator(lang).ngettext("%(n)s page", "%(n)s pages", n) % {"n": n}
    return {"name": info.name, "size": info.size_label, "pages": pages}


def _check_and_attach(
    token: str, posting_id: int, kind: str, name: str, data: bytes, client: str
) -> apps.DocumentInfo:
    """Limits and record first (a few queries), then the costly check, storage and the row.

    ``client`` is the keyed hash of the client address (upload_limits.client_key).
    """
    owner = apps.token_hash(token)
    unit = uow().unit
    with unit() as session:
        event_id = limits.admit(client, owner, posting_id, kind, len(data), session=session)
    try:
        checked = docs.check_pdf(data)  # separate process, one per core, bounded in CPU, memory and time
    except docs.DocumentRejected as exc:
        if exc.code == "busy":  # the server's doing, not the person's: do not count it
            with unit() as session:
                limits.forget(event_id, session=session)
        raise
    upload_dir = get_settings().upload_dir
    key = docs.store(data, checked.sha256, upload_dir)
    with unit() as session:
        # Again, atomically with the new row: two uploads at once must not both fit.
        # (If this refuses, the stored file is an orphan the maintenance sweep removes.)
        limits.check_quota(owner, posting_id, kind, checked.size_bytes, session=session)
        return apps.attach_document(token, posting_id, kind, name, checked, key, upload_dir, session=session)


class ApplyState(rx.State):
    draft_token: str = rx.LocalStorage("", name="careers_draft_token")
    status: str = "loading"  # loading | ready | missing | closed | done
    posting_slug: str = ""
    posting_url: str = ""
    title: str = ""
    hiring_steps: list[str] = []
    step: int = 1
    values: dict[str, str] = _blank_values()
    errors: dict[str, str] = _blank_errors()
    touched: list[str] = []
    documents: dict[str, dict[str, str]] = {"resume": dict(EMPTY_DOC), "cover_letter": dict(EMPTY_DOC)}
    progress: dict[str, int] = {"resume": 0, "cover_letter": 0}
    uploading: dict[str, bool] = {"resume": False, "cover_letter": False}
    submit_failed: bool = False
    # The review step's consent boxes: unticked whenever the wizard loads, never kept in the draft.
    consent_processing: bool = False
    consent_future_openings: bool = False
    fixes: list[dict[str, str]] = []
    # Fields whose last change may not have been kept (the tab's state was lost while the
    # person typed or uploaded: resilience.LostWizardState reloads the tab with ?redo=).
    redo_labels: list[str] = []
    # Fields showing a suggestion from the resume that the person has not confirmed yet.
    suggested: list[str] = []
    _posting_id: int = 0

    # ----- loading and saving -------------------------------------------------
    @rx.event
    @handler(Access.PUBLIC)
    def load(self) -> Any:
        slug = routes.path_slug(self.router.url.path, "jobs")
        session = uow().session
        posting = apps.open_posting_ref(slug, session=session)
        if posting is None:
            self.status, self._posting_id = "missing", 0
            if self.router.url.query_parameters.get(REDO_PARAM):  # closed meanwhile: keep nothing
                return rx.call_script(DROP_UNSAVED)
            return None
        if not apps.valid_token(self.draft_token):
            self.draft_token = apps.new_token()
        tracked = sources.tracked(self.router.url.query_parameters)
        if tracked:  # came by a tracked link (?source=, ?gh_src=): the submission keeps it
            apps.remember_source(self.draft_token, posting.id, tracked, session=session)
        draft = apps.load_draft(self.draft_token, posting.id, session=session)
        self._posting_id = posting.id
        if draft is None and apps.submitted_from(self.draft_token, posting.id, session=session):
            done = True  # this browser's draft was submitted (its answer may never have come)
        else:
            done = False
        lang = tab_language(self)
        title = title_in(posting.title, posting.title_es, lang)  # the Spanish version's
        steps = hiring_steps.steps_in(posting.steps, lang)  # the standard ones translated
        self.posting_slug, self.title, self.hiring_steps = posting.slug, title, steps
        self.posting_url = routes.posting_url(posting.slug)
        self.values = {**_blank_values(), **(draft.data if draft else {})}
        self.step = draft.step if draft else 1
        self.consent_processing = self.consent_future_openings = False
        self.errors = _blank_errors()
        self.touched = []
        self.documents = {kind: dict(EMPTY_DOC) for kind in docs.KINDS}
        for kind, info in (draft.documents if draft else {}).items():
            self.documents[kind] = _doc_view(info, lang)
        self.progress = dict.fromkeys(docs.KINDS, 0)
        self.uploading = dict.fromkeys(docs.KINDS, False)
        self.submit_failed, self.fixes = False, []
        self.suggested = []  # suggestions were never saved: a reload drops them
        redo = str(self.router.url.query_parameters.get(REDO_PARAM, ""))
        self.redo_labels = [_label(redo)] if redo in (*apps.DRAFT_FIELDS, *docs.KINDS) else []
        self.status = "done" if done else "ready"
        if self.redo_labels and not done:  # reloaded after a lost state: what the inputs showed comes back
            return rx.call_script(TAKE_UNSAVED, callback=ApplyState.take_unsaved)
        return None

    @rx.event
    @handler(Access.PUBLIC)
    def take_unsaved(self, kept: str) -> None:
        """What the wizard's inputs showed when the tab found its state lost (kept in the
        tab's sessionStorage across the reload): applied like typing, then saved, and every
        field it changed is named in the notice to check."""
        if self.status != "ready" or not isinstance(kept, str) or not kept or len(kept) > 20_000:
            return
        try:
            found = json.loads(kept)
        except ValueError:
            return
        if not isinstance(found, dict):
            return
        pending = str(found.get(SUGGESTED_FORM_KEY, "")).split(",")
        changed = [
            name
            for name, value in found.items()
            if name in FIELD_STEP
            and name not in pending
            and isinstance(value, str)
            and value[:1000] != self.values.get(name)
        ]
        for name in changed:
            self._set_value(name, found[name])
            self.touched = sorted({*self.touched, name})
            self._check(name)
        if changed:
            self._save()
            labels = [_label(name) for name in changed]
            self.redo_labels = [*labels, *(x for x in self.redo_labels if x not in labels)]

    def _save(self) -> bool:
        """Keep the draft; False once the posting has stopped taking applications."""
        if self._posting_id and apps.valid_token(self.draft_token):
            # An unconfirmed suggestion stays out (its field was empty before it came).
            kept = {**self.values, **dict.fromkeys(self.suggested, "")}
            try:
                apps.save_draft(self.draft_token, self._posting_id, kept, self.step, session=uow().session)
            except apps.PostingClosed:
                self.status = "closed"  # the draft is kept; the page says the job is closed
                return False
        return True

    def _focus(self, target: str) -> Any:
        return rx.set_focus("closed-heading" if self.status == "closed" else target)

    # ----- fields ---------------------------------------------------------------
    def _check(self, name: str) -> None:
        if name in APPLICANT_FIELDS:
            self.errors[name] = self._say(validate_field(name, self.values)[1])
        elif name in EEO_FIELDS:
            self.errors[name] = validate_eeo(name, self.values.get(name, ""))[1]

    def _say(self, message: str) -> str:
        """A message with a value in it (a country, a size) in the tab's language; the page's
        ``tr`` translates the others from the catalog, so they stay its keys here."""
        return values_in_language(message, tab_language(self))

    def _set_value(self, name: str, value: str) -> None:
        if name == "country":  # typed as the tab's language names it ("España"): the list's value
            value = country_names.english_name(value, tab_language(self))
        if name in self.suggested and value[:1000] != self.values.get(name):  # edited: now theirs
            self.suggested = [n for n in self.suggested if n != name]
        self.values[name] = value[:1000]
        if name in self.touched or self.errors.get(name):
            self._check(name)
        if name == "country":
            if self.values["country"].strip() != US_COUNTRY:
                self.values["state"] = ""
                self.errors["state"] = ""
            for dependent in ("phone", "zip_code", "state"):
                if dependent in self.touched:
                    self._check(dependent)

    def _take_form(self, form_data: object) -> None:
        """What the step's inputs show when Next is clicked, as the browser's form sends it.

        The inputs send their values debounced, and a click right after typing must never
        be judged on an older value (it was: step 1 stayed, its error already cleared by
        the late value, and the click was ignored). So Next carries the form's own values
        for this step's fields, and they count first."""
        if not isinstance(form_data, dict):
            return
        for name, value in form_data.items():
            if FIELD_STEP.get(name) != self.step or not isinstance(value, str):
                continue
            if value != self.values.get(name):
                self._set_value(name, value)

    @rx.event
    @handler(Access.PUBLIC)
    def set_field(self, name: str, value: str) -> None:
        """As the person types: validate live once the field was visited or shows an error."""
        if self.status != "ready" or name not in apps.DRAFT_FIELDS or not isinstance(value, str):
            return
        self._set_value(name, value)
        if name in EEO_FIELDS:
            self._check(name)
            self._save()

    @rx.event
    @handler(Access.PUBLIC)
    def toggle_race(self, code: str, checked: bool) -> None:
        """The 2024 combined race and ethnicity question (CAREERS_EEO_RACE_STANDARD=2024):
        one box ticked or unticked; unknown codes change nothing (services/candidates/race_2024.py)."""
        if self.status != "ready" or get_settings().eeo_race_standard != "2024":
            return
        name = "race_ethnicity"
        self.values[name] = race_2024.toggle(self.values.get(name, ""), code, checked)
        self._check(name)
        self._save()

    @rx.event
    @handler(Access.PUBLIC)
    def leave_field(self, name: str) -> None:
        """When the person leaves a field: validate it and keep the draft."""
        if self.status != "ready" or name not in apps.DRAFT_FIELDS:
            return
        if name not in self.touched:
            self.touched.append(name)
        self._check(name)
        self._save()

    # ----- navigation -------------------------------------------------------------
    def _errors_for_step(self, step: int) -> dict[str, str]:
        if step in (1, 2):
            return step_errors(step, self.values)
        if step == 3:
            found = step_errors(3, self.values)  # the optional links
            for kind in docs.KINDS:
                if self.uploading.get(kind):
                    found[kind] = N_("Wait until the upload has finished.")
            if not self.documents["resume"]["name"] and "resume" not in found:
                found["resume"] = N_("This field is required.")
            return found
        if step == 4:
            return {n: e for n in EEO_FIELDS if (e := validate_eeo(n, self.values.get(n, ""))[1])}
        return {}

    @rx.event
    @handler(Access.PUBLIC)
    def next_step(self, form_data: dict[str, Any] | None = None) -> Any:
        if self.status != "ready":
            return None
        self._take_form(form_data)
        found = self._errors_for_step(self.step)
        for name in self.suggested:
            if FIELD_STEP.get(name) == self.step:
                found.setdefault(name, PENDING_SUGGESTION)
        if found:
            for name in ERROR_KEYS:
                if (FIELD_STEP.get(name) == self.step) or name in found:
                    self.errors[name] = self._say(found.get(name, ""))
            self.touched = sorted(set(self.touched) | set(found))
            first = next(name for name in ERROR_KEYS if name in found)
            return rx.set_focus(f"field-{first}")
        self.step = min(5, self.step + 1)
        self._save()
        return self._focus("step-heading")

    @rx.event
    @handler(Access.PUBLIC)
    def previous_step(self) -> Any:
        if self.status == "ready" and self.step > 1:
            self.step -= 1
            self._save()
            return self._focus("step-heading")
        return None

    @rx.event
    @handler(Access.PUBLIC)
    def go_to_step(self, step: int) -> Any:
        if self.status == "ready" and isinstance(step, int) and 1 <= step <= 5:
            self.step = step
            self._save()
            return self._focus("step-heading")
        return None

    @rx.event
    @handler(Access.PUBLIC)
    def skip_voluntary(self) -> Any:
        if self.status != "ready":
            return None
        for name in EEO_FIELDS:
            self.values[name] = ""
            self.errors[name] = ""
        self.step = 5
        self._save()
        return self._focus("step-heading")

    # ----- documents ----------------------------------------------------------------
    @rx.event
    @handler(Access.PUBLIC)
    def upload_progress(self, kind: str, progress: dict[str, Any]) -> None:
        if kind in docs.KINDS and isinstance(progress, dict):
            with contextlib.suppress(TypeError, ValueError):
                self.progress[kind] = max(0, min(100, round(float(progress.get("progress", 0)) * 100)))

    @rx.event
    @handler(Access.PUBLIC)
    def file_rejected(self, kind: str, size: int, code: str) -> None:
        """The browser refused the file before sending it (too large, or not a .pdf)."""
        if kind not in docs.KINDS:
            return
        if code == "file-too-large" and isinstance(size, int):
            self.errors[kind] = self._say(docs.too_large_message(size))
        elif code == "file-invalid-type":
            self.errors[kind] = N_("Only PDF files are accepted. Save or export your file as PDF.")
        else:
            self.errors[kind] = N_("Choose one PDF file.")

    @rx.event(background=True)
    @handler(Access.PUBLIC, background=True)
    async def upload_resume(self, chunks: rx.UploadChunkIterator) -> Any:
        return await self._receive("resume", chunks)

    @rx.event(background=True)
    @handler(Access.PUBLIC, background=True)
    async def upload_cover_letter(self, chunks: rx.UploadChunkIterator) -> Any:
        return await self._receive("cover_letter", chunks)

    async def _read_chunks(
        self, kind: str, chunks: rx.UploadChunkIterator, error: str
    ) -> tuple[bytearray, str, str]:
        """The file's bytes, its name and the error so far (the upload's own, or its size's).
        Reading stops as soon as the limit is passed; a refused upload is read and dropped."""
        data = bytearray()
        name = ""
        received = 0
        async for chunk in chunks:  # stop reading as soon as the limit is passed
            if not name:
                name = chunk.filename or "document.pdf"
                if not error:
                    async with self:
                        self.errors[kind] = ""
            received += len(chunk.data)
            if not error:  # a refused upload is drained (so the browser sees no failed request)
                data.extend(chunk.data)
            if received > docs.MAX_BYTES:
                error = error or docs.too_large_message()
                break
        return data, name, error

    async def _receive(self, kind: str, chunks: rx.UploadChunkIterator) -> Any:
        async with self:
            if self.status == "loading" and not self.posting_slug:
                # The tab's state was lost (a Redis restart): the file went nowhere. Reload
                # the tab, which brings the draft back, and name the upload to do again.
                logger.warning("upload into a lost wizard state: reloading the tab")
                return rx.call_script(reload_script(redo=kind))
            if self.status != "ready" or not self._posting_id or self.uploading[kind]:
                return None
            token, posting_id = self.draft_token, self._posting_id
            # Filled from the socket's own handshake (the HTTP upload carries no router
            # data; the state keeps what the last socket event set).
            client = limits.client_key(self.router.session.client_ip, get_settings().secret_key)
            self.uploading[kind] = True
            self.progress[kind] = 0

        unit = uow().unit

        def check_rate() -> None:
            with unit() as session:
                limits.check_rate(client, apps.token_hash(token), session=session)

        error, info = "", None
        try:
            try:  # before the body is read: a refused upload costs one query
                await asyncio.to_thread(check_rate)
            except limits.UploadRefused as exc:
                error = str(exc)
            data, name, error = await self._read_chunks(kind, chunks, error)
            if not data and not name and not error:
                async with self:  # nothing was sent (the browser refused the file)
                    self.uploading[kind] = False
                return None
            if not error:
                info = await asyncio.to_thread(
                    _check_and_attach, token, posting_id, kind, name, bytes(data), client
                )
        except (docs.DocumentRejected, DomainError) as exc:  # incl. a posting closed meanwhile
            error = str(exc)
        except asyncio.CancelledError:  # the browser went away mid-upload, or this worker stops
            async with self:  # never leave it stuck, and say so: the tab may be back on another worker
                self.uploading[kind] = False
                self.progress[kind] = 0
                self.errors[kind] = UPLOAD_INCOMPLETE
            raise
        except Exception:
            logger.exception("upload of %s failed", kind)
            error = UPLOAD_INCOMPLETE
        async with self:
            self.uploading[kind] = False
            self.progress[kind] = 100 if info else 0
            if info is not None:
                self.documents[kind] = _doc_view(info, tab_language(self))
                self.errors[kind] = ""
            else:
                self.errors[kind] = self._say(error or UPLOAD_INCOMPLETE)
        if info is not None and kind == "resume":  # what a new resume starts (the autofill's suggest)
            return list(AFTER_RESUME)
        return None

    @rx.event
    @handler(Access.PUBLIC)
    def remove_document(self, kind: str) -> None:
        if self.status != "ready" or kind not in docs.KINDS or self.uploading.get(kind):
            return
        apps.remove_document(
            self.draft_token, self._posting_id, kind, get_settings().upload_dir, session=uow().session
        )
        self.documents[kind] = dict(EMPTY_DOC)
        self.progress[kind] = 0
        if kind == "resume":  # its suggestions go with it
            self._drop_suggestions()

    def _drop_suggestions(self) -> None:
        for name in self.suggested:
            self.values[name] = ""
            self.errors[name] = ""
        self.suggested = []

    # ----- consent (review step) ---------------------------------------------------------
    @rx.event
    @handler(Access.PUBLIC)
    def set_consent(self, name: str, checked: bool) -> None:
        """A consent box ticked or unticked (only ``True`` counts as yes at submit)."""
        if self.status != "ready" or not isinstance(checked, bool):
            return
        if name == consent.PROCESSING_FIELD:
            self.consent_processing = checked
            if checked:
                self.errors[consent.PROCESSING_FIELD] = ""
        elif name == consent.FUTURE_FIELD:
            self.consent_future_openings = checked

    # ----- submit and discard -----------------------------------------------------------
    @rx.event
    @handler(Access.PUBLIC)
    def submit(self, form_data: dict[str, Any] | None = None) -> Any:
        """The review step's form (``form_data`` carries nothing this step needs)."""
        if self.status != "ready":
            return None
        if not self._save():
            return self._focus("submit-status")
        self.submit_failed, self.fixes = False, []
        if self.suggested:  # never sent unconfirmed: say where they are, as for any error
            self.submit_failed = True
            self.fixes = [
                {"label": _label(n), "message": PENDING_SUGGESTION, "step": str(FIELD_STEP[n])}
                for n in self.suggested
            ]
            return rx.set_focus("submit-status")
        settings = get_settings()
        lang = tab_language(self)  # the review step showed its consent words in this language
        try:
            apps.submit_draft(
                self.draft_token,
                self._posting_id,
                settings.upload_dir,
                settings.company_name,
                session=uow().session,
                agreed=consent.from_wizard(
                    self.consent_processing, self.consent_future_openings, settings.company_name, lang=lang
                ),
                language=lang,  # its emails speak the wizard's language
            )
        except apps.PostingClosed:  # closed since the wizard loaded: nothing created, draft kept
            self.status = "closed"
            return self._focus("submit-status")
        except apps.SubmissionInvalid as exc:
            self.submit_failed = True
            for name, message in exc.errors.items():
                if name in self.errors:
                    self.errors[name] = self._say(message)
            self.touched = sorted(set(self.touched) | set(exc.errors))
            self.fixes = [
                {
                    "label": _label(name),
                    "message": self._say(message),
                    "step": str(apps.error_step(name)),
                }
                for name, message in exc.errors.items()
            ]
            return rx.set_focus("submit-status")
        # A repeated application (same email, same posting) ends here too, on the very same
        # screen: the screen must not tell a stranger that this address applied. The
        # address's owner is told by email instead.
        self.status = "done"
        self.values = _blank_values()
        self.suggested = []
        self.consent_processing = self.consent_future_openings = False
        self.documents = {kind: dict(EMPTY_DOC) for kind in docs.KINDS}
        return rx.set_focus("done-heading")

    @rx.event
    @handler(Access.PUBLIC)
    def discard(self) -> Any:
        if self.status != "ready":
            return None
        apps.discard_draft(
            self.draft_token, self._posting_id, get_settings().upload_dir, session=uow().session
        )
        self.values, self.errors, self.touched = _blank_values(), _blank_errors(), []
        self.documents = {kind: dict(EMPTY_DOC) for kind in docs.KINDS}
        self.suggested = []
        self.step = 1
        return rx.toast.info(i18n.translate(tab_language(self), DISCARDED))

    # ----- derived ------------------------------------------------------------------
    @rx.var
    def step_title(self) -> str:
        return STEP_TITLES[max(1, min(5, self.step)) - 1]

    @rx.var
    def is_us(self) -> bool:
        return self.values.get("country", "").strip() == US_COUNTRY

    @rx.var
    def race_codes(self) -> list[str]:
        """The boxes ticked in the 2024 race and ethnicity question."""
        return list(race_2024.codes_of(self.values.get("race_ethnicity", "")) or ())

    @rx.var
    def eeo_answered(self) -> int:
        return sum(1 for name in EEO_FIELDS if self.values.get(name))

    @rx.var
    def error_summary(self) -> str:
        return ERROR_MESSAGE

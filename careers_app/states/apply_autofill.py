"""Resume autofill in the wizard: empty fields get suggestions from the uploaded resume.

A suggestion sits in the field (and in ApplyState.suggested) marked "from your resume" until
the person accepts it, edits it (ApplyState._set_value) or clears it. Until then it is never
saved to the draft (ApplyState._save leaves it out), Next on its step waits for it, and
submit refuses while any is left. The live validation of the field applies to it at once.
Guessing is services/candidates/resume_autofill.py; this state only places the guesses.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app import i18n
from careers_app.i18n import N_
from careers_app.services.applying import applications as apps
from careers_app.services.candidates import resume_autofill as autofill
from careers_app.services.candidates.validation import LINK_FIELDS
from careers_app.states.apply import AFTER_RESUME, ApplyState, _label
from careers_app.states.guard import Access, handler, uow
from careers_app.states.language import tab_language

UNREADABLE = N_(
    "We could not read any text in your resume (a scanned image, perhaps), so nothing was filled in."
)
NOTHING_FOUND = N_("We found nothing in your resume to fill in for the empty fields.")
SUGGESTED = N_("From your resume we suggested: {labels}. Check each one, then accept or clear it.")


class ResumeAutofillState(ApplyState):
    # What the last look at the resume found, said to the person (no values in it).
    autofill_note: str = ""

    @rx.event
    @handler(Access.PUBLIC)
    def suggest(self) -> Any:
        """Fill the empty fields (and those still showing an earlier suggestion) from the
        resume on the draft."""
        if self.status != "ready" or not self._posting_id:
            return None
        text = apps.draft_resume_text(self.draft_token, self._posting_id, session=uow().session)
        lang = tab_language(self)  # the note speaks the wizard's language
        if not text.strip():
            self.autofill_note = i18n.translate(lang, UNREADABLE)
            return None
        offered = autofill.wizard_suggestions(autofill.guess(text))
        filled = []
        for name, value in offered.items():
            if self.values.get(name, "").strip() and name not in self.suggested:
                continue  # the person's own value is never replaced
            self.suggested = [n for n in self.suggested if n != name]
            self._set_value(name, value)
            filled.append(name)
        if not filled:
            wanted = [n for n in autofill.WIZARD_FIELDS if n not in LINK_FIELDS]
            empty = [n for n in wanted if not self.values.get(n, "").strip()]
            # Every field already filled (the usual upload on step 3; the links are optional and
            # many resumes have none): nothing worth saying.
            self.autofill_note = i18n.translate(lang, NOTHING_FOUND) if empty else ""
            return None
        self.suggested = [n for n in autofill.WIZARD_FIELDS if n in {*self.suggested, *filled}]
        for name in filled:  # their messages show at once, as for a field the person left
            if name not in self.touched:
                self.touched.append(name)
            self._check(name)
        labels = ", ".join(i18n.translate(lang, _label(n)) for n in self.suggested)
        self.autofill_note = i18n.translate(lang, SUGGESTED).format(labels=labels)
        return None

    @rx.event
    @handler(Access.PUBLIC)
    def accept(self, name: str) -> None:
        """The person confirms a suggestion as it is: from now on it is theirs (saved with the draft
        when they leave a field or go on, as typing is)."""
        if self.status != "ready" or name not in self.suggested:
            return
        self.suggested = [n for n in self.suggested if n != name]
        self._check(name)

    @rx.event
    @handler(Access.PUBLIC)
    def clear(self, name: str) -> Any:
        """A wrong guess, gone in one click: the field is empty again and has the focus."""
        if self.status != "ready" or name not in self.suggested:
            return None
        self.suggested = [n for n in self.suggested if n != name]
        self._set_value(name, "")
        self.errors[name] = ""
        return rx.set_focus(f"field-{name}")

    @rx.event
    @handler(Access.PUBLIC)
    def accept_all(self) -> None:
        if self.status != "ready":
            return
        names, self.suggested = list(self.suggested), []
        for name in names:
            self._check(name)


# A resume just attached: ApplyState._receive chains this (apply.py cannot import this module).
AFTER_RESUME.append(ResumeAutofillState.suggest)

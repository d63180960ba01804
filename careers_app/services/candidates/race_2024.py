"""The 2024 federal race and ethnicity standard (OMB SPD 15, revised March 2024).

One combined question, "Race and/or ethnicity", with seven minimum categories (Middle
Eastern or North African added) and as many selections as the person wants, plus "I don't
wish to answer". A site chooses it with ``CAREERS_EEO_RACE_STANDARD=2024``; the default,
1997, keeps today's form (the older two-question set folded into one list).

The answer is stored in ``eeo_answer.race_ethnicity`` as short codes in a fixed order,
``2024:ASIAN,WHITE`` (or ``2024:DECLINE``), so it fits the column, cannot be mistaken for
a 1997 answer, and reads back the same whichever order the boxes were ticked in.

Reports (services/compliance/eeo_reports.py): in the counts per stage each selected category is
counted, so a person who selects two appears in both rows (as SPD 15 asks reports to show
every category selected); in adverse impact a person who selected more than one is in
the one group "Multiracial/multiple", because a comparison needs each person in exactly
one group, and the alternative (counting them in every group they selected) would let one
person's outcome weigh in several comparisons at once.
"""

from __future__ import annotations

from careers_app.i18n import N_

# The question's words are marked N_(): a Spanish wizard shows the catalog's Spanish
# (pages/apply.py); what is stored and reported stays the codes and these English labels.
PREFIX = "2024:"
LABEL = N_("Race and/or ethnicity")
HINT = N_("Select all that apply.")
DECLINE = N_("I don't wish to answer")
DECLINE_CODE = "DECLINE"
MULTIPLE = "Multiracial/multiple"

# (code, label) in the order SPD 15 lists the minimum categories.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("AIAN", N_("American Indian or Alaska Native")),
    ("ASIAN", N_("Asian")),
    ("BLACK", N_("Black or African American")),
    ("HISPANIC", N_("Hispanic or Latino")),
    ("MENA", N_("Middle Eastern or North African")),
    ("NHPI", N_("Native Hawaiian or Pacific Islander")),
    ("WHITE", N_("White")),
)
CODES: tuple[str, ...] = tuple(code for code, _ in CATEGORIES)
LABELS: dict[str, str] = dict(CATEGORIES)
STANDARDS = ("1997", "2024")


def is_2024(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def encode(codes: set[str] | frozenset[str] | list[str] | tuple[str, ...]) -> str:
    """The stored answer for these codes ("" for none); decline stands alone."""
    chosen = set(codes)
    if DECLINE_CODE in chosen:
        return PREFIX + DECLINE_CODE
    ordered = [c for c in CODES if c in chosen]
    return PREFIX + ",".join(ordered) if ordered else ""


def codes_of(value: object) -> tuple[str, ...] | None:
    """The codes of a stored 2024 answer, or None if it is not a valid one."""
    if not is_2024(value):
        return None
    assert isinstance(value, str)
    parts = value[len(PREFIX) :].split(",")
    if parts == [DECLINE_CODE]:
        return (DECLINE_CODE,)
    if not parts or any(p not in LABELS for p in parts) or len(set(parts)) != len(parts):
        return None
    if value != encode(parts):  # canonical order only: one answer, one spelling
        return None
    return tuple(parts)


def valid(value: object) -> bool:
    return codes_of(value) is not None


def toggle(value: object, code: object, checked: object) -> str:
    """The answer after ticking (or unticking) one box; unknown codes change nothing.

    Ticking "I don't wish to answer" clears the categories; ticking a category clears it.
    """
    current = set(codes_of(value) or ())
    if not isinstance(code, str) or (code not in LABELS and code != DECLINE_CODE):
        return encode(current)
    if checked is True:
        current = {DECLINE_CODE} if code == DECLINE_CODE else (current - {DECLINE_CODE}) | {code}
    else:
        current.discard(code)
    return encode(current)


def categories(value: str) -> tuple[str, ...]:
    """The category labels a valid answer counts in (the decline counts as declined)."""
    found = codes_of(value) or ()
    return tuple(LABELS[c] for c in found if c in LABELS)


def group(value: str) -> str:
    """The one adverse-impact group of a valid answer: its category, or Multiracial/multiple."""
    labels = categories(value)
    if len(labels) > 1:
        return MULTIPLE
    return labels[0] if labels else ""


def declined(value: str) -> bool:
    return codes_of(value) == (DECLINE_CODE,)


def summary(value: str) -> str:
    """The answer in words (the review step, tests)."""
    if declined(value):
        return DECLINE
    return ", ".join(categories(value))

"""Migration 0019 on SQLite and PostgreSQL: documents get ``redacted_text``, filled for the
resumes already there by the redaction new applications use (the resume's own name and the
form's), and the revision goes down and up again. Failed before: there was no 0019."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.migrations import move_to

NOW = "2026-11-01 12:00:00+00:00"
RESUME = "Bob Nowak\nData Engineer\nbob.nowak@mail.example.org\nExperience\nBob built pipelines in Gdansk."


def _columns(engine: Engine) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns("document")}


def _seed(engine: Engine) -> None:
    """One application (the form says Robert Quillfeather of Gdansk) with a resume that calls
    him Bob Nowak, and a cover letter, written as the 0018 schema stores them."""
    with engine.begin() as conn:
        conn.execute(sa.text("insert into team (id, slug, name) values (1, 't', 'T')"))
        conn.execute(
            sa.text(
                "insert into office (id, slug, name, city, region, country_code) "
                "values (1, 'gdansk', 'Gdansk', 'Gdansk', '', 'PL')"
            )
        )
        conn.execute(
            sa.text(
                "insert into posting (id, slug, title, team_id, office_id, employment_type, status, "
                "who_we_are, what_youll_do, who_you_are, requirements, desired, process_name, hiring_steps, "
                "created_at, pay_currency, pay_unit, remote) values (1, 'p', 'P', 1, 1, 'FULL_TIME', 'open', "
                "'', '', '', '', '', 'Hiring process', '[]', :now, '', '', false)"
            ),
            {"now": NOW},
        )
        conn.execute(
            sa.text(
                "insert into candidate (id, first_name, last_name, email, phone_e164, address, city, state, "
                "country, zip_code, created_at) values (1, 'Robert', 'Quillfeather', 'rq@mail.example.org', "
                "'+48601234567', '', 'Gdansk', '', 'Poland', '80-001', :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            sa.text(
                "insert into application (id, candidate_id, posting_id, stage, rejection_reason, source, "
                "submitted_at, stage_changed_at, version, first_name, last_name, phone_e164, city, country, "
                "zip_code) values (1, 1, 1, 'applied', '', 'job_board', :now, :now, 1, 'Robert', "
                "'Quillfeather', '+48601234567', 'Gdansk', 'Poland', '80-001')"
            ),
            {"now": NOW},
        )
        for doc_id, kind, text in ((1, "resume", RESUME), (2, "cover_letter", "Dear team, Bob Nowak")):
            conn.execute(
                sa.text(
                    "insert into document (id, application_id, kind, original_name, size_bytes, sha256, "
                    "page_count, text, storage_key, created_at) values (:id, 1, :kind, 'cv.pdf', 10, "
                    ":sha, 1, :text, :sha, :now)"
                ),
                {"id": doc_id, "kind": kind, "sha": f"{doc_id:064d}", "text": text, "now": NOW},
            )


def test_0019_fills_the_redacted_text_of_existing_documents_and_goes_down_and_up(
    bare_engine: Engine,
) -> None:
    move_to(bare_engine, "0018")
    _seed(bare_engine)
    assert "redacted_text" not in _columns(bare_engine)
    move_to(bare_engine, "0019")
    with bare_engine.connect() as conn:
        rows: dict[str, str] = dict(conn.execute(sa.text("select kind, redacted_text from document")).all())
    resume = rows["resume"]
    assert resume.splitlines() == [
        "[name]",
        "Data Engineer",
        "[email]",
        "Experience",
        "[name] built pipelines in [address].",
    ]
    assert rows["cover_letter"] == ""  # not shown while hidden
    move_to(bare_engine, "0018", down=True)
    assert "redacted_text" not in _columns(bare_engine)
    move_to(bare_engine, "0019")
    assert "redacted_text" in _columns(bare_engine)

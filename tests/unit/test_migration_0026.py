"""Migration 0026 on SQLite and PostgreSQL: documents get ``text_sha256``, filled for the
documents already there by the hash new documents are given (the same words in another case
or spacing hash alike; no text stays NULL), and the revision goes down and up again. Failed
before: there was no 0026."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from careers_app.services.candidates.documents import text_sha256
from tests.migrations import move_to, seed_0003

NOW = "2026-11-01 12:00:00+00:00"
RESUME = "Amara Okafor\nData Engineer\n\nPipelines in  Lagos."


def _columns(engine: Engine) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns("document")}


def test_0026_hashes_the_text_of_existing_documents_and_goes_down_and_up(bare_engine: Engine) -> None:
    move_to(bare_engine, "0025")
    seed_0003(bare_engine)  # one candidate, applications 1 and 2
    documents = (
        (1, 1, "resume", RESUME),
        (2, 2, "resume", "  amara okafor DATA engineer\npipelines in lagos.\n"),  # the same words
        (3, 2, "cover_letter", ""),  # no text: never linked
    )
    with bare_engine.begin() as conn:
        for doc_id, app_id, kind, text in documents:
            conn.execute(
                sa.text(
                    "insert into document (id, application_id, kind, original_name, size_bytes, sha256, "
                    "page_count, text, redacted_text, storage_key, created_at) values (:id, :app, :kind, "
                    "'cv.pdf', 10, :sha, 1, :text, '', :sha, :now)"
                ),
                {
                    "id": doc_id,
                    "app": app_id,
                    "kind": kind,
                    "sha": f"{doc_id:064d}",
                    "text": text,
                    "now": NOW,
                },
            )
    assert "text_sha256" not in _columns(bare_engine)
    move_to(bare_engine, "0026")
    with bare_engine.connect() as conn:
        rows: dict[int, str | None] = dict(
            conn.execute(sa.text("select id, text_sha256 from document")).tuples().all()
        )
    assert rows[1] == rows[2] == text_sha256(RESUME) is not None
    assert rows[3] is None
    indexes = {i["name"]: i["column_names"] for i in sa.inspect(bare_engine).get_indexes("document")}
    assert indexes["ix_document_text_sha256"] == ["text_sha256"]
    move_to(bare_engine, "0025", down=True)
    assert "text_sha256" not in _columns(bare_engine)
    move_to(bare_engine, "0026")
    assert "text_sha256" in _columns(bare_engine)

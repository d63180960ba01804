"""Submissions per second with N concurrent simulated candidates, SQLite vs PostgreSQL.

Each simulated candidate does what the wizard does on the server: saves a draft, attaches
a checked PDF (checked once up front; the PDF check itself is measured in wizard.py),
and submits. Threads share one engine, as the app's workers do.

    python bench/submissions.py [-n 200] [-c 1 4 8]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from careers_app.demo.postings import SEED_SLUG, load_demo_data
from careers_app.devtools.pdfs import make_resume
from careers_app.services.applying import applications as apps
from careers_app.services.applying import consent
from careers_app.services.candidates.documents import CheckedPdf, store
from careers_app.services.platform.db import make_engine, migrate, session_scope

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
PG_SCHEMA = "careers_bench"


def _engine(kind: str, folder: Path) -> sa.Engine:
    if kind == "sqlite":
        return make_engine(f"sqlite:///{folder / 'bench.db'}")
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {PG_SCHEMA}"))
    admin.dispose()
    return sa.create_engine(
        PG_URL, connect_args={"options": f"-csearch_path={PG_SCHEMA}"}, pool_size=16, max_overflow=0
    )


def run(kind: str, total: int, concurrency: int, folder: Path) -> tuple[float, list[float]]:
    engine = _engine(kind, folder / kind / str(concurrency))
    migrate(engine)
    with session_scope(engine) as session:
        load_demo_data(session=session)
        posting = apps.open_posting_ref(SEED_SLUG, session=session)
    assert posting is not None
    pdf = make_resume("Bench Candidate", "Engineer", ["Spark"])
    checked = CheckedPdf(
        size_bytes=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(), page_count=1, text="Spark"
    )
    uploads = folder / "uploads"
    key = store(pdf, checked.sha256, uploads)
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def candidate() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            started = time.perf_counter()
            token = apps.new_token()
            data = {
                "first_name": "Bench",
                "last_name": "Candidate " + "".join(chr(97 + int(d)) for d in str(i)),
                "email": f"bench{i}@example.com",
                "phone": "+1 415 555 0132",
                "country": "United States",
            }
            with session_scope(engine) as session:
                apps.save_draft(token, posting.id, data, 3, session=session)
                apps.attach_document(
                    token, posting.id, "resume", "cv.pdf", checked, key, uploads, session=session
                )
            with session_scope(engine) as session:
                apps.submit_draft(
                    token,
                    posting.id,
                    uploads,
                    "Bench",
                    session=session,
                    agreed=consent.from_wizard(True, False, "Bench"),
                )
            with lock:
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=candidate) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    with engine.connect() as conn:
        stored = conn.execute(sa.text("select count(*) from application")).scalar()
    assert stored == total, (stored, total)
    engine.dispose()
    return total / elapsed, latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200, help="submissions per run")
    parser.add_argument("-c", type=int, nargs="+", default=[1, 4, 8], help="concurrent candidates")
    args = parser.parse_args()
    print(f"{args.n} submissions per run (draft + document + submit, one transaction each step)")
    print(f"{'database':12}{'concurrent':>11}{'subs/s':>10}{'median ms':>11}{'p95 ms':>9}")
    results: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("sqlite", "postgresql"):
            for c in args.c:
                rate, lat = run(kind, args.n, c, Path(tmp))
                results[(kind, c)] = rate
                lat.sort()
                p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
                print(
                    f"{kind:12}{c:>11}{rate:>10.1f}{statistics.median(lat) * 1000:>11.1f}{p95 * 1000:>9.1f}"
                )
    for c in args.c:
        print(
            f"ratio postgresql/sqlite at {c} concurrent: {results[('postgresql', c)] / results[('sqlite', c)]:.2f}x"
        )


if __name__ == "__main__":
    main()

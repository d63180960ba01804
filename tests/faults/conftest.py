"""One scaled-out cluster for the deployment and fault tests: its own PostgreSQL (initdb)
and redis-server on free ports, two app instances (one Granian worker each, respawned if
killed), nginx in front. Each test restores whatever it kills.

The frontend build is copied from the last one under the browser tests' lock
(/tmp/careers-e2e.lock): these tests speak the protocol themselves, like the raw Socket.IO
tests in tests/e2e, so they need no browser and no rebuild.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from careers_app.devtools.cluster import Cluster, running_cluster
from tests.loops import run_in_own_loop

SLUG = "machine-learning-engineer-data-science-cortex"


def _tools_missing() -> str:
    for tool in ("/usr/sbin/nginx", "/usr/bin/redis-server", "/usr/lib/postgresql/15/bin/initdb"):
        if not shutil.which(tool):
            return tool
    return ""


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    missing = _tools_missing()
    if missing:  # scripts/test installs them; a bare checkout says what is missing
        pytest.fail(f"{missing} is not installed (./scripts/test installs it)")
    with running_cluster(tmp_path_factory.mktemp("cluster"), instances=2, workers=1) as running:
        yield running


@pytest.fixture(scope="session")
def db(cluster: Cluster) -> Iterator[sa.Engine]:
    engine = sa.create_engine(cluster.database_url, pool_pre_ping=True)
    yield engine
    engine.dispose()


def run(coro: Any) -> Any:
    return run_in_own_loop(lambda: coro)

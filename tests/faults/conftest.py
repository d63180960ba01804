"""One scaled-out cluster for the deployment and fault tests: its own PostgreSQL (initdb)
and redis-server on free ports, two app instances (one Granian worker each, respawned if
killed), nginx in front. Each test restores whatever it kills.

The frontend build is copied from the last one under the browser tests' lock
(/tmp/careers-e2e.lock): these tests speak the protocol themselves, like the raw Socket.IO
tests in tests/e2e, so they need no browser and no rebuild.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from careers_app.devtools.cluster import Cluster, running_cluster

# The fault tests choose kill moments, workers and cards at random; the seed is printed with
# every test (shown with a failure) and this variable replays it.
SEED_VARIABLE = "CAREERS_FAULT_SEED"


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


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> random.Random:
    """The test's random choices, from a seed printed here (``CAREERS_FAULT_SEED=<seed>`` repeats them)."""
    seed = int(os.environ.get(SEED_VARIABLE) or random.SystemRandom().randrange(2**32))
    print(f"{request.node.nodeid}: random seed {seed} (repeat with {SEED_VARIABLE}={seed})")
    request.node.user_properties.append(("random_seed", seed))
    return random.Random(seed)

"""Whether the app's instances listen on Redis again after it restarted empty.

Reflex subscribes to Redis patterns (PUBSUB NUMPAT counts the distinct ones): the keyspace
events of socket records and state locks, and one channel per instance for updates to its
tabs handled by another instance (its "lost and found"). After a restart it subscribes
again 1 s after a failed attempt; an update published before that is lost (pub/sub keeps
nothing). Tests count the patterns before stopping Redis and wait for as many again.
"""

from __future__ import annotations

from typing import cast

import redis

from tests.waiting import wait_until


def redis_patterns(url: str) -> int:
    client = redis.Redis.from_url(url)
    try:
        # redis-py types a command's reply as "Awaitable | Any" for its sync and async clients alike.
        return cast(int, client.pubsub_numpat())
    finally:
        client.close()


def wait_for_patterns(url: str, at_least: int, timeout: float = 30) -> None:
    wait_until(
        lambda: redis_patterns(url) >= at_least,
        timeout=timeout,
        message=f"the instances' {at_least} Redis pattern subscriptions back",
    )

"""A browser's side of the app's protocol, without a browser: Reflex's Socket.IO events over
a websocket and the wizard's HTTP uploads, from a chosen loopback source address.

Used by the load benchmark (hundreds of simulated people in one asyncio loop) and by the
fault tests. Each simulated person connects from its own 127.x.y.z address, so behind
nginx (``CAREERS_TRUSTED_PROXY_HOPS=1``) the app sees as many clients as a real crowd and
the per-address upload limits apply per person, as they would.

Speaks Engine.IO 4 / Socket.IO 5 on the websocket transport only (what the built
frontend uses): ``0`` open, ``40/_event,`` join, ``42/_event,["event",{...}]`` events,
``2``/``3`` ping and pong.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Message,
    Ping,
    RejectConnection,
    Request,
    TextMessage,
)

NAMESPACE = "/_event"
HYDRATE = "reflex___state____state.hydrate"
# What the browser sends when its socket connects: hydrate, then the page's on_load events,
# with the browser's localStorage values ({"vars": {"<state>.<var>_rx_state_": value}}).
HYDRATE_AND_LOAD = "reflex___state____state.hydrate_and_load"


class ProtocolError(RuntimeError):
    """The server refused or closed the connection, or did not answer in time."""


def source_address(n: int) -> str:
    """The n-th loopback source address (127.1.0.1, 127.1.0.2, ...): one per simulated person."""
    return f"127.{1 + n // 65000}.{(n % 65000) // 250}.{1 + n % 250}"


@dataclass
class Frame:
    at: float
    data: dict[str, Any]


@dataclass
class RawSession:
    """One browser tab: a Reflex client token, its websocket, the state deltas received."""

    base_url: str
    source: str = "127.0.0.1"
    cookie: str = ""
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    frames: list[Frame] = field(default_factory=list)
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    origin: str = ""  # the page's origin, when the socket goes elsewhere (straight to an instance)
    closed: bool = False
    refused_status: int = 0  # the HTTP status of a refused websocket handshake
    _reader: asyncio.StreamReader | None = None
    _writer: asyncio.StreamWriter | None = None
    _ws: WSConnection | None = None
    _inbox: asyncio.Queue[Frame] = field(default_factory=asyncio.Queue)
    _task: asyncio.Task[None] | None = None
    _joined: asyncio.Event = field(default_factory=asyncio.Event)

    # ----- connection -----------------------------------------------------------------
    async def connect(self, timeout: float = 15.0) -> None:
        url = urlsplit(self.base_url)
        host, port = url.hostname or "localhost", url.port or 80
        self._reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, local_addr=(self.source, 0)), timeout
        )
        self._writer = writer
        self._ws = WSConnection(ConnectionType.CLIENT)
        headers = [(b"origin", (self.origin or self.base_url).encode())]
        if self.cookie:
            headers.append((b"cookie", self.cookie.encode()))
        target = f"{NAMESPACE}/?token={self.token}&EIO=4&transport=websocket"
        self._writer.write(
            self._ws.send(Request(host=f"{host}:{port}", target=target, extra_headers=headers))
        )
        await self._writer.drain()
        self._task = asyncio.create_task(self._pump())
        try:
            await asyncio.wait_for(self._joined.wait(), timeout)
        except TimeoutError as exc:
            await self.close()
            raise ProtocolError("no Socket.IO connect from the server") from exc
        if self.closed:
            raise ProtocolError(f"connection refused ({self.refused_status or 'closed'})")

    async def _send_text(self, text: str) -> None:
        if self.closed or self._ws is None or self._writer is None:
            raise ProtocolError("connection closed")
        self._writer.write(self._ws.send(Message(data=text)))
        await self._writer.drain()

    async def _pump(self) -> None:
        assert self._reader is not None and self._ws is not None and self._writer is not None
        partial: list[str] = []
        try:
            while True:
                data = await self._reader.read(65536)
                if not data:
                    break
                self._ws.receive_data(data)
                for event in self._ws.events():
                    if isinstance(event, AcceptConnection):
                        continue
                    if isinstance(event, RejectConnection):
                        self.refused_status = event.status_code
                        return
                    if isinstance(event, Ping):
                        self._writer.write(self._ws.send(event.response()))
                    elif isinstance(event, CloseConnection):
                        return
                    elif isinstance(event, TextMessage):
                        partial.append(event.data)
                        if event.message_finished:
                            await self._on_packet("".join(partial))
                            partial = []
        except (ConnectionError, OSError):
            pass
        finally:
            self.closed = True
            self._joined.set()
            self._inbox.put_nowait(Frame(time.perf_counter(), {"closed": True}))

    async def _on_packet(self, packet: str) -> None:
        if packet.startswith("0"):  # Engine.IO open: join the namespace
            await self._send_text(f"40{NAMESPACE},")
        elif packet == "2":  # Engine.IO ping
            await self._send_text("3")
        elif packet.startswith(f"40{NAMESPACE}"):
            self._joined.set()
        elif packet.startswith(f"44{NAMESPACE}"):  # namespace connect refused
            self.closed = True
            self._joined.set()
        elif packet.startswith(f"42{NAMESPACE},"):
            name, *args = json.loads(packet[len(f"42{NAMESPACE},") :])
            if name == "event" and args and isinstance(args[0], dict):
                frame = Frame(time.perf_counter(), args[0])
                for state_name, delta in (args[0].get("delta") or {}).items():
                    self.state.setdefault(state_name, {}).update(delta)
                self.frames.append(frame)
                self._inbox.put_nowait(frame)

    async def close(self) -> None:
        if self._writer is not None and not self.closed and self._ws is not None:
            with contextlib.suppress(Exception):
                self._writer.write(self._ws.send(CloseConnection(code=1000)))
                await self._writer.drain()
        self.closed = True
        if self._writer is not None:
            self._writer.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(BaseException):
                await self._task

    # ----- events -----------------------------------------------------------------------
    async def pause(self) -> None:
        """A person's pause before their next action (none here; the load benchmark's people
        think). Callers measuring an event call it before starting the clock."""

    def drain(self) -> None:
        while not self._inbox.empty():
            self._inbox.get_nowait()

    async def emit(
        self, name: str, payload: dict[str, Any], path: str, *, frames: int = 1, timeout: float = 15.0
    ) -> float:
        """Send an event as the browser does and wait for its first ``frames`` state updates.

        Returns the seconds from sending to the last awaited update. Only use it for events
        that change state (Reflex sends nothing for an event that changes nothing).
        """
        self.drain()
        started = time.perf_counter()
        router = {"pathname": path.split("?")[0], "query": {}, "asPath": path}
        body = json.dumps(["event", {"name": name, "payload": payload, "router_data": router}])
        await self._send_text(f"42{NAMESPACE},{body}")
        last = started
        for _ in range(frames):
            last = (await self.next_frame(timeout)).at
        return last - started

    async def send(self, name: str, payload: dict[str, Any], path: str) -> None:
        """Send an event without waiting for anything."""
        router = {"pathname": path.split("?")[0], "query": {}, "asPath": path}
        body = json.dumps(["event", {"name": name, "payload": payload, "router_data": router}])
        await self._send_text(f"42{NAMESPACE},{body}")

    async def next_frame(self, timeout: float = 15.0) -> Frame:
        try:
            frame = await asyncio.wait_for(self._inbox.get(), timeout)
        except TimeoutError as exc:
            raise ProtocolError(f"no update within {timeout} s") from exc
        if frame.data.get("closed"):
            raise ProtocolError("connection closed")
        return frame

    async def wait_for(self, predicate: Any, timeout: float = 15.0) -> float:
        """Wait until ``predicate(self.state)`` holds; returns when (perf_counter)."""
        deadline = time.perf_counter() + timeout
        while not predicate(self.state):
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ProtocolError("the expected state never arrived")
            await self.next_frame(left)
        return time.perf_counter()

    def var(self, state_name: str, var: str) -> Any:
        return self.state.get(state_name, {}).get(f"{var}_rx_state_")

    # ----- uploads ----------------------------------------------------------------------
    async def upload(
        self, client: httpx.AsyncClient, handler: str, filename: str, data: bytes, timeout: float = 60.0
    ) -> httpx.Response:
        """The wizard's upload: one multipart POST to /_upload naming the handler and token.
        A connection cut before the whole answer came (a worker killed while it answered) is
        a ProtocolError, as a browser's upload fails with a network error."""
        try:
            return await client.post(
                f"{self.base_url}/_upload",
                headers={"Reflex-Client-Token": self.token, "Reflex-Event-Handler": handler},
                files={"files": (filename, data, "application/pdf")},
                timeout=timeout,
            )
        except httpx.TransportError as error:
            raise ProtocolError(f"upload cut off: {error!r}") from error


def http_client(source: str = "127.0.0.1", timeout: float = 30.0) -> httpx.AsyncClient:
    """An HTTP client whose connections come from ``source`` (one per simulated person)."""
    return httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(local_address=source), timeout=timeout)

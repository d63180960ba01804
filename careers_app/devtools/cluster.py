"""A scaled-out deployment on one machine: PostgreSQL + Redis + N app instances behind nginx.

Used by ``scripts/cluster`` (a local cluster to try), by the fault tests and by the load
benchmark. Every part is a real server on its own free port in one folder:

- PostgreSQL: a fresh ``initdb`` cluster (or ``DATABASE_URL`` given), started as the
  ``postgres`` user when we are root;
- Redis: its own ``redis-server`` (or ``REFLEX_REDIS_URL`` given), no persistence;
- instances: ``careers_app.devtools.instance`` each with its own Granian workers and port,
  the same database, Redis, data dir (uploads, secret key, check slots) and built frontend;
- nginx (the Debian package) from ``deploy/nginx.conf``: websockets proxied, no sticky
  sessions, the app's upload cap, ``X-Forwarded-For`` for ``CAREERS_TRUSTED_PROXY_HOPS=1``.
  nginx's open-source build has no active health checks, so a supervisor thread asks
  every instance's ``/healthz`` every 2 s and takes an unhealthy one out of the upstream
  (``down``, then ``nginx -s reload``) until it answers 200 again; a connection refused
  meanwhile is retried on the next instance by nginx itself (``proxy_next_upstream``).
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, free_port
from careers_app.settings import PROJECT_ROOT

PG_BIN = Path(os.environ.get("CAREERS_PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = os.environ.get("CAREERS_REDIS_SERVER", "/usr/bin/redis-server")
NGINX = os.environ.get("CAREERS_NGINX", "/usr/sbin/nginx")
NGINX_TEMPLATE = PROJECT_ROOT / "deploy" / "nginx.conf"
BUILD_LOCK = Path("/tmp/careers-e2e.lock")  # noqa: S108 (a fixed, shared lock name) the same lock the browser tests hold on .web/
REFLEX_KEYSPACE_EVENTS = "K$sgxe"  # reflex.istate.manager.redis.NOTIFY_KEYSPACE_EVENTS
UPLOAD_BODY_LIMIT = "1088k"  # api.MAX_UPLOAD_BODY: 1 MiB file + 64 KiB multipart overhead


def _wait(check: object, what: str, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():  # type: ignore[operator]
                return
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} not ready in {timeout:.0f} s")
        time.sleep(0.2)


def http_status(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (our own loopback URLs)
            return int(resp.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def _kill_group(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


# ----- PostgreSQL ------------------------------------------------------------------------
def _others_can_enter(path: Path) -> bool:
    """Whether another user (the postgres server's) can reach ``path`` (every existing folder
    on the way must be executable by others)."""
    return all(not folder.exists() or folder.stat().st_mode & 0o001 for folder in [path, *path.parents])


@dataclass
class OwnPostgres:
    """A private PostgreSQL cluster (initdb) on its own port; never the machine's shared one."""

    folder: Path
    port: int = field(default_factory=free_port)
    fsync: bool = True
    proc: subprocess.Popen[bytes] | None = None
    private: bool = False  # folder is our own temporary one (removed by cleanup())

    def __post_init__(self) -> None:
        if os.geteuid() == 0 and not _others_can_enter(self.folder):
            # Run as root, the server runs as "postgres", which may not enter a private
            # folder of root's (pytest's temporary folders are 0700): use one of its own.
            self.folder = Path(tempfile.mkdtemp(prefix="careers-pg-"))
            self.private = True

    def cleanup(self) -> None:
        if self.private:
            shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/careers"

    def _as_owner(self, cmd: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd

    def init(self) -> None:
        data = self.folder / "pgdata"
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        if not (data / "PG_VERSION").exists():
            subprocess.run(
                self._as_owner(
                    [
                        str(PG_BIN / "initdb"),
                        "-D",
                        str(data),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--no-sync",
                    ]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self.start()
        subprocess.run(
            self._as_owner(
                [
                    str(PG_BIN / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                    "careers",
                ]
            ),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start(self) -> None:
        cmd = [str(PG_BIN / "postgres"), "-D", str(self.folder / "pgdata"), "-p", str(self.port)]
        cmd += ["-k", str(self.folder), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"]
        if not self.fsync:
            cmd += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        with (self.folder / "postgres.log").open("ab") as log:
            self.proc = subprocess.Popen(
                self._as_owner(cmd), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        _wait(self.ready, "PostgreSQL", 30, self.proc)

    def ready(self) -> bool:
        done = subprocess.run(
            [str(PG_BIN / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)], check=False
        )
        return done.returncode == 0

    def stop(self, sig: int = signal.SIGINT) -> None:
        """SIGINT: fast shutdown (sessions are cut, as in a restart); SIGKILL: a crash."""
        if self.proc is not None:
            _kill_group(self.proc, sig, timeout=30)
            self.proc = None

    def restart(self, down_for: float = 0.0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()


# ----- Redis -------------------------------------------------------------------------------
@dataclass
class OwnRedis:
    """A private redis-server without persistence: a restart loses every key, as a crash would."""

    folder: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        cmd = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        cmd += ["--appendonly", "no", "--dir", str(self.folder), "--maxclients", "4000"]
        # Reflex turns keyspace notifications on once per process (its state locks wait on
        # them) and never again: after a Redis restart, without this in Redis's own
        # configuration, events queued behind a lock wait until it expires.
        cmd += ["--notify-keyspace-events", REFLEX_KEYSPACE_EVENTS]
        with (self.folder / "redis.log").open("ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _wait(self.ready, "Redis", 20, self.proc)

    def ready(self) -> bool:
        import socket

        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is not None:
            _kill_group(self.proc, sig)
            self.proc = None

    def restart(self, down_for: float = 0.0) -> None:
        self.stop(signal.SIGKILL)
        time.sleep(down_for)
        self.start()


# ----- the built frontend -----------------------------------------------------------------------
def snapshot_build(dest: Path, env: dict[str, str], rebuild: bool = True) -> Path:
    """Copy one production build (without node_modules) to ``dest/web`` for the instances.

    With ``rebuild`` the frontend is built first for ``CAREERS_BASE_URL`` (the proxy's
    URL: the built scripts open their websocket there). Both hold the browser tests' lock
    on the shared ``.web/``. Without ``rebuild`` the last build is copied as it is, which is
    enough for clients that speak the protocol themselves (tests, benchmarks).
    """
    web = dest / "web"
    if not rebuild:  # the browser tests may hold the lock for minutes: a consistent copy is enough
        for _attempt in range(5):
            if _copy_build(web) and _build_complete(web):
                _point_build_at(web, env["CAREERS_BASE_URL"])
                return web
            time.sleep(2)
    BUILD_LOCK.touch(exist_ok=True)
    with BUILD_LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if rebuild or not (PROJECT_ROOT / ".web" / "build" / "client" / "index.html").exists():
            build_env = {**env, "REFLEX_API_URL": env["CAREERS_BASE_URL"]}
            build_env.pop("REFLEX_WEB_WORKDIR", None)  # build in the checkout's .web/, then copy
            reflex = str(Path(sys.executable).parent / "reflex")
            subprocess.run(
                [reflex, "export", "--frontend-only", "--no-zip", "--env", "prod", "--loglevel", "warning"],
                cwd=PROJECT_ROOT,
                env=build_env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        _copy_build(web)
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):  # keep the tree clean
            subprocess.run(
                ["git", "checkout", "--", "reflex.lock/package.json"],
                cwd=PROJECT_ROOT,
                check=True,
                capture_output=True,
            )
    return web


def _point_build_at(web: Path, base_url: str) -> None:
    """Make a copied build's scripts talk to ``base_url`` (the proxy), so a real browser can
    use it too: a build differs from another only in the backend URLs of its env module."""
    import re

    origin = base_url.rstrip("/")
    socket_origin = "ws" + origin.removeprefix("http")
    for env_module in (web / "build").glob("*/assets/reflex-env-*.js"):
        text = env_module.read_text()
        found = re.search(r"PING:`(https?://[^/`]+)/ping`", text)
        if found is None:
            continue
        old = found.group(1)
        old_socket = "ws" + old.removeprefix("http")
        text = text.replace(old_socket + "/", socket_origin + "/").replace(old + "/", origin + "/")
        env_module.write_text(text)
        packed = env_module.with_name(env_module.name + ".gz")  # served in place of the file when present
        if packed.exists():
            packed.write_bytes(gzip.compress(text.encode(), mtime=0))


def _copy_build(web: Path) -> bool:
    if web.exists():
        shutil.rmtree(web)
    try:
        shutil.copytree(
            PROJECT_ROOT / ".web", web, ignore=shutil.ignore_patterns("node_modules", ".git"), symlinks=True
        )
    except (shutil.Error, OSError):  # a build was replacing files while we copied
        return False
    return True


def _build_complete(web: Path) -> bool:
    """Every page shell is there and every script or style it names was copied with it."""
    import re

    client = web / "build" / "client"
    shells = [client / "index.html", client / "__spa-fallback.html"]
    if not all(p.is_file() for p in shells) or not (web / "backend").is_dir():
        return False
    for shell in shells:
        for ref in re.findall(r'(?:src|href)="(/assets/[^"]+)"', shell.read_text(errors="replace")):
            if not (client / ref.lstrip("/")).is_file():
                return False
    return True


# ----- app instances -------------------------------------------------------------------------
@dataclass
class Instance:
    name: str
    port: int
    workers: int
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: bool = True) -> None:
        cmd = [sys.executable, "-m", "careers_app.devtools.instance", "--port", str(self.port)]
        cmd += ["--workers", str(self.workers)]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                cmd,
                cwd=PROJECT_ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if wait:
            self.wait_healthy()

    def wait_healthy(self, timeout: float = 90) -> None:
        _wait(lambda: http_status(f"{self.url}/healthz") == 200, f"instance {self.name}", timeout, self.proc)

    def worker_pids(self) -> list[int]:
        import psutil

        if self.proc is None or self.proc.poll() is not None:
            return []
        return [c.pid for c in psutil.Process(self.proc.pid).children(recursive=True)]

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 8) -> None:
        if self.proc is not None:
            _kill_group(self.proc, sig, timeout)
            self.proc = None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


# ----- nginx ------------------------------------------------------------------------------------
def render_nginx(
    template: str, *, listen: str, upstreams: list[tuple[int, bool]], prefix: Path, user: str
) -> str:
    """Fill ``deploy/nginx.conf``: ``{{listen}}``, ``{{upstream_servers}}``, ``{{prefix}}``,
    ``{{user}}``, ``{{upload_limit}}``. ``upstreams`` are (port, healthy) pairs."""
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=2 fail_timeout=2s{'' if healthy else ' down'};"
        for port, healthy in upstreams
    )
    values = {
        "listen": listen,
        "upstream_servers": servers.strip(),
        "prefix": str(prefix),
        "user": user,
        "upload_limit": UPLOAD_BODY_LIMIT,
    }
    text = template
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


@dataclass
class Nginx:
    prefix: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def conf(self) -> Path:
        return self.prefix / "nginx.conf"

    def write(self, upstreams: list[tuple[int, bool]]) -> None:
        user = "root" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        text = render_nginx(
            NGINX_TEMPLATE.read_text(),
            listen=f"127.0.0.1:{self.port}",
            upstreams=upstreams,
            prefix=self.prefix,
            user=user,
        )
        self.prefix.mkdir(parents=True, exist_ok=True)
        self.conf.write_text(text)

    def start(self) -> None:
        for sub in ("client_body", "proxy", "logs"):
            (self.prefix / sub).mkdir(parents=True, exist_ok=True)
        subprocess.run(self._cmd("-t"), check=True, capture_output=True)
        self.proc = subprocess.Popen(
            [*self._cmd("-g", "daemon off;")],
            stdout=subprocess.DEVNULL,
            stderr=(self.prefix / "logs" / "stderr.log").open("ab"),
            start_new_session=True,
        )
        _wait(lambda: http_status(f"http://127.0.0.1:{self.port}/nginx-alive") == 204, "nginx", 15, self.proc)

    def _cmd(self, *args: str) -> list[str]:
        return [
            NGINX,
            "-p",
            str(self.prefix),
            "-e",
            str(self.prefix / "logs" / "error.log"),
            "-c",
            str(self.conf),
            *args,
        ]

    def reload(self) -> None:
        subprocess.run(self._cmd("-s", "reload"), check=True, capture_output=True)

    def stop(self) -> None:
        if self.proc is not None:
            _kill_group(self.proc, signal.SIGQUIT, timeout=10)
            self.proc = None


# ----- the whole cluster ------------------------------------------------------------------------
@dataclass
class Cluster:
    folder: Path
    env: dict[str, str]
    instances: list[Instance]
    nginx: Nginx
    postgres: OwnPostgres | None
    redis: OwnRedis | None
    health: dict[str, bool] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return self.env["CAREERS_BASE_URL"]

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    @property
    def data_dir(self) -> Path:
        return Path(self.env["CAREERS_DATA_DIR"])

    def check_health(self) -> bool:
        """Ask each instance's /healthz once; rewrite and reload nginx if anything changed."""
        with self._lock:
            now = {i.name: http_status(f"{i.url}/healthz", timeout=2.5) == 200 for i in self.instances}
            if now == self.health:
                return False
            self.health = now
            if not any(now.values()):  # nothing healthy: keep every server, so nginx still tries
                now = dict.fromkeys(now, True)
            self.nginx.write([(i.port, now[i.name]) for i in self.instances])
            self.nginx.reload()
            return True

    def _supervise(self, every: float, restart: bool) -> None:
        while not self._stop.wait(every):
            with contextlib.suppress(Exception):
                self.check_health()
                if restart:  # an instance whose process ended (crash, OOM kill) is started again
                    for instance in self.instances:
                        if instance.proc is not None and instance.proc.poll() is not None:
                            print(
                                f"==> {instance.name} exited ({instance.proc.returncode}); restarting",
                                flush=True,
                            )
                            instance.start(wait=False)

    def start_supervisor(self, every: float = 2.0, restart: bool = False) -> threading.Thread:
        thread = threading.Thread(
            target=self._supervise, args=(every, restart), daemon=True, name="cluster-health"
        )
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
        self.nginx.stop()
        for instance in self.instances:
            instance.stop()
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()
            self.postgres.cleanup()


def cluster_env(
    folder: Path, base_url: str, database_url: str, redis_url: str, extra: dict[str, str]
) -> dict[str, str]:
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env.update(
        {
            "CAREERS_DATA_DIR": str(folder / "data"),
            "CAREERS_UPLOAD_DIR": str(folder / "data" / "uploads"),
            "DATABASE_URL": database_url,
            "REFLEX_REDIS_URL": redis_url,
            "CAREERS_BASE_URL": base_url,
            "CAREERS_TRUSTED_PROXY_HOPS": "1",
            "CAREERS_LOG_FORMAT": "json",
            "REFLEX_UPLOADED_FILES_DIR": str(folder / "data" / "reflex-uploads"),
            "REFLEX_WEB_WORKDIR": str(folder / "web"),
            "REFLEX_USE_SYSTEM_BUN": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "PATH": f"{PROJECT_ROOT / '.tools/node_modules/.bin'}:{bin_dir}:{env.get('PATH', '')}",
        }
    )
    env.update(extra)
    return env


def default_workers(instances: int) -> int:
    """Granian workers per instance: one process per core of this host, over all instances."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores // max(1, instances))


@contextlib.contextmanager
def running_cluster(
    folder: Path,
    *,
    instances: int = 2,
    workers: int | None = None,
    port: int | None = None,
    rebuild: bool = False,
    demo: bool = True,
    database_url: str = "",
    redis_url: str = "",
    fast_postgres: bool = True,
    extra_env: dict[str, str] | None = None,
    supervise: bool = True,
    restart_dead: bool = False,
) -> Iterator[Cluster]:
    """Start PostgreSQL, Redis, the instances and nginx; stop all of them on exit.

    ``workers`` per instance defaults to the host's cores shared out among the instances
    (at least one): on two cores, two instances of one worker each. More worker processes
    than cores only take turns on them: measured with bench/load.py on two cores, 2 x 2
    workers answered events at p95 243 ms where 2 x 1 answered at 105 ms, at more
    applications per second and less CPU per application.
    """
    if workers is None:
        workers = default_workers(instances)
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    postgres = None if database_url else OwnPostgres(folder / "postgres", fsync=not fast_postgres)
    redis = None if redis_url else OwnRedis(folder / "redis")
    nginx = Nginx(folder / "nginx", port)
    cluster = Cluster(folder, {}, [], nginx, postgres, redis)
    try:
        if postgres is not None:
            postgres.init()
        if redis is not None:
            redis.start()
        extra = {"CAREERS_DEMO_PASSWORD": TEST_DEMO_PASSWORD} if demo else {}
        extra.update(extra_env or {})
        cluster.env = cluster_env(
            folder,
            f"http://localhost:{port}",
            database_url or (postgres.url if postgres else ""),
            redis_url or (redis.url if redis else ""),
            extra,
        )
        setup = "setup" if demo else "migrate"
        subprocess.run(
            [sys.executable, "-m", "careers_app.cli", setup],
            cwd=PROJECT_ROOT,
            env=cluster.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        snapshot_build(folder, cluster.env, rebuild=rebuild)
        for n in range(instances):
            inst_port = free_port()
            cluster.instances.append(
                Instance(
                    f"app{n + 1}",
                    inst_port,
                    workers,
                    {**cluster.env, "CAREERS_PORT": str(inst_port)},
                    folder / f"app{n + 1}.log",
                )
            )
        for instance in cluster.instances:
            instance.start(wait=False)
        for instance in cluster.instances:
            instance.wait_healthy()
        cluster.health = {i.name: True for i in cluster.instances}
        nginx.write([(i.port, True) for i in cluster.instances])
        nginx.start()
        if supervise:
            cluster.start_supervisor(restart=restart_dead)
        yield cluster
    finally:
        cluster.stop()


def main(argv: list[str] | None = None) -> None:
    """``scripts/cluster``: the cluster in the foreground until Ctrl-C."""
    import argparse

    parser = argparse.ArgumentParser(description="PostgreSQL + Redis + N instances behind nginx")
    parser.add_argument("--port", type=int, default=int(os.environ.get("CAREERS_PORT", "8080")))
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GRANIAN_WORKERS", "0")) or None)
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path(os.environ.get("CAREERS_CLUSTER_DIR", "/tmp/careers-cluster")),  # noqa: S108
    )
    parser.add_argument("--no-build", action="store_true", help="reuse the last frontend build as it is")
    args = parser.parse_args(argv)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):  # Ctrl-C too (a background start ignores SIGINT)
        signal.signal(sig, lambda *_: stop.set())
    print(
        f"==> starting the cluster in {args.dir} (first start builds the frontend: a minute or two)",
        flush=True,
    )
    with running_cluster(
        args.dir,
        instances=args.instances,
        workers=args.workers,
        port=args.port,
        rebuild=not args.no_build,
        database_url=os.environ.get("DATABASE_URL", ""),
        redis_url=os.environ.get("REFLEX_REDIS_URL", ""),
        fast_postgres=False,
        restart_dead=True,
    ) as cluster:
        print(f"==> careers_app at {cluster.base_url} (nginx)", flush=True)
        for instance in cluster.instances:
            print(
                f"    {instance.name}: {instance.url} ({instance.workers} workers), log {instance.log}",
                flush=True,
            )
        print(f"    database {cluster.database_url}, redis {cluster.env['REFLEX_REDIS_URL']}", flush=True)
        print(
            f"    demo accounts: {cluster.data_dir / 'demo-accounts.txt'}; Ctrl-C stops everything",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            while not stop.wait(1.0):
                pass
    print("==> stopped", flush=True)


if __name__ == "__main__":
    main()

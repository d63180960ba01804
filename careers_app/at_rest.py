"""Files at rest belong to the app's user alone: the data dir, the database, the state store.

``secure`` runs first thing wherever the app starts: rxconfig.py (read by every reflex
command and by each worker), the app module, and the operator's CLI (which creates the
database before the first ``reflex run``). It sets the process's umask to 077, so nothing
is ever created readable by other local users whatever umask the app was started with,
tightens what an older version left readable (0700 folders, 0600 files), and points
Reflex's per-tab state store (files, when there is no Redis) at ``<data dir>/states``
instead of the checkout's ``.states`` (whose old files are made private too; Reflex no
longer reads them). services/privacy/personal_data.py lists what these folders hold.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from careers_app.settings import DERIVED_STATES_MARKER, PROJECT_ROOT, Settings

UMASK = 0o077
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
STATES_WORKDIR = "REFLEX_STATES_WORKDIR"  # Reflex reads this for its disk state manager
_SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def sqlite_files(database_url: str) -> list[Path]:
    """The SQLite database file and its companions, or [] for another database."""
    prefix = "sqlite:///"
    if not database_url.startswith(prefix):
        return []
    name = database_url[len(prefix) :].split("?", 1)[0]
    if not name or name == ":memory:":
        return []
    return [Path(name + suffix) for suffix in _SQLITE_SUFFIXES]


def _tighten(path: Path, mode: int) -> None:
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid():
            return  # not ours to change (and never follow a link out of the folder)
        if stat.S_IMODE(info.st_mode) & 0o077:
            path.chmod(stat.S_IMODE(info.st_mode) & mode)
    except FileNotFoundError:
        pass


def _tighten_tree(root: Path) -> None:
    if not root.is_dir():
        return
    _tighten(root, PRIVATE_DIR)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            _tighten(Path(folder, name), PRIVATE_DIR)
        for name in files:
            _tighten(Path(folder, name), PRIVATE_FILE)


def secure(settings: Settings) -> Path:
    """Make the app's stores private from now on; returns the state folder Reflex will use."""
    os.umask(UMASK)
    state_dir = settings.state_dir.absolute()
    os.environ[STATES_WORKDIR] = str(state_dir)
    if not settings.state_workdir:  # derived from the data dir, not chosen by the operator
        os.environ[DERIVED_STATES_MARKER] = "1"
    for folder in (settings.data_dir, state_dir, settings.upload_dir, settings.mail_drop_dir):
        folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    for root in dict.fromkeys((settings.data_dir, state_dir, settings.upload_dir, settings.mail_drop_dir)):
        _tighten_tree(root)
    for path in sqlite_files(settings.database_url):
        _tighten(path, PRIVATE_FILE)
    legacy = (PROJECT_ROOT / ".states").absolute()  # where older versions let Reflex keep tabs
    if legacy != state_dir:
        _tighten_tree(legacy)
    return state_dir

"""The import structure of careers_app: no cycles, and no import hidden inside a function
without a reason (issue 20). Read from the source by tests/import_graph.py, every import at
any depth, ``if TYPE_CHECKING:`` ones too: a cycle there is still two modules that each
need the other."""

from __future__ import annotations

import ast
import linecache
import re
from pathlib import Path

import pytest

from tests import import_graph

SERVICES = "careers_app.services"


def test_careers_app_has_no_import_cycles() -> None:
    edges = import_graph.imports()
    cycles = import_graph.cycles(edges)
    described = [
        "\n".join(
            f"  {e.source} -> {e.target} (line {e.line}{', in a function' if e.nested else ''})"
            for e in edges
            if e.source in cycle and e.target in cycle
        )
        for cycle in cycles
    ]
    assert cycles == [], "import cycles:\n" + "\n\n".join(described)


def _contexts() -> dict[str, set[str]]:
    """Each context of services/ and the contexts its ``__init__`` docstring says it may use."""
    said: dict[str, set[str]] = {}
    for name, path in import_graph.modules().items():
        if path.name == "__init__.py" and name.rpartition(".")[0] == SERVICES:
            doc = ast.get_docstring(ast.parse(path.read_text())) or ""
            found = re.search(r"^May use: (.*)\.$", doc, re.MULTILINE)
            assert found, f"{path}: the docstring ends with 'May use: <contexts>.'"
            listed = found.group(1)
            said[name.rpartition(".")[2]] = set() if listed == "no other context" else set(listed.split(", "))
    return said


def test_services_contexts_use_only_what_their_docstring_says() -> None:
    """services/ is one package per bounded context (issue 20); a context imports only the
    contexts its ``__init__`` names, and those names never make a loop between contexts."""
    said = _contexts()
    assert len(said) >= 8 and all(used <= said.keys() for used in said.values()), said
    flat = [
        m
        for m, path in import_graph.modules().items()
        if m.count(".") == 2 and m.startswith(SERVICES + ".") and path.name != "__init__.py"
    ]
    assert flat == [], f"every service module belongs to a context: {flat}"
    unsaid = []
    for e in import_graph.imports():
        source, target = e.source.split("."), e.target.split(".")
        both_services = source[:2] == target[:2] == SERVICES.split(".") and len(source) > 3 and len(target) > 3
        if both_services and source[2] != target[2] and target[2] not in said[source[2]]:
            unsaid.append(f"{e.source} -> {e.target} (line {e.line})")
    assert unsaid == [], "imports of a context its docstring does not name:\n" + "\n".join(unsaid)
    layers = [
        import_graph.Import(f"{SERVICES}.{c}", f"{SERVICES}.{u}", 0, False, False)
        for c, used in said.items()
        for u in used
    ]
    assert import_graph.cycles(layers) == []


def test_an_import_inside_a_function_says_why() -> None:
    """A deliberate lazy import (a heavy module only one path needs) carries a one-line
    reason on its line or the line above; any other import belongs at the top."""
    paths = import_graph.modules()
    unexplained = []
    for e in import_graph.imports():
        if not e.nested or e.type_only:
            continue
        path = str(paths[e.source])
        line, above = linecache.getline(path, e.line), linecache.getline(path, e.line - 1)
        if "#" not in line and not above.strip().startswith("#"):
            unexplained.append(f"{e.source}:{e.line}: {line.strip()}")
    assert unexplained == [], "imports inside functions without a reason:\n" + "\n".join(unexplained)


def test_the_reader_sees_what_a_cycle_is_made_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader itself: a package whose two modules import each other (one inside a
    function) is one cycle; taking the import out of the function makes it none."""
    package = tmp_path / "careers_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from careers_app import b\n")
    (package / "b.py").write_text("def f():\n    from careers_app.a import x\n    return x\n")
    monkeypatch.setattr(import_graph, "ROOT", tmp_path)
    edges = import_graph.imports()
    assert import_graph.cycles(edges) == [["careers_app.a", "careers_app.b"]]
    assert [e.nested for e in edges if e.source == "careers_app.b"] == [True]
    (package / "b.py").write_text("X = 1\n")
    assert import_graph.cycles(import_graph.imports()) == []

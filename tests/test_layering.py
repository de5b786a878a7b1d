"""The package's layers: no module imports from a layer above its own, and no import cycle.

Every module under ``src/multivector`` is parsed with ``ast``; its imports of
``multivector.*`` count wherever they stand (module level, inside a function, under
``if TYPE_CHECKING``), because a deferred import is still a dependency. A module belongs to
a *unit*: the subpackage it lies in (``store``, ``measure``, ...) or, for a top-level
module, the module itself (``api``, ``coverage``, ...); the package's ``__init__`` is the
unit ``__init__``. The layer table below places every unit.

The checks are pure functions of a mapping *file → imports*, so the bad examples at the end
show that each check fails, and how it names what is wrong.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

import networkx as nx

import multivector

PACKAGE = "multivector"
PACKAGE_DIR = Path(multivector.__file__).parent
ROOT_UNIT = "__init__"


class Layer(NamedTuple):
    """One layer of the package: a name for messages, and the units in it."""

    name: str
    units: frozenset[str]


#: The layers, top first (the project's style guide). A module may import from its own
#: layer or from a layer below it, never from one above.
LAYERS: tuple[Layer, ...] = (
    # __main__ only starts the command line.
    Layer("cli", frozenset({"cli", "web", "__main__"})),
    Layer("api", frozenset({"api"})),  # the facade
    Layer("report", frozenset({"report"})),
    Layer("scenarios/theory", frozenset({"scenarios", "theory"})),
    # coverage.py imports measure (doubts, series) besides the store and channels, and only
    # api imports it: it sits in the lowest layer it may, measure's.
    Layer("measure", frozenset({"measure", "coverage"})),
    Layer("indicators", frozenset({"indicators"})),
    Layer(
        "bottom",
        frozenset(
            {
                "store",
                "sources",
                "codes",
                "kb",
                "schema",
                "config",
                "errors",
                "channels",
                "defaults",
                "outputs",
                "engines",
                # exports.py writes stored tables to files: it imports only store, schema,
                # outputs and errors (all bottom), and only api imports it, so it belongs to
                # the bottom layer; a higher place would let it reach numbers it never needs.
                "exports",
                # rejects.py: why a source row was not loaded; it imports nothing of the
                # package, and sources, codes, kb and store all use it.
                "rejects",
                # jsonout.py: the JSON text of a result, the same for the CLI and the explorer
                "jsonout",
                # presets/: the world atlas's presets (hegemon, poles file, cited members); reads
                # only codes, config, errors, the crosswalk's column lists in sources, and data files
                "presets",
                # the package's __init__ (its __version__)
                ROOT_UNIT,
            }
        ),
    ),
)


class ImportLine(NamedTuple):
    """One import of a ``multivector`` module: where it stands and what it imports."""

    line: int
    module: str


# --- reading the source ---------------------------------------------------------------


def module_name(path: Path, package_dir: Path = PACKAGE_DIR) -> str:
    """The dotted name of the module in ``path``: ``multivector.store.ingest``."""
    parts = (PACKAGE, *path.relative_to(package_dir).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules(package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {module_name(path, package_dir): path for path in sorted(package_dir.rglob("*.py"))}


def _importer_package(importer: str, is_package: bool) -> str:
    """The package a relative import in ``importer`` starts from."""
    return importer if is_package else importer.rpartition(".")[0]


def _from_base(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The absolute module that ``from <base> import ...`` names."""
    if not node.level:
        return node.module or ""
    base = _importer_package(importer, is_package)
    for _ in range(node.level - 1):
        base = base.rpartition(".")[0]
    return f"{base}.{node.module}" if node.module else base


def _imported_modules(node: ast.AST, importer: str, is_package: bool, known: set[str]) -> list[str]:
    """The modules one import statement imports (``from m import sub`` imports ``m.sub``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = _from_base(node, importer, is_package)
        return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
    return []


def _is_ours(module: str) -> bool:
    return module == PACKAGE or module.startswith(PACKAGE + ".")


def imports_in_source(text: str, importer: str, known: set[str], is_package: bool = False) -> list[ImportLine]:
    """Every import of a package module in ``text``, at any depth (functions included)."""
    found = set()
    for node in ast.walk(ast.parse(text)):
        for module in _imported_modules(node, importer, is_package, known):
            if _is_ours(module):
                found.add(ImportLine(node.lineno, module))
    return sorted(found)


def package_imports(package_dir: Path = PACKAGE_DIR) -> dict[str, list[ImportLine]]:
    """The package's imports of its own modules, by file (``src/multivector/...``)."""
    modules = package_modules(package_dir)
    known = set(modules)
    return {
        f"src/{PACKAGE}/{path.relative_to(package_dir).as_posix()}": imports_in_source(
            path.read_text(encoding="utf-8"), name, known, path.name == "__init__.py"
        )
        for name, path in modules.items()
    }


# --- the checks -----------------------------------------------------------------------


def unit_of_module(module: str) -> str:
    """The unit of a dotted module name: ``multivector.store.ingest`` → ``store``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ROOT_UNIT


def unit_of_file(file: str) -> str:
    """The unit of a file named ``src/multivector/...``: its subpackage or its own module."""
    parts = Path(file).with_suffix("").parts
    below = parts[parts.index(PACKAGE) + 1 :]
    return below[0]


def layer_of(unit: str, layers: Iterable[Layer] = LAYERS) -> tuple[int, Layer] | None:
    """The layer that holds ``unit`` and its depth (0 is the top), or None if none does."""
    for depth, layer in enumerate(layers):
        if unit in layer.units:
            return depth, layer
    return None


def unplaced_units(imports: Mapping[str, Iterable[ImportLine]], layers: Iterable[Layer] = LAYERS) -> list[str]:
    """The units of the files that no layer holds."""
    layers = tuple(layers)
    return sorted({unit for unit in map(unit_of_file, imports) if layer_of(unit, layers) is None})


def layer_violations(imports: Mapping[str, Iterable[ImportLine]], layers: Iterable[Layer] = LAYERS) -> list[str]:
    """Every import of a module from a layer above the importer's, as ``file:line: a → b``."""
    layers = tuple(layers)
    found = []
    for file, lines in imports.items():
        importer = layer_of(unit_of_file(file), layers)
        for line, module in lines:
            imported = layer_of(unit_of_module(module), layers)
            if importer and imported and imported[0] < importer[0]:
                found.append(f"{file}:{line}: {importer[1].name} → {imported[1].name} (imports {module})")
    return found


def unit_graph(imports: Mapping[str, Iterable[ImportLine]]) -> nx.DiGraph:
    """Units and who imports whom; each edge keeps the imports (``file:line``) that make it."""
    graph = nx.DiGraph()
    for file, lines in imports.items():
        importer = unit_of_file(file)
        graph.add_node(importer)
        for line, module in lines:
            imported = unit_of_module(module)
            if imported != importer:
                graph.add_edge(importer, imported)
                graph.edges[importer, imported].setdefault("where", []).append(f"{file}:{line}")
    return graph


def import_cycle(graph: nx.DiGraph) -> str | None:
    """One cycle of the unit graph, with the imports behind each step; None if there is none."""
    try:
        edges = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return None
    path = " → ".join([edges[0][0], *(b for _, b in edges)])
    steps = [f"  {a} → {b}: {', '.join(graph.edges[a, b]['where'])}" for a, b in edges]
    return "\n".join([path, *steps])


# --- the package as it is -------------------------------------------------------------


def test_every_unit_has_a_layer():
    assert unplaced_units(package_imports()) == [], "place these in LAYERS"


def test_no_module_imports_from_a_higher_layer():
    violations = layer_violations(package_imports())
    assert not violations, "imports from a higher layer:\n" + "\n".join(violations)


def test_the_units_import_graph_has_no_cycle():
    cycle = import_cycle(unit_graph(package_imports()))
    assert cycle is None, "import cycle between units:\n" + cycle


def test_the_package_is_read_at_all():
    imports = package_imports()
    assert "src/multivector/store/ingest.py" in imports
    assert any(module == "multivector.schema" for _, module in imports["src/multivector/store/ingest.py"])


# --- the checks can fail --------------------------------------------------------------

KNOWN = {"multivector", "multivector.api", "multivector.store", "multivector.store.ingest", "multivector.measure"}


def test_imports_are_found_at_module_and_function_level_and_resolved():
    text = (
        "import os\n"
        "from multivector import api, __version__\n"
        "from multivector.store import ingest\n"
        "def late():\n"
        "    import multivector.measure\n"
        "    from . import ingest\n"
    )
    assert imports_in_source(text, "multivector.store.connection", KNOWN) == [
        ImportLine(2, "multivector"),
        ImportLine(2, "multivector.api"),
        ImportLine(3, "multivector.store.ingest"),
        ImportLine(5, "multivector.measure"),
        ImportLine(6, "multivector.store.ingest"),
    ]


def test_an_import_from_a_higher_layer_is_named_with_file_line_and_layers():
    bad = {
        "src/multivector/store/ingest.py": [
            ImportLine(12, "multivector.measure.series"),
            ImportLine(13, "multivector.schema"),
        ],
        "src/multivector/coverage.py": [ImportLine(3, "multivector.api")],
        "src/multivector/api.py": [ImportLine(4, "multivector.coverage")],
    }
    assert layer_violations(bad) == [
        "src/multivector/store/ingest.py:12: bottom → measure (imports multivector.measure.series)",
        "src/multivector/coverage.py:3: measure → api (imports multivector.api)",
    ]


def test_a_unit_without_a_layer_is_named():
    assert unplaced_units({"src/multivector/newthing.py": [], "src/multivector/store/x.py": []}) == ["newthing"]


def test_an_import_cycle_is_named_with_the_imports_behind_it():
    bad = {
        "src/multivector/store/ingest.py": [ImportLine(27, "multivector.sources.base")],
        "src/multivector/sources/base.py": [ImportLine(14, "multivector.store.rejects")],
        "src/multivector/sources/values.py": [ImportLine(9, "multivector.sources.base")],
    }
    cycle = import_cycle(unit_graph(bad))
    assert cycle is not None
    first_line = cycle.splitlines()[0]
    assert first_line in {"store → sources → store", "sources → store → sources"}
    assert "store → sources: src/multivector/store/ingest.py:27" in cycle
    assert "sources → store: src/multivector/sources/base.py:14" in cycle
    assert import_cycle(unit_graph({"src/multivector/store/ingest.py": bad["src/multivector/store/ingest.py"]})) is None

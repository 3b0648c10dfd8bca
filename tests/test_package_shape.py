"""The package's shape: no import circle, the layers point down, every model has the same files.

The import graph is read with :mod:`ast` (nothing is imported): module-level ``import`` and
``from ... import`` statements, relative imports resolved. Imports inside functions are lazy by
design (they keep ``import greenimpact`` light) and are not part of the graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "greenimpact"
SECTORS = ("transport", "parks", "steel")
#: every model package has these files (compute is the template)
SHAPE = ("__init__.py", "model.py", "synthetic.py", "views.py")
#: pure equation modules: numpy, pandas, greenimpact.checks and sibling equation modules only
EQUATIONS = {
    "transport": ("signals", "fuel"),
    "parks": ("accounting", "inventory"),
    "steel": ("routes", "plant"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Modules imported at module level (``from a import b`` counts ``a`` and ``a.b``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)
    return out


MODULES = {_module_name(p): p for p in PKG.rglob("*.py")}
GRAPH = {m: {i for i in _imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}


def _cycle():
    state, stack = {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for n in sorted(GRAPH[m]):
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state and (found := visit(n)):
                return found
        state[m] = 2
        stack.pop()
        return None

    for m in sorted(GRAPH):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_no_import_circle():
    cycle = _cycle()
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_graph_sees_relative_imports():
    """Guard the test itself: a package __init__ re-exporting from its modules is an edge."""
    assert "greenimpact.sectors.transport.model" in GRAPH["greenimpact.sectors.transport"]


@pytest.mark.parametrize("sector", SECTORS)
def test_every_sector_has_the_compute_shape(sector):
    folder = PKG / "sectors" / sector
    assert folder.is_dir(), f"greenimpact/sectors/{sector}/ is missing"
    missing = [f for f in SHAPE if not (folder / f).is_file()]
    assert not missing, f"greenimpact/sectors/{sector}/ lacks {missing}"
    for eq in EQUATIONS[sector]:
        assert (folder / f"{eq}.py").is_file()


@pytest.mark.parametrize("sector", SECTORS)
def test_sector_init_only_re_exports(sector):
    tree = ast.parse((PKG / "sectors" / sector / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        ok = isinstance(node, ast.ImportFrom | ast.Import) or (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)  # docstring
        ) or (isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["__all__"])
        assert ok, f"sectors/{sector}/__init__.py line {node.lineno}: only imports and __all__ belong here"


@pytest.mark.parametrize("sector", SECTORS)
def test_equation_modules_are_pure(sector):
    allowed = {"numpy", "pandas", "__future__", "__future__.annotations", "greenimpact", "re", "math"}
    siblings = {f"greenimpact.sectors.{sector}.{e}" for e in EQUATIONS[sector]}
    for eq in EQUATIONS[sector]:
        path = PKG / "sectors" / sector / f"{eq}.py"
        bad = sorted(
            i for i in _imports(path)
            if i.split(".")[0] != "numpy" and i not in allowed and not any(i.startswith(s) for s in siblings)
            and not i.startswith("greenimpact.checks")
        )
        assert not bad, f"sectors/{sector}/{eq}.py imports {bad} (equation modules: numpy and greenimpact.checks)"


def test_render_knows_nothing_of_the_domain():
    """The report builder imports only itself and the domain-free helpers (it may call a
    validator the manifest names, by its dotted path, never by import)."""
    free = ("greenimpact.render", "greenimpact.literals", "greenimpact.fileio")
    for path in (PKG / "render").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            mods = []
            if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                mods = [node.module]
            elif isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            for mod in mods:
                if mod.startswith("greenimpact."):  # the light root package (version) is fine
                    assert mod.startswith(free), f"render/{path.name} imports {mod}"


def test_no_copy_of_plain_values_from_resolve():
    """One function gives plain values with provenance (scenarios.values); no module copies
    ``{k: v.value for k, v in resolve(...)}`` by hand."""
    offenders = [
        f"{p.relative_to(PKG.parent)}:{i + 1}"
        for p in PKG.rglob("*.py")
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines())
        if "v.value for k, v in" in line and p.name != "uncertainty.py"
    ]
    assert not offenders, offenders

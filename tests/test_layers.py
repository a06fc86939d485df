"""The package's layers: the import contract holds, a planted upward import breaks it, and the
README's table says what the contract says."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from analysis.core.paths import REPO_ROOT

LINT = Path(sys.executable).with_name("lint-imports")
PACKAGE = REPO_ROOT / "src" / "analysis"


def _contract() -> list[list[str]]:
    """The layers of the contract, top first, each a list of its sibling subpackages."""
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [[name.strip().removeprefix("analysis.") for name in layer.split("|")] for layer in contract["layers"]]


def _lint(src: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([str(LINT), str(config), "--no-cache"], capture_output=True, text=True,
                          env=env, cwd=config.parent)


@pytest.fixture(scope="session")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("layers")
    shutil.copytree(PACKAGE, root / "src" / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_import_contract_holds():
    done = _lint(REPO_ROOT / "src", REPO_ROOT / "pyproject.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


@pytest.mark.parametrize("module, upward", [
    ("data/loader.py", "from analysis.kit import charts"),           # data reaching up into the chart kit
    ("words/narrative.py", "from analysis.kit.report import Chart"),  # the review's A1, put back
    ("kit/palette.py", "import analysis.themes.base"),               # the kit knowing a theme
    ("notebook/explore.py", "from analysis.build import manifest"),  # one sibling importing the other
])
def test_a_planted_upward_import_breaks_the_contract(package_copy: Path, module: str, upward: str):
    path = package_copy / "src" / "analysis" / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n\ndef _planted() -> None:\n    {upward}\n", encoding="utf-8")
    try:
        done = _lint(package_copy / "src", package_copy / "pyproject.toml")
    finally:
        path.write_text(original, encoding="utf-8")
    assert done.returncode != 0, done.stdout
    assert "BROKEN" in done.stdout and "analysis." + module.removesuffix(".py").replace("/", ".") in done.stdout


def test_every_subpackage_is_a_layer_and_says_what_it_may_import():
    layers = [name for layer in _contract() for name in layer]
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert sorted(n for n in layers if n != "cli") == folders
    below = {}
    for depth, layer in enumerate(_contract()):
        for name in layer:
            below[name] = [n for deeper in _contract()[depth + 1:] for n in deeper]
    for name in folders:
        doc = (PACKAGE / name / "__init__.py").read_text(encoding="utf-8")
        assert doc.startswith('"""'), f"src/analysis/{name}/__init__.py has no docstring"
        allowed = re.search(r"May import: (.+?)\.(?:\s|$)", doc, re.S)
        if below[name]:
            assert allowed, f"src/analysis/{name}/__init__.py does not say what it may import"
            assert sorted(re.findall(r"analysis\.(\w+)", allowed.group(1))) == sorted(below[name]), name


def test_the_readme_table_matches_the_contract():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `analysis/")]
    table = {}
    for row in rows:
        folder, _, allowed = [cell.strip() for cell in row.strip("|").split("|")]
        name = re.match(r"`analysis/(\w+)", folder).group(1)
        table[name] = allowed
    contract = _contract()
    for depth, layer in enumerate(contract):
        for name in layer:
            assert name in table, f"README's layout table has no row for analysis/{name}"
            deeper = [n for lower in contract[depth + 1:] for n in lower]
            if name == "cli":
                assert table[name] == "every layer"
            elif deeper:
                assert [w.strip() for w in table[name].split(",")] == deeper, name
            else:
                assert table[name] == "nothing of ours", name
    assert set(table) == {n for layer in contract for n in layer}


def test_no_module_of_the_package_is_imported_only_by_tests():
    """Every module is reached from a notebook, a command or another module of the package."""
    sources = [p for p in PACKAGE.rglob("*.py")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    text += "\n".join(p.read_text(encoding="utf-8") for p in (REPO_ROOT / "notebooks").glob("*.ipynb"))
    text += (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    unused = []
    for path in sources:
        if path.name in ("__init__.py", "__main__.py"):
            continue
        dotted = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        package, leaf = dotted.rsplit(".", 1)
        own = path.read_text(encoding="utf-8")
        others = text.replace(own, "")
        if not (re.search(rf"\b{re.escape(dotted)}\b", others)
                or re.search(rf"from {re.escape(package)} import [^\n]*\b{leaf}\b", others)):
            unused.append(dotted)
    assert not unused, f"imported only by tests (move them to tests/support/): {unused}"


def test_no_file_of_the_package_is_ignored_by_git():
    """A file .gitignore hides never reaches a clone (a `build/` pattern once hid analysis/build/__init__.py)."""
    import subprocess

    files = [str(p.relative_to(REPO_ROOT)) for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    done = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], input="\n".join(files), text=True,
                          capture_output=True, cwd=REPO_ROOT)
    if done.returncode not in (0, 1):
        pytest.skip(f"git check-ignore failed: {done.stderr.strip()}")
    assert done.stdout.split() == [], f"ignored by git, so missing from every clone: {done.stdout.split()}"

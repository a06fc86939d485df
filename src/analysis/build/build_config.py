"""The build's configuration file (`notebooks/params.yaml`) and the runs it describes.

A run is one notebook executed with one parameter set. The file names the notebooks, the parameter
sets, and where things live; every path in it is relative to the project root. Loading it imports
only yaml, so `--list` and a no-op build stay fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.core import paths

DEFAULT_CONFIG = Path("notebooks") / "params.yaml"
# Parameters the build sets itself for every run (absolute paths into data/ and the staging folder).
BUILD_PARAMETERS = ("data_dir", "output_dir")
DEFAULT_TIMEOUT = 600.0
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class ConfigError(ValueError):
    """The configuration file is missing, malformed or names something that does not exist."""


@dataclass(frozen=True)
class ParameterSet:
    """One named set of notebook parameters and the folder (under the output root) it writes to."""

    name: str
    output: str
    parameters: Mapping[str, Any]

    @property
    def lang(self) -> str:
        return str(self.parameters.get("lang", "en"))


@dataclass(frozen=True)
class Run:
    """One notebook executed with one parameter set."""

    stem: str
    pset: ParameterSet
    notebook: Path

    @property
    def run_id(self) -> str:
        return f"{self.pset.name}/{self.stem}"

    @property
    def output_subdir(self) -> str:
        """Where the run's files go, relative to the output root: `<set output>/<stem>`."""
        return f"{self.pset.output}/{self.stem}"


@dataclass(frozen=True)
class BuildConfig:
    """Everything `python -m analysis build` reads from the configuration file."""

    root: Path
    path: Path
    notebook_dir: Path
    data_dir: Path
    output_dir: Path
    build_dir: Path
    kernel: str
    code: tuple[Path, ...]
    notebooks: tuple[str, ...]
    sets: tuple[ParameterSet, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)
    # Run the claims-ledger check (analysis.words.ledger) over the published texts after each build.
    check_ledgers: bool = True
    # Whether the build typesets the briefing PDFs from the print sets (analysis.build.briefing).
    briefing: bool = False
    # Seconds one notebook run may take before it fails (a hung cell must not hang the build).
    timeout: float = DEFAULT_TIMEOUT
    # The address where the output folder is published, for the gallery's embed snippets (None: a
    # placeholder the gallery asks the reader to replace).
    base_url: str | None = None

    def runs(self) -> list[Run]:
        """Every run, set by set (in the file's order), notebook by notebook."""
        return [
            Run(stem, pset, self.notebook_dir / f"{stem}.ipynb")
            for pset in self.sets
            for stem in self.notebooks
        ]

    def relative(self, path: Path) -> str:
        """`path` relative to the project root when inside it (for messages), else absolute."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def _require(data: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in data:
        raise ConfigError(f"{where}: missing key {key!r}")
    value = data[key]
    if not isinstance(value, kind):
        raise ConfigError(f"{where}: {key!r} must be a {kind.__name__}, not {type(value).__name__}")
    return value


def _names(values: Iterable[Any], where: str, what: str) -> tuple[str, ...]:
    names: list[str] = []
    for value in values:
        if not isinstance(value, str) or not _NAME.match(value):
            raise ConfigError(f"{where}: {what} {value!r} is not a plain file name")
        if value in names:
            raise ConfigError(f"{where}: {what} {value!r} is listed twice")
        names.append(value)
    return tuple(names)


def load_config(root: Path, config_path: Path | None = None, *, output_dir: Path | None = None,
                build_dir: Path | None = None) -> BuildConfig:
    """Read and check the configuration; `output_dir`/`build_dir` override the file's folders."""
    import yaml

    root = root.resolve()
    path = (config_path if config_path is not None else root / DEFAULT_CONFIG).resolve()
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{where}: the build configuration file does not exist") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping at the top level")

    notebooks = _names(_require(data, "notebooks", list, where), where, "notebook")
    if not notebooks:
        raise ConfigError(f"{where}: 'notebooks' is empty")
    raw_sets = _require(data, "sets", dict, where)
    if not raw_sets:
        raise ConfigError(f"{where}: 'sets' is empty")
    sets: list[ParameterSet] = []
    outputs: dict[str, str] = {}
    for name, body in raw_sets.items():
        set_where = f"{where}: set {name!r}"
        _names([name], where, "set name")
        if not isinstance(body, dict):
            raise ConfigError(f"{set_where}: expected a mapping with 'output' and 'parameters'")
        output = str(body.get("output", name))
        _names([output], set_where, "output folder")
        if output in outputs:
            raise ConfigError(f"{set_where}: output folder {output!r} is also used by set {outputs[output]!r}")
        outputs[output] = name
        parameters = _require(body, "parameters", dict, set_where)
        for key in BUILD_PARAMETERS:
            if key in parameters:
                raise ConfigError(f"{set_where}: parameter {key!r} is set by the build; remove it")
        sets.append(ParameterSet(name=name, output=output, parameters=dict(parameters)))
    clash = set(notebooks) & {s.name for s in sets}
    if clash:
        raise ConfigError(f"{where}: {sorted(clash)} is both a notebook and a set name; --only would be ambiguous")

    def folder(key: str, default: str) -> Path:
        value = data.get(key, default)
        if not isinstance(value, str):
            raise ConfigError(f"{where}: {key!r} must be a path")
        return (root / value).resolve()

    code = data.get("code", ["src/analysis"])
    if not isinstance(code, list) or not all(isinstance(c, str) for c in code):
        raise ConfigError(f"{where}: 'code' must be a list of paths")
    known = {"notebook_dir", "data_dir", "output_dir", "build_dir", "kernel", "code", "notebooks", "sets",
             "check_ledgers", "timeout", "briefing", "base_url"}
    timeout = data.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ConfigError(f"{where}: 'timeout' must be a number of seconds above 0, got {timeout!r}")
    check_ledgers = data.get("check_ledgers", True)
    if not isinstance(check_ledgers, bool):
        raise ConfigError(f"{where}: 'check_ledgers' must be true or false")
    briefing = data.get("briefing", False)
    if not isinstance(briefing, bool):
        raise ConfigError(f"{where}: 'briefing' must be true or false")
    base_url = data.get("base_url")
    if base_url is not None:
        base_url = checked_base_url(base_url, f"{where}: base_url")
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown keys {unknown}; expected some of {sorted(known)}")
    return BuildConfig(
        root=root,
        path=path,
        notebook_dir=folder("notebook_dir", "notebooks"),
        data_dir=folder("data_dir", "data"),
        output_dir=output_dir.resolve() if output_dir is not None else folder("output_dir", "figures"),
        build_dir=build_dir.resolve() if build_dir is not None else folder("build_dir", "build"),
        kernel=str(data.get("kernel", paths.KERNEL_NAME)),
        code=tuple((root / c).resolve() for c in code),
        notebooks=notebooks,
        sets=tuple(sets),
        check_ledgers=check_ledgers,
        timeout=float(timeout),
        briefing=briefing,
        base_url=base_url,
    )


def checked_base_url(value: Any, where: str) -> str:
    """An absolute http(s) address ending in '/', the form the embed snippets append paths to."""
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+(/[^\s]*)?$", value):
        raise ConfigError(f"{where}: {value!r} is not an absolute http(s) address such as "
                          "https://example.org/figures/")
    return value if value.endswith("/") else value + "/"


def _stem_aliases(stem: str) -> set[str]:
    """A notebook answers to its stem, its number ("01") and its name without the number."""
    aliases = {stem}
    match = re.match(r"^(\d+)[_-](.+)$", stem)
    if match:
        aliases.update({match.group(1), match.group(2)})
    return aliases


def select_runs(config: BuildConfig, only: Sequence[str]) -> list[Run]:
    """The runs that `--only` names: notebooks and/or sets (a run must match both kinds given).

    Each NAME is a parameter-set name (`en`), a notebook (`01_torture_complaints`, `01`,
    `torture_complaints`) or `SET/NOTEBOOK`. Unknown names raise ConfigError listing the valid ones.
    """
    runs = config.runs()
    if not only:
        return runs
    names = [part.strip() for item in only for part in item.split(",") if part.strip()]
    set_names = {s.name for s in config.sets}
    wanted_sets: set[str] = set()
    wanted_stems: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for name in names:
        if "/" in name:
            set_name, _, nb = name.partition("/")
            stems = [s for s in config.notebooks if nb in _stem_aliases(s)]
            if set_name not in set_names or len(stems) != 1:
                raise ConfigError(_unknown(name, config))
            pairs.add((set_name, stems[0]))
        elif name in set_names:
            wanted_sets.add(name)
        else:
            stems = [s for s in config.notebooks if name in _stem_aliases(s)]
            if len(stems) != 1:
                raise ConfigError(_unknown(name, config) if not stems else
                                  f"--only {name!r} matches several notebooks: {', '.join(stems)}")
            wanted_stems.add(stems[0])
    selected = []
    for run in runs:
        if (run.pset.name, run.stem) in pairs:
            selected.append(run)
        elif (wanted_sets or wanted_stems) and (not wanted_sets or run.pset.name in wanted_sets) and (
            not wanted_stems or run.stem in wanted_stems
        ):
            selected.append(run)
    return selected


def _unknown(name: str, config: BuildConfig) -> str:
    return (
        f"--only {name!r}: no such notebook or parameter set. Sets: {', '.join(s.name for s in config.sets)}; "
        f"notebooks: {', '.join(config.notebooks)}"
    )

"""Headless Chromium for the gallery and accessibility tests: find it and run it (as a command, or
driven by selenium through chromedriver).

Chromium and chromedriver are system packages (Debian's chromium and chromium-driver), which
`.ci/run` installs; `find_chromium()` and `find_driver()` find them, or skip the test
with the command that installs them (fail, under CI: support.system_tools). Every start uses FLAGS
and a fresh profile folder: no network, no sync, no first-run pages (the machine's network may be
closed).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from support.system_tools import require

NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--allow-file-access-from-files",
)


DRIVER_NAMES = ("chromedriver",)


def find_chromium() -> str:
    """The Chromium binary."""
    return require(NAMES, "chromium")


def find_driver() -> str:
    """The chromedriver binary (Debian's chromium-driver, the same version as its chromium)."""
    return require(DRIVER_NAMES, "chromium-driver", paths=[f"/usr/bin/{n}" for n in DRIVER_NAMES])


def webdriver(binary: str, driver: str, profile: Path, *, width: int = 1280, height: int = 1000) -> Any:
    """A selenium session of headless Chromium with FLAGS and a fresh profile folder (quit it when
    done). Needs the `selenium` package (requirements.lock); skips without it."""
    selenium = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile.mkdir(parents=True, exist_ok=True)
    options = selenium.ChromeOptions()
    options.binary_location = binary
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    return selenium.Chrome(options=options, service=Service(executable_path=driver))


def run(binary: str, url: str, profile: Path, *extra: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Chromium with the test flags and a fresh profile folder."""
    profile.mkdir(parents=True, exist_ok=True)
    command = [binary, *FLAGS, f"--user-data-dir={profile}", *extra, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)

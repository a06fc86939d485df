"""Headless Chromium for the gallery and accessibility tests: find it, install Debian's package
where we can, run it (as a command, or driven by selenium through chromedriver).

Chromium and chromedriver are system packages, not Python ones: `find_or_install()` and
`find_or_install_driver()` look for them, and when absent run `apt-get install -y chromium` or
`chromium-driver` if we are root on a Debian-like system (CI is); otherwise the calling test is
skipped with the reason. Every start uses FLAGS and a fresh profile folder: no network, no sync,
no first-run pages (the machine's network may be closed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest

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


def _which() -> str | None:
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


DRIVER_NAMES = ("chromedriver",)


def _which_driver() -> str | None:
    for name in DRIVER_NAMES:
        path = shutil.which(name) or (f"/usr/bin/{name}" if os.path.isfile(f"/usr/bin/{name}") else None)
        if path:
            return path
    return None


def _apt_install(package: str, find: Callable[[], str | None]) -> str:
    """`find()`, or Debian's `package` installed with apt-get (as root) and then `find()`; else skip."""
    found = find()
    if found:
        return found
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip(f"{package} is not installed and we are not root, so `apt-get install {package}` cannot run")
    if not shutil.which("apt-get"):
        pytest.skip(f"{package} is not installed and there is no apt-get to install Debian's package")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "install", "-y", "-q", package],
                    ["apt-get", "update", "-q"],
                    ["apt-get", "install", "-y", "-q", package]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200)
        if command[1] == "install" and done.returncode == 0:
            break
    found = find()
    if not found:
        pytest.skip(f"apt-get could not install {package}: {done.stderr.strip()[-400:]}")
    return found


def find_or_install() -> str:
    """The Chromium binary."""
    return _apt_install("chromium", _which)


def find_or_install_driver() -> str:
    """The chromedriver binary (Debian's chromium-driver, the same version as its chromium)."""
    return _apt_install("chromium-driver", _which_driver)


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

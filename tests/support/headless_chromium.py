"""Headless Chromium for the gallery test: find it, install Debian's package where we can, run it.

Chromium is a system package, not a Python one: `find_or_install()` looks for it, and when absent
runs `apt-get install -y chromium` if we are root on a Debian-like system (CI is); otherwise the
calling test is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

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


def find_or_install() -> str:
    found = _which()
    if found:
        return found
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("chromium is not installed and we are not root, so `apt-get install chromium` cannot run")
    if not shutil.which("apt-get"):
        pytest.skip("chromium is not installed and there is no apt-get to install Debian's package")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "install", "-y", "-q", "chromium"],
                    ["apt-get", "update", "-q"],
                    ["apt-get", "install", "-y", "-q", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200)
        if command[1] == "install" and done.returncode == 0:
            break
    found = _which()
    if not found:
        pytest.skip(f"apt-get could not install chromium: {done.stderr.strip()[-400:]}")
    return found


def run(binary: str, url: str, profile: Path, *extra: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Chromium with the test flags and a fresh profile folder."""
    profile.mkdir(parents=True, exist_ok=True)
    command = [binary, *FLAGS, f"--user-data-dir={profile}", *extra, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)

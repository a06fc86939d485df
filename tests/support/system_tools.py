"""System programs some tests drive (Debian's chromium, chromium-driver, poppler-utils).

They are not Python packages, so requirements.lock cannot pin them: `.ci/run` installs them with
apt-get before `make test`. A test that needs one finds it here; where it is missing the test is
skipped with the command that installs it, except under CI (`$CI` set), where a missing tool is a
failure: CI must never pass by skipping what it is there to check.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence

import pytest


def require(names: Sequence[str], package: str, *, paths: Sequence[str] = ()) -> str:
    """The first of `names` on PATH (or at one of `paths`), else skip or, under CI, fail."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    for path in paths:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    message = (f"{names[0]} is not installed: `apt-get install {package}` (Debian's package; "
               f".ci/run installs it before the tests)")
    if os.environ.get("CI"):
        pytest.fail(f"{message}, but this is CI")
    pytest.skip(message)

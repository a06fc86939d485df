"""A system program a test needs is found, or the test is skipped with how to install it; under CI
a missing program fails the test, so CI never passes by skipping."""

from __future__ import annotations

import pytest

from support.system_tools import require


def test_a_present_program_is_found(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert require(["no-such-tool-here", "sh"], "dash").endswith("sh")


def test_a_missing_program_skips_outside_ci_and_fails_under_it(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install poppler-utils"):
        require(["no-such-pdffonts"], "poppler-utils")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="but this is CI"):
        require(["no-such-pdffonts"], "poppler-utils")

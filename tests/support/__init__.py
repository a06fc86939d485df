"""Test support: a mini project, sample charts, a JupyterLab client, build comparison, headless Chromium."""

"""A file's sha256, read in blocks: the one digest the build state, the sources check and the PDF
text cache all key on."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_of(path: Path) -> str:
    """The file's sha256 in hex, without reading it into memory whole (the UN reports are megabytes)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

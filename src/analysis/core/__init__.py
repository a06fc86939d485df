"""The ground floor: where the project's folders are, whole-file writes and file digests.

Holds: paths, atomic_files, file_digest. Imports nothing from analysis: every other layer may
import it.
"""

"""Narrow exceptions the library raises; the CLI turns each into one line and an exit code."""

from __future__ import annotations


class LexcompareError(Exception):
    """A problem the user can act on; never shown with a traceback."""

    exit_code = 2


class CorpusError(LexcompareError):
    """The corpus cannot be loaded or is invalid (details are in the validation report)."""

    exit_code = 1


class IndexMissing(LexcompareError):
    """No index has been built at the given location."""


class IndexCorrupt(LexcompareError):
    """The index directory is damaged or is not a lexcompare index: rebuild it."""


class IndexBusy(LexcompareError):
    """Another build holds the lock on this index."""


class NotFound(LexcompareError):
    """No record with the given id."""


class BadRequest(LexcompareError):
    """An argument is malformed (unknown format, bad filter value...)."""


class SourceError(LexcompareError):
    """An official document cannot be read, parsed or fetched."""

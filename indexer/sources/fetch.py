"""Download official documents from the URLs in ``sources.yaml``.

``make run`` calls ``lexcompare sources fetch --missing --quiet`` before every
start, so fetching must never block: every request has a short timeout, failed
requests are retried a bounded number of times, the whole run has a deadline,
and when the network is unreachable the run stops at the first connection
failure instead of waiting on every URL in turn.
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from indexer import __version__
from indexer.errors import SourceError
from indexer.sources.base import MAX_BYTES
from indexer.sources.cache import Stored, store, versions
from indexer.sources.config import SourceEntry, Sources

USER_AGENT = f"lexcompare/{__version__} (official-text cache; +https://github.com/)"


class Offline(SourceError):
    """No connection could be made at all: the machine is probably offline."""


@dataclass(frozen=True)
class Limits:
    """How long fetching may take."""

    timeout: float = 10.0  # per request (connect and each read)
    retries: int = 2  # further attempts after a failure that may pass (5xx, timeout)
    deadline: float = 60.0  # the whole run
    backoff: float = 1.0  # seconds before the first retry, doubled after each


@dataclass(frozen=True)
class Outcome:
    """One instrument's fetch result."""

    instrument_id: str
    url: str
    stored: Stored | None = None
    error: str | None = None


def download(url: str, limits: Limits, deadline: float) -> bytes:
    """GET one URL within the limits; raises :class:`SourceError` (or :class:`Offline`)."""
    if urlparse(url).scheme not in ("http", "https"):
        raise SourceError(f"{url}: only http and https URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    delay = limits.backoff
    for attempt in range(limits.retries + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise SourceError(f"{url}: out of time")
        try:
            with urllib.request.urlopen(request, timeout=min(limits.timeout, remaining)) as response:  # noqa: S310
                data = response.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise SourceError(f"{url}: larger than {MAX_BYTES // (1024 * 1024)} MB; not stored")
            return bytes(data)
        except urllib.error.HTTPError as exc:
            if exc.code < 500 or attempt == limits.retries:
                raise SourceError(f"{url}: HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if not isinstance(reason, TimeoutError):
                raise Offline(f"cannot reach {urlparse(url).netloc}: {reason}") from None
            if attempt == limits.retries:
                raise SourceError(f"{url}: timed out") from None
        except TimeoutError:
            if attempt == limits.retries:
                raise SourceError(f"{url}: timed out") from None
        except OSError as exc:
            raise Offline(f"cannot reach {urlparse(url).netloc}: {exc}") from None
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay *= 2
    raise SourceError(f"{url}: failed")  # pragma: no cover - the loop always returns or raises


def to_fetch(sources: Sources, texts_dir: Path, *, missing_only: bool = False) -> list[tuple[str, SourceEntry]]:
    """The instruments that have a URL, in order (with ``missing_only``, those not cached yet)."""
    return [
        (iid, entry)
        for iid, entry in sorted(sources.entries.items())
        if entry.url and not (missing_only and versions(texts_dir, iid))
    ]


def fetch_all(
    sources: Sources,
    texts_dir: Path,
    *,
    missing_only: bool = False,
    limits: Limits | None = None,
    progress: Callable[[int, int, Outcome], None] | None = None,
) -> list[Outcome]:
    """Fetch every configured URL (or only those not cached yet) into the cache.

    Raises :class:`Offline` when the first two connections (or the only one) fail for
    want of a network, so that one unreachable server does not pass for being offline.
    """
    limits = limits or Limits()
    todo = to_fetch(sources, texts_dir, missing_only=missing_only)
    deadline = time.monotonic() + limits.deadline
    outcomes: list[Outcome] = []
    reached = False
    unreachable = 0  # connection failures before any success: two of them mean no network
    for number, (iid, entry) in enumerate(todo, start=1):
        assert entry.url is not None
        try:
            data = download(entry.url, limits, deadline)
            reached = True
            outcome = Outcome(
                iid, entry.url, stored=store(texts_dir, iid, data, origin=entry.url, title=entry.title,
                                             url=entry.url, fmt=entry.format)
            )  # fmt: skip
        except Offline as exc:
            unreachable += 1
            if not reached and (unreachable >= 2 or number == len(todo)):
                raise
            outcome = Outcome(iid, entry.url, error=str(exc))
        except SourceError as exc:
            outcome = Outcome(iid, entry.url, error=str(exc))
        outcomes.append(outcome)
        if progress:
            progress(number, len(todo), outcome)
        if time.monotonic() >= deadline:
            for iid_left, entry_left in todo[number:]:
                outcomes.append(Outcome(iid_left, str(entry_left.url), error="not fetched: out of time"))
            break
    return outcomes


def bar(number: int, total: int, outcome: Outcome) -> None:
    """A one-line progress bar on stderr."""
    width = 24
    filled = width * number // max(total, 1)
    if outcome.error:
        state = f"failed: {outcome.error}"
    elif outcome.stored and outcome.stored.new:
        state = f"new version, {outcome.stored.version.provisions} provisions"
    else:
        state = "unchanged"
    line = f"[{'#' * filled}{'.' * (width - filled)}] {number}/{total} {outcome.instrument_id}: {state}"
    print(line, file=sys.stderr)

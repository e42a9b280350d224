"""Every search filter, declared once: what it is called, where its values come from, how people choose them.

One :class:`Filter` row drives the index's keyword field and its ``field:value``
query syntax, the document values it matches (written by the build), the facet
it counts, how a typed value is resolved, the command line's option, the app's
URL key and widget label. Adding a filter is one row here plus tests; the index
layout changes with it, so bump :data:`indexer.layout.SCHEMA_VERSION` too.

A search takes a :class:`Filters` value: the chosen values per filter name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from indexer.errors import BadRequest
from indexer.records import jurisdiction_label, person_label, standard_label, topic_label
from indexer.resolve import resolve
from indexer.text import did_you_mean

if TYPE_CHECKING:  # the search imports this module; the corpus model (pydantic) is not its business
    from indexer.corpus import Corpus

#: an index document's stored data (as the build writes it, with its ``scopes``) -> values
Values = Callable[[Mapping[str, Any]], Iterable[str]]


def _exact(value: str, known: Mapping[str, Any]) -> str | None:
    return value if value in known else None


def _no_spaces(value: str, known: Mapping[str, Any]) -> str | None:
    return _exact(value.replace(" ", ""), known)


@dataclass(frozen=True)
class Filter:
    """One dimension a search can be narrowed by."""

    name: str  # Filters key, facet name, index keyword field and `name:value` in a query
    label: str  # what people read: widget label; in messages, lower case ("unknown target person 'x'")
    matches: Values  # the values a document is found by (a region is found by its country too)
    counts: Values | None = None  # the values a facet counts per document; None: no facet
    key: str | None = None  # the app's URL key and the command line's short option (-j); None: neither
    hint: str = ""  # the command line's help
    resolve: Callable[[str, Mapping[str, Any]], str | None] = _exact  # typed value, known values -> value
    names: str | None = None  # the index table of names people may type for a value (else: the values)
    switch: bool = False  # a tick box ("only good practice"): chosen means "yes"
    shows: Callable[[Corpus, str], str] | None = None  # how a value reads (``Norway (NO)``); None: as it is

    @property
    def flag(self) -> str:
        """The command line's long option: ``--good-practice``."""
        return "--" + self.name.replace("_", "-")

    def show(self, corpus: Corpus, value: str) -> str:
        """A value as people read it."""
        return self.shows(corpus, value) if self.shows else value

    def choose(self, typed: Iterable[str], known: Mapping[str, Any]) -> tuple[str, ...]:
        """The values ``typed`` means; a value that means nothing is :class:`BadRequest` with a suggestion."""
        out = []
        for value in typed:
            found = self.resolve(str(value), known)
            if found is None:
                raise BadRequest(f"unknown {self.label.lower()} {value!r}{did_you_mean(str(value), known)}")
            out.append(found)
        return tuple(out)


def _one(key: str) -> Values:
    return lambda doc: [doc[key]]


def _many(key: str) -> Values:
    return lambda doc: doc[key]


def _scope(key: str) -> Values:
    return lambda doc: doc["scopes"][key]


# fmt: off
FILTERS: tuple[Filter, ...] = (
    Filter("jurisdiction", "Jurisdiction", key="j", matches=_scope("jurisdiction_scope"), counts=_one("jurisdiction"),
           resolve=resolve, names="jurisdictions", shows=jurisdiction_label, hint="code, alias or name (repeatable)"),
    Filter("topic", "Topic", key="t", matches=_scope("topic_scope"), counts=_many("topics"),
           resolve=resolve, names="topics", shows=topic_label, hint="topic id or label (repeatable)"),
    Filter("person", "Target person", key="p", matches=_many("target_persons"), counts=_many("target_persons"),
           shows=person_label, hint="target person id (repeatable)"),
    Filter("standard", "Standard", key="s", matches=_scope("standard_scope"), counts=_scope("standard_scope"),
           resolve=_no_spaces, shows=standard_label, hint="e.g. coe-istanbul:59(1) (repeatable)"),
    Filter("kind", "Instrument kind", key="k", matches=_one("kind"), counts=_one("kind"),
           hint="instrument kind (repeatable)"),
    Filter("type", "Document type", matches=_one("doc_type"), counts=_one("doc_type")),
    Filter("verification", "Verification", key="v", matches=_one("verification"), counts=_one("verification"),
           hint="official, secondary or unverified (repeatable)"),
    Filter("good_practice", "Good practice", key="gp", matches=lambda doc: ["yes"] if doc["good_practice"] else [],
           switch=True, hint="only good practice"),
)
# fmt: on
BY_NAME = {f.name: f for f in FILTERS}
FACETS = tuple(f.name for f in FILTERS if f.counts is not None)


def filter_values(doc: Mapping[str, Any]) -> dict[str, list[str]]:
    """What each filter finds a document by (its index keywords), from its stored data with scopes."""
    return {f.name: list(f.matches(doc)) for f in FILTERS}


def facet_values(doc: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (facet, value) pairs a document counts for."""
    return [(f.name, value) for f in FILTERS if f.counts is not None for value in f.counts(doc)]


@dataclass(frozen=True)
class Filters:
    """The values chosen per filter name, as typed (a search resolves them); no values: not filtered on."""

    chosen: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def of(cls, **values: Iterable[str] | str | bool | None) -> Filters:
        """``Filters.of(jurisdiction=["NO", "Sweden"], good_practice=True)``; unknown names are a TypeError."""
        unknown = set(values) - set(BY_NAME)
        if unknown:
            raise TypeError(f"no such filter: {', '.join(sorted(unknown))} (filters: {', '.join(BY_NAME)})")
        chosen = []
        for name, value in values.items():
            if isinstance(value, bool):
                items: tuple[str, ...] = ("yes",) if value else ()
            elif isinstance(value, str):
                items = (value,) if value else ()
            else:
                items = tuple(value or ())
            if items:
                chosen.append((name, items))
        return cls(tuple(chosen))

    def get(self, name: str) -> tuple[str, ...]:
        return dict(self.chosen).get(name, ())

    def as_dict(self) -> dict[str, list[str]]:
        return {name: list(values) for name, values in self.chosen}

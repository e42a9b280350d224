"""One record as people name, cite and reach it: labels, citations, standards, related records.

Pure functions over a loaded :class:`~indexer.corpus.Corpus` (the related records
also ask an open index for similar wording). The app's pages, the briefs and the
command line all name a record through these, so it reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from indexer.errors import NotFound

if TYPE_CHECKING:  # the search imports this module; the corpus model (pydantic) is not its business
    from indexer.corpus import Corpus


class _Record(Protocol):
    @property
    def id(self) -> str: ...


class SimilarWording(Protocol):
    """What :func:`related` asks of an open index (:class:`indexer.search.Index` is one)."""

    def similar(self, doc_id: str, limit: int = 5) -> Sequence[_Record]: ...


def resolve_id(corpus: Corpus, record_id: str) -> str:
    """The current id of a provision or practice (old ids are followed); :class:`NotFound` otherwise."""
    record_id = corpus.aliases.get(record_id, record_id)
    if record_id in corpus.provisions or record_id in corpus.practices:
        return record_id
    raise NotFound(f"no provision or practice with id {record_id!r}")


def jurisdiction_name(corpus: Corpus, code: str) -> str:
    """A jurisdiction's English name (its code when it is unknown)."""
    jurisdiction = corpus.jurisdictions.get(code)
    return jurisdiction.name if jurisdiction else code


def jurisdiction_label(corpus: Corpus, code: str) -> str:
    """``Norway (NO)`` (the code alone when it is unknown)."""
    jurisdiction = corpus.jurisdictions.get(code)
    return f"{jurisdiction.name} ({code})" if jurisdiction else code


def topic_label(corpus: Corpus, topic_id: str) -> str:
    """A topic's English label (its id when the topic is unknown)."""
    topic = corpus.topics.get(topic_id)
    return topic.label if topic else topic_id


def person_label(corpus: Corpus, person_id: str) -> str:
    """A target person's label (its id when it is unknown)."""
    labels = {t.id: t.label for t in corpus.vocabulary.target_persons} if corpus.vocabulary else {}
    return labels.get(person_id, person_id)


def citation(corpus: Corpus, provision_id: str) -> str:
    """A provision's pinpoint citation: instrument title (original), official citation, pinpoint."""
    entry = corpus.provisions[provision_id]
    instrument = corpus.instruments[entry.instrument_id].instrument
    title = instrument.title.english
    if instrument.title.original != title:
        title = f"{title} ({instrument.title.original})"
    return f"{title}, {instrument.citation}, {entry.provision.pinpoint}"


def short_citation(corpus: Corpus, provision_id: str) -> str:
    """A provision as lawyers say it: the instrument's short title and the pinpoint (``utlendingsloven § 53``)."""
    entry = corpus.provisions[provision_id]
    title = corpus.instruments[entry.instrument_id].instrument.title
    return f"{title.short[0] if title.short else title.english} {entry.provision.pinpoint}"


def practice_citation(corpus: Corpus, practice_id: str) -> str:
    """A good practice as it can be cited: title, organisations, places, period."""
    entry = corpus.practices[practice_id]
    practice = entry.practice
    where = ", ".join(practice.places) or jurisdiction_name(corpus, entry.jurisdiction)
    period = f", {practice.period}" if practice.period else ""
    return f"{practice.title}, {'; '.join(practice.organisations)}, {where}{period}"


def record_label(corpus: Corpus, record_id: str) -> str:
    """A short label for a provision (``NO · utlendingsloven § 53``) or practice (its title)."""
    if record_id in corpus.provisions:
        return f"{corpus.provisions[record_id].jurisdiction} · {short_citation(corpus, record_id)}"
    if record_id in corpus.practices:
        entry = corpus.practices[record_id]
        return f"{entry.jurisdiction} · {entry.practice.title}"
    return record_id


def standard_refs(corpus: Corpus, *, with_topics: bool = False) -> list[str]:
    """Every standard reference a provision (and, ``with_topics``, a topic) names, sorted."""
    refs = {ref for entry in corpus.provisions.values() for ref in entry.provision.standards}
    if with_topics:
        refs |= {ref for topic in corpus.topics.values() for ref in topic.standards}
    return sorted(refs)


def standard_keys(ref: str) -> list[str]:
    """Filter keys of a standard reference: ``coe-istanbul:59(1)`` -> itself, ``coe-istanbul:59``, ``coe-istanbul``."""
    keys = [ref]
    std, _, pin = ref.partition(":")
    if pin:
        article = pin.split("(")[0]
        if article != pin:
            keys.append(f"{std}:{article}")
        keys.append(std)
    return keys


def standard_label(corpus: Corpus, ref: str) -> str:
    """A standard reference as people write it: ``Istanbul Convention art. 59(1)``."""
    standard, _, pinpoint = ref.partition(":")
    known = {s.id: s.short_title for s in corpus.vocabulary.standards} if corpus.vocabulary else {}
    name = known.get(standard, standard)
    return f"{name} art. {pinpoint}" if pinpoint else name


def related(corpus: Corpus, index: SimilarWording, pid: str, *, limit: int = 8) -> dict[str, list[str]]:
    """Records related to a provision, by reason: curators' links, standard, topic, similar wording.

    Each record appears once, under the first reason that finds it; reasons without records are left out.
    """
    prov = corpus.provisions[pid].provision
    here = corpus.provisions[pid].jurisdiction
    linked = [corpus.aliases.get(r, r) for r in prov.related]
    linked += [rid for rid, e in corpus.practices.items() if pid in e.practice.related_provisions]
    elsewhere = [e for e in corpus.provisions.values() if e.jurisdiction != here]
    same_standard = [e.id for e in elsewhere if set(e.provision.standards) & set(prov.standards)]
    same_topic = [e.id for e in elsewhere if set(e.provision.topics) & set(prov.topics) and e.id not in same_standard]
    similar = [hit.id for hit in index.similar(pid, limit=limit)]
    groups = {
        "Linked by the curators": linked,
        "Implementing the same standard": same_standard,
        "On the same topic": same_topic[:limit],
        "Similar wording": similar,
    }
    seen: set[str] = {pid}
    out: dict[str, list[str]] = {}
    for why, ids in groups.items():
        fresh = [rid for rid in dict.fromkeys(ids) if rid not in seen]
        seen.update(fresh)
        if fresh:
            out[why] = fresh
    return out

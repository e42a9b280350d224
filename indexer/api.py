"""The public face of the library: everything the app (or any other caller) needs, in one import.

    from indexer import api

    corpus, problems = api.load_corpus(api.corpus_dir())
    index = api.open_index(api.index_dir())
    result = index.search("forced marriage", api.Filters.of(jurisdiction=["NO"]))

What a caller gets back is view-ready: frozen records (:class:`Brief`, :class:`CoverageRow`,
:class:`Currency`) and plain values, so pages render and never compute domain
facts themselves. Everything not named in ``__all__`` is inside the library and may
change without notice; a test keeps ``app/`` importing from here only.
"""

from __future__ import annotations

from indexer.brief import BRIEF_FORMATS, Brief, build_brief, comparison_brief, filename, profile_brief, render
from indexer.browse import (
    SORTS,
    Highlight,
    JurisdictionSummary,
    ProvisionRow,
    TopicRow,
    TopicTree,
    assessment_highlights,
    jurisdiction_summaries,
    provision_rows,
    topic_tree,
)
from indexer.coded import Assessment, CodedCell, CodedComparison, RankEntry, VariableView, coded, coded_topics
from indexer.compare import (
    STATE_SYMBOL,
    CoverageRow,
    Matrix,
    StandardComparison,
    StandardParty,
    conditions_table,
    coverage_matrix,
    side_by_side,
    standard_comparison,
    treaty_dates,
    word_diff,
)
from indexer.corpus import Corpus
from indexer.currency import Currency, provision_currency, status_text
from indexer.errors import LexcompareError, NotFound
from indexer.export import DATA_LICENSE, datapackage_zip, dataset_version, how_to_cite
from indexer.export import to_json as dataset_json
from indexer.filters import FILTERS, Filter, Filters
from indexer.load import load_corpus
from indexer.models import AssessmentState, CoverageState, InstrumentKind, Verification, VerificationStatus
from indexer.paths import corpus_dir, index_dir, permalink, report_url, texts_dir
from indexer.readcache import for_index as parse_cache
from indexer.records import (
    citation,
    jurisdiction_label,
    person_label,
    practice_citation,
    record_label,
    related,
    resolve_id,
    short_citation,
    standard_label,
    standard_refs,
    topic_label,
)
from indexer.resolve import resolve_jurisdiction, resolve_topic
from indexer.search import MAX_LIMIT, Index, SearchResult, current_generation, open_index
from indexer.sources.status import ProvisionStatus, wording_changes
from indexer.text import did_you_mean, markdown_table, md_escape

__all__ = [
    # where the data lives, and opening it
    "corpus_dir",
    "index_dir",
    "texts_dir",
    "report_url",
    "load_corpus",
    "parse_cache",
    "Corpus",
    "open_index",
    "current_generation",
    "Index",
    "SearchResult",
    "MAX_LIMIT",
    "FILTERS",
    "Filter",
    "Filters",
    # naming records and resolving what people type
    "resolve_id",
    "resolve_jurisdiction",
    "resolve_topic",
    "did_you_mean",
    "record_label",
    "jurisdiction_label",
    "topic_label",
    "person_label",
    "citation",
    "short_citation",
    "practice_citation",
    "standard_refs",
    "standard_label",
    "related",
    # comparing
    "coverage_matrix",
    "Matrix",
    "side_by_side",
    "CoverageRow",
    "standard_comparison",
    "StandardComparison",
    "StandardParty",
    "treaty_dates",
    "conditions_table",
    "word_diff",
    "STATE_SYMBOL",
    # browsing: every jurisdiction, the topic tree, every provision, a profile's assessment
    "jurisdiction_summaries",
    "JurisdictionSummary",
    "topic_tree",
    "TopicTree",
    "TopicRow",
    "provision_rows",
    "ProvisionRow",
    "SORTS",
    "assessment_highlights",
    "Highlight",
    # the coded comparison: values with citations, the derived assessment, the ranking
    "coded",
    "coded_topics",
    "CodedComparison",
    "CodedCell",
    "Assessment",
    "AssessmentState",
    "RankEntry",
    "VariableView",
    # currency: status, the version of the wording held, changed since annotated
    "provision_currency",
    "Currency",
    "status_text",
    "wording_changes",
    "ProvisionStatus",
    # briefs and the dataset
    "Brief",
    "build_brief",
    "comparison_brief",
    "profile_brief",
    "render",
    "filename",
    "BRIEF_FORMATS",
    "md_escape",
    "markdown_table",
    "dataset_version",
    "dataset_json",
    "datapackage_zip",
    "permalink",
    "DATA_LICENSE",
    "how_to_cite",
    # the data model's vocabularies and errors
    "CoverageState",
    "InstrumentKind",
    "Verification",
    "VerificationStatus",
    "LexcompareError",
    "NotFound",
]

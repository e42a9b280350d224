"""The data model of the editorial layer (corpus/).

Every record that comes from YAML is a frozen pydantic model with
``extra="forbid"``, so a misspelt field is an error with a line number rather
than data silently dropped.  Cross-record checks (unknown topic, dangling
reference, ...) live in :mod:`indexer.validate`; this module only knows the
shape of each record.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
JurisdictionCode = Annotated[str, StringConstraints(pattern=r"^(EU|COE|[A-Z]{2}(-[A-Z0-9]{1,4})?)$")]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

#: ``coe-istanbul:59(1)`` -- a standard id, then optionally ``:`` and a pinpoint.
STANDARD_REF = re.compile(r"^(?P<standard>[a-z0-9][a-z0-9-]*)(?::(?P<pinpoint>[0-9A-Za-z().\-]+))?$")


class Record(BaseModel):
    """Base of every corpus record: immutable, and unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Record):
    """A document a statement rests on (official text, report, NGO page...)."""

    title: NonEmpty
    url: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    note: str | None = None


class VerificationStatus(StrEnum):
    official = "official"  # checked against an official text in the official-text layer
    secondary = "secondary"  # seen in a named secondary source
    unverified = "unverified"  # a lead, not yet seen in any source


class Verification(Record):
    """How far a record was checked, when, and against what."""

    status: VerificationStatus
    date: dt.date  # the day the source was read: required, so a 2019 reading never passes for a 2026 one
    sources: list[Source] = Field(default_factory=list)
    note: str | None = None


# --- jurisdictions -----------------------------------------------------------


class JurisdictionKind(StrEnum):
    international = "international"  # Council of Europe
    supranational = "supranational"  # EU
    state = "state"
    region = "region"
    city = "city"


class TreatyState(StrEnum):
    ratified = "ratified"
    acceded = "acceded"
    signed = "signed"  # signed, not ratified
    not_signed = "not-signed"
    denounced = "denounced"
    unknown = "unknown"
    not_applicable = "n/a"


class TreatyStatus(Record):
    """A jurisdiction's status under one treaty (e.g. the Istanbul Convention)."""

    status: TreatyState
    signed: dt.date | None = None
    ratified: dt.date | None = None
    in_force: dt.date | None = None
    reservations: str | None = None
    note: str | None = None
    verification: Verification


class LegalDatabase(Record):
    name: NonEmpty
    url: str


class Jurisdiction(Record):
    """A country, a supranational or international organisation, a region or a city."""

    code: JurisdictionCode
    kind: JurisdictionKind
    name: NonEmpty  # English
    native_names: dict[LangCode, NonEmpty] = Field(default_factory=dict)
    aliases: list[NonEmpty] = Field(default_factory=list)
    languages: list[LangCode] = Field(min_length=1)
    parent: JurisdictionCode | None = None
    legal_database: LegalDatabase | None = None
    treaties: dict[Slug, TreatyStatus] = Field(default_factory=dict)
    note: str | None = None


# --- vocabulary --------------------------------------------------------------


class Topic(Record):
    """A thesaurus entry: what a provision is about, named in every corpus language."""

    id: Slug
    label: NonEmpty  # English preferred label
    definition: NonEmpty
    core: bool = False
    broader: list[Slug] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    standards: list[str] = Field(default_factory=list)
    labels: dict[LangCode, NonEmpty] = Field(default_factory=dict)
    synonyms: dict[LangCode, list[NonEmpty]] = Field(default_factory=dict)


class TargetPerson(Record):
    id: Slug
    label: NonEmpty
    definition: str | None = None


class Standard(Record):
    """A standard-setting instrument provisions are measured against (``coe-istanbul``)."""

    id: Slug
    title: NonEmpty
    short_title: NonEmpty
    jurisdiction: JurisdictionCode | None = None  # None for UN instruments
    instrument: str | None = None  # corpus instrument id, when the corpus has it


class Abbreviation(Record):
    """An abbreviation users type for something that is neither one instrument nor one topic ("FGMPO")."""

    short: NonEmpty
    means: NonEmpty  # what it stands for, in words the index knows
    note: str | None = None


class EverydayWord(Record):
    """Everyday words people ask with for a term the law uses ("husband", "wife" for spouse)."""

    words: list[NonEmpty] = Field(min_length=1)
    means: NonEmpty  # the term of law, in words the index knows
    note: str | None = None


class Vocabulary(Record):
    """``corpus/vocabulary.yaml``: target persons, standards, abbreviations and everyday words."""

    target_persons: list[TargetPerson]
    standards: list[Standard]
    abbreviations: list[Abbreviation] = Field(default_factory=list)
    everyday_words: list[EverydayWord] = Field(default_factory=list)


# --- instruments and provisions ----------------------------------------------


class InstrumentKind(StrEnum):
    treaty = "treaty"
    directive = "directive"
    regulation = "regulation"
    statute = "statute"
    secondary_legislation = "secondary-legislation"
    rules = "rules"
    guidance = "guidance"
    case_law = "case-law"


class Status(StrEnum):
    in_force = "in-force"
    partly_in_force = "partly-in-force"
    not_yet_in_force = "not-yet-in-force"
    repealed = "repealed"
    proposed = "proposed"
    unknown = "unknown"


class Titles(Record):
    original: NonEmpty
    english: NonEmpty
    short: list[NonEmpty] = Field(default_factory=list)  # short titles and aliases lawyers type


class Identifiers(Record):
    eli: str | None = None
    celex: str | None = None
    url: str | None = None


class Instrument(Record):
    """An act, treaty, set of rules or guidance; one YAML file holds one instrument."""

    jurisdiction: JurisdictionCode
    kind: InstrumentKind
    title: Titles
    citation: NonEmpty
    language: LangCode
    identifiers: Identifiers = Field(default_factory=Identifiers)
    adopted: dt.date | None = None
    in_force: dt.date | None = None
    repealed: dt.date | None = None  # the day it ceased to have effect, where a source gives it
    status: Status = Status.unknown
    note: str | None = None


class Conditions(Record):
    """Structured conditions, so that comparisons line up in columns.

    Values are short statements in our words; ``None`` means "not recorded",
    and the string ``"none"`` means "the provision sets no such condition".
    """

    min_relationship_duration: str | None = None
    evidence_accepted: list[NonEmpty] = Field(default_factory=list)
    permit_length: str | None = None
    renewal: str | None = None
    fees: str | None = None
    decision_maker: str | None = None
    application_deadline: str | None = None
    other: dict[Slug, NonEmpty] = Field(default_factory=dict)


class CaseLaw(Record):
    citation: NonEmpty
    court: str | None = None
    date: dt.date | None = None
    ecli: str | None = None
    url: str | None = None
    note: str | None = None


class GoodPracticeFlag(Record):
    why: NonEmpty
    by: NonEmpty  # who praised it (a source, not us)


class Provision(Record):
    """An annotated excerpt: one pinpoint of one instrument, in our words."""

    pinpoint: NonEmpty  # as lawyers write it: "§ 53", "art. 31 bis", "5 kap. 16 §"
    slug: Slug  # last part of the id; stable forever once published
    aliases: list[str] = Field(default_factory=list)  # earlier ids, kept forever
    heading: NonEmpty
    summary: NonEmpty
    plain_summary: str | None = None
    annotation: NonEmpty
    topics: list[Slug] = Field(min_length=1)
    target_persons: list[Slug] = Field(default_factory=list)
    standards: list[str] = Field(default_factory=list)
    conditions: Conditions | None = None
    case_law: list[CaseLaw] = Field(default_factory=list)
    in_force: dt.date | None = None
    repealed: dt.date | None = None
    status: Status = Status.unknown
    verification: Verification
    good_practice: GoodPracticeFlag | None = None
    related: list[str] = Field(default_factory=list)  # other provision ids
    queries: list[NonEmpty] = Field(min_length=1, max_length=3)

    @field_validator("standards")
    @classmethod
    def _standard_refs(cls, refs: list[str]) -> list[str]:
        for ref in refs:
            if not STANDARD_REF.match(ref):
                raise ValueError(f"{ref!r} is not a standard reference like 'coe-istanbul:59(1)'")
        return refs


class InstrumentFile(Record):
    """``corpus/<jurisdiction>/<instrument-slug>.yaml``."""

    instrument: Instrument
    provisions: list[Provision] = Field(default_factory=list)


# --- good practice and coverage -----------------------------------------------


class Practice(Record):
    """A non-legislative measure that a source praises or that our seed projects ran."""

    slug: Slug
    title: NonEmpty
    organisations: list[NonEmpty] = Field(min_length=1)
    places: list[NonEmpty] = Field(default_factory=list)
    period: str | None = None
    summary: NonEmpty  # what it does, in our words
    evidence: NonEmpty  # what shows it works, or "no evaluation recorded"
    praised_by: list[NonEmpty] = Field(default_factory=list)  # who praised it: named sources, never us
    # who evaluated its effect (named evaluations, audits, studies), or plainly "none-known": required
    evaluated_by: list[NonEmpty] | Literal["none-known"]
    topics: list[Slug] = Field(min_length=1)
    target_persons: list[Slug] = Field(default_factory=list)
    related_provisions: list[str] = Field(default_factory=list)  # the provisions it works with (at least one)
    sources: list[Source] = Field(min_length=1)
    verification: Verification
    queries: list[NonEmpty] = Field(default_factory=list, max_length=3)

    def evaluation(self) -> str:
        """Who evaluated the practice, as one line for readers ("no evaluation known" when nobody did)."""
        return "no evaluation known" if self.evaluated_by == "none-known" else "; ".join(self.evaluated_by)


class PracticesFile(Record):
    """``corpus/<jurisdiction>/practices.yaml``."""

    practices: list[Practice]


class CoverageState(StrEnum):
    provisions = "provisions"  # derived from the data, never written by hand
    none = "none"  # researched: a source says there is no such provision
    unknown = "unknown"  # not yet researched
    not_applicable = "n/a"


class CoverageNote(Record):
    state: CoverageState
    note: str | None = None
    sources: list[Source] = Field(default_factory=list)


class CoverageFile(Record):
    """``corpus/<jurisdiction>/coverage.yaml``: topic id -> stated coverage."""

    coverage: dict[Slug, CoverageNote]


class TopicsFile(Record):
    topics: list[Topic]


class JurisdictionsFile(Record):
    jurisdictions: list[Jurisdiction]


# --- codebook and coding -----------------------------------------------------


class VariableType(StrEnum):
    enum = "enum"  # one of the defined values
    set = "set"  # any number of the defined values (a controlled list)
    integer = "integer"  # a whole number >= 0 in the variable's unit
    boolean = "boolean"  # true or false
    date = "date"  # an ISO 8601 date


#: the two values every variable allows besides its own: not yet researched, cannot apply
UNKNOWN = "unknown"
NOT_APPLICABLE = "n/a"


class AllowedValue(Record):
    """One value an enum or set variable may take, with what it means."""

    value: Slug
    definition: NonEmpty


class Variable(Record):
    """One comparable question about a topic, with its type and allowed values."""

    id: Slug
    label: NonEmpty  # short column label
    question: NonEmpty
    type: VariableType
    unit: str | None = None  # integers only: "months", "EUR"
    values: list[AllowedValue] = Field(default_factory=list)  # enum and set only
    standards: list[str] = Field(default_factory=list)  # standard paragraphs it operationalises

    @model_validator(mode="after")
    def _shape(self) -> Variable:
        listed = self.type in (VariableType.enum, VariableType.set)
        if listed and not self.values:
            raise ValueError(f"an {self.type.value} variable lists its allowed values")
        if not listed and self.values:
            raise ValueError(f"a {self.type.value} variable has no list of values")
        if (self.type is VariableType.integer) != (self.unit is not None):
            raise ValueError("an integer variable, and only an integer variable, names its unit")
        for value in self.values:
            if value.value in (UNKNOWN, NOT_APPLICABLE):
                raise ValueError(f"{value.value!r} is allowed everywhere; do not list it")
        return self


class CodebookTopic(Record):
    """The variables of one topic."""

    topic: Slug
    variables: list[Variable] = Field(min_length=1)


class Condition(Record):
    """A test on coded values: ``all``/``any``/``none`` of conditions, or one test on one variable.

    A test on a variable coded ``unknown`` is undecided; one coded ``n/a`` does not hold.
    """

    all: list[Condition] | None = None  # every one holds
    any: list[Condition] | None = None  # at least one holds
    none: list[Condition] | None = None  # none holds
    variable: Slug | None = None
    one_of: list[Slug] | None = None  # enum: the value is one of these
    includes: list[Slug] | None = None  # set: the value includes at least one of these
    equals: bool | None = None  # boolean: the value is this
    at_most: int | None = None  # integer: the value is this or less
    at_least: int | None = None  # integer: the value is this or more

    def groups(self) -> list[list[Condition] | None]:
        return [self.all, self.any, self.none]

    def tests(self) -> list[object]:
        return [self.one_of, self.includes, self.equals, self.at_most, self.at_least]

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        given_groups = sum(g is not None for g in self.groups())
        given_tests = sum(t is not None for t in self.tests())
        if self.variable is None and not (given_groups == 1 and given_tests == 0):
            raise ValueError("a condition is exactly one of all, any, none, or a variable with one test")
        if self.variable is not None and not (given_groups == 0 and given_tests == 1):
            raise ValueError("a test names one variable and exactly one of one_of, includes, equals, at_most, at_least")
        return self


class AssessmentState(StrEnum):
    meets = "meets"
    partly = "partly"
    does_not_meet = "does-not-meet"
    unknown = "unknown"


class Outcome(Record):
    """A state and why, when its condition holds (no condition: the fallback, last)."""

    state: AssessmentState
    when: Condition | None = None
    reason: NonEmpty  # in our words: what the coded law does, measured against the standard


class Rule(Record):
    """How coded values of one topic are measured against one standard paragraph.

    Outcomes are tried in order; the first whose condition holds gives the state.
    """

    standard: str  # e.g. "coe-istanbul:59(1)"
    topic: Slug
    requires: NonEmpty  # what the standard paragraph asks, in our words
    treaty: Slug | None = None  # the standard id whose treaty status is shown beside the assessment
    jurisdictions: list[JurisdictionCode] = Field(default_factory=list)  # only these (empty: every coded one)
    outcomes: list[Outcome] = Field(min_length=1)

    @field_validator("standard")
    @classmethod
    def _standard_ref(cls, ref: str) -> str:
        if not STANDARD_REF.match(ref):
            raise ValueError(f"{ref!r} is not a standard reference like 'coe-istanbul:59(1)'")
        return ref

    @model_validator(mode="after")
    def _fallback_last(self) -> Rule:
        if any(o.when is None for o in self.outcomes[:-1]):
            raise ValueError("only the last outcome may go without a condition (it is the fallback)")
        return self


class Codebook(Record):
    """``corpus/codebook.yaml``: the variables per topic and the assessment rules."""

    method: NonEmpty  # how values are coded and assessments derived, published with every export
    topics: list[CodebookTopic] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)


#: a coded value as written: true/false, a number, a date, a list (set), or text (enum, unknown, n/a)
CodedScalar = StrictBool | StrictInt | dt.date | list[Slug] | str


class CodedValue(Record):
    """One jurisdiction's answer to one variable, with the provisions it rests on."""

    value: CodedScalar
    provisions: list[str] = Field(default_factory=list)  # "<provision id>" or "<provision id> <pinpoint>"
    verification: Verification | None = None  # default: the file's verification
    note: str | None = None  # in our words: why this value, or why it is unknown

    @field_validator("provisions")
    @classmethod
    def _citations(cls, refs: list[str]) -> list[str]:
        for ref in refs:
            if not ref.strip() or ref != ref.strip():
                raise ValueError(f"{ref!r} is not '<provision id>' or '<provision id> <pinpoint>'")
        return refs


class Finding(Record):
    """What a monitoring body (e.g. GREVIO) found about a jurisdiction and a standard, as a source records it."""

    standard: str
    body: NonEmpty  # the monitoring body
    summary: NonEmpty  # the finding in our words
    source: Source
    verification: Verification  # how far we saw the finding: keep the lead's confidence


class CodingFile(Record):
    """``corpus/<code>/coding.yaml``: topic -> variable -> coded value."""

    verification: Verification  # the default verification of every value in the file
    coding: dict[Slug, dict[Slug, CodedValue]]
    findings: list[Finding] = Field(default_factory=list)


#: the ingesters an official text can be read with ("auto": told from the document itself);
#: :mod:`indexer.sources.ingest` has a parser for each of the others
SOURCE_FORMATS = ("auto", "eurlex", "formex", "clml", "lovdata", "boe", "akn", "sfs", "govuk", "markdown", "html")


class TextVersion(StrEnum):
    consolidated = "consolidated"  # amendments worked in, as of a date
    original = "original"  # as enacted or published, without later amendments


class SourceEntry(Record):
    """``corpus/sources.yaml``: one instrument's official text, where to fetch it, which local files hold it."""

    title: str = Field(min_length=1)
    url: str | None = None
    format: str = "auto"
    files: list[str] = Field(default_factory=list)
    pinpoints: dict[str, str] = Field(default_factory=dict)
    provisions: list[str] | None = None  # when set, only these slugs take wording from the cached text
    version: TextVersion | None = None  # consolidated or original, as the source describes the text
    version_date: dt.date | None = None  # the date the text stands at (a consolidation's, an original's)
    outdated: bool = False  # the local copy is known to lack later amendments: pages warn
    note: str | None = None

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value not in SOURCE_FORMATS:
            raise ValueError(f"unknown format {value!r} ({', '.join(SOURCE_FORMATS)})")
        return value

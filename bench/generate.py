"""A deterministic synthetic corpus shaped like ours, written as valid corpus files.

Every jurisdiction, instrument and provision is invented and says so: codes are
ISO 3166 user-assigned ones (``XA``..``XZ``, ``QM``..``QZ``), names and
citations carry "synthetic", texts are pseudo-words.  The same size and seed
always give byte-identical files, so runs on different days compare.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import string
import tempfile
from pathlib import Path
from typing import Any

from bench.languages import ENGLISH, LANGUAGES, Language

#: bump when the output changes, so cached corpora of an older shape are not reused
GENERATOR_VERSION = 3

CORE_TOPICS = {
    "residence-autonomy": "Residence autonomy of dependent victims",
    "victim-residence-permit": "Residence permits for victims",
    "expulsion-suspension": "Suspension of expulsion",
    "gender-based-persecution": "Gender-based persecution",
    "gender-sensitive-procedures": "Gender-sensitive procedures",
    "sogi-asylum": "Sexual orientation and gender identity claims",
    "unaccompanied-minors": "Unaccompanied minors",
    "forced-marriage": "Forced marriage",
    "fgm": "Female genital mutilation",
    "honour-based-violence": "Honour-based violence",
    "perpetrator-programmes": "Perpetrator programmes",
    "protection-orders": "Protection orders",
    "shelters-and-support": "Shelters and support",
    "firewall": "Firewall",
}
#: non-core topics, each narrower than a core one
EXTRA_TOPICS = 16
TARGET_PERSONS = (
    "dependent-spouse",
    "unaccompanied-minor",
    "lgbtqi-applicant",
    "undocumented-woman",
    "perpetrator",
    "child",
    "asylum-seeker",
)
STANDARDS = ("syn-convention", "syn-directive-a", "syn-directive-b")
KINDS = (("statute", 6), ("secondary-legislation", 3), ("guidance", 2), ("case-law", 1), ("rules", 1))
STATE_CODES = [f"X{c}" for c in string.ascii_uppercase] + [f"Q{c}" for c in "MNOPQRSTUVWXYZ"]
SYNTHETIC = "synthetic benchmark record: invented, not a statement about any law"


def jurisdiction_count(size: int) -> int:
    """States for a corpus of ``size`` provisions: 10 at 1k, 20 at 10k, 40 at 100k (more law, more places)."""
    return min(len(STATE_CODES), max(4, round(10 * 2 ** math.log10(max(size, 1) / 1000))))


def dump_yaml(value: Any, indent: int = 0) -> str:
    """Block YAML for dicts, lists and scalars; strings JSON-quoted (a subset of YAML), ``None`` dropped.

    PyYAML's pure-Python dumper takes minutes at 100k provisions; this takes seconds.
    """
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if item is None or item == [] or item == {}:
                continue
            name = _scalar(key) if str(key).lower() in _NOT_STRINGS else key
            if isinstance(item, dict | list):
                lines.append(f"{pad}{name}:\n{dump_yaml(item, indent + 2)}")
            else:
                lines.append(f"{pad}{name}: {_scalar(item)}\n")
        return "".join(lines)
    lines = []
    for item in value:
        if isinstance(item, dict | list):
            body = dump_yaml(item, indent + 2)
            lines.append(f"{pad}- {body[indent + 2 :]}")
        else:
            lines.append(f"{pad}- {_scalar(item)}\n")
    return "".join(lines)


#: plain keys a YAML 1.1 reader takes for booleans or null ("no" is Norway's code): these are quoted
_NOT_STRINGS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


class _Generator:
    def __init__(self, size: int, seed: int):
        self.size = size
        self.rng = random.Random(f"lexcompare-bench:{seed}:{size}")
        self.used_words: set[str] = set()
        n_states = jurisdiction_count(size)
        self.states = STATE_CODES[:n_states]
        self.regions = [f"{code}-{i + 1:02d}" for i, code in enumerate(self.states[: n_states // 5])]
        self.codes = self.states + self.regions
        self.language = {code: LANGUAGES[i % len(LANGUAGES)] for i, code in enumerate(self.states)}
        self.language.update({r: self.language[r[:2]] for r in self.regions})
        self.topics = list(CORE_TOPICS) + [f"synthetic-{i + 1:02d}" for i in range(EXTRA_TOPICS)]
        # core topics are what most provisions are about; the rest form a long tail
        self.topic_weights = [4.0] * len(CORE_TOPICS) + [1.0] * EXTRA_TOPICS
        #: each extra topic is narrower than one core topic; a provision counts for both
        self.broader = {tid: self.topics[i % len(CORE_TOPICS)] for i, tid in enumerate(self.topics[len(CORE_TOPICS) :])}

    def unique_word(self, language: Language, low: int, high: int) -> str:
        """A word of ``language`` with frequency rank in [low, high) not handed out before."""
        while True:
            word = language.vocabulary[self.rng.randrange(low, high)]
            if word not in self.used_words:
                self.used_words.add(word)
                return word

    def words(self, language: Language, n: int) -> str:
        return " ".join(self.rng.choices(language.vocabulary, cum_weights=language.cum_weights, k=n))

    def jurisdictions(self) -> dict[str, Any]:
        out = []
        for i, code in enumerate(self.codes):
            lang = self.language[code]
            languages = [lang.code] + ([LANGUAGES[(i + 1) % len(LANGUAGES)].code] if i % 4 == 3 else [])
            name = self.unique_word(lang, 200, 2000).capitalize()
            out.append(
                {
                    "code": code,
                    "kind": "region" if "-" in code else "state",
                    "name": f"Synthetic {'Region' if '-' in code else 'State'} {name}",
                    "native_names": {lang.code: name},
                    "aliases": [f"Synth {code}", name],
                    "languages": languages,
                    "parent": code[:2] if "-" in code else None,
                    "legal_database": {
                        "name": f"Synthetic legal database {code}",
                        "url": f"https://example.org/{code}",
                    },
                    "note": SYNTHETIC,
                }
            )
        return {"jurisdictions": out}

    def topics_file(self) -> dict[str, Any]:
        out = []
        for i, tid in enumerate(self.topics):
            core = tid in CORE_TOPICS
            labels = {}
            synonyms = {}
            for lang in LANGUAGES:
                labels[lang.code] = self.unique_word(lang, 50, 3000)
                synonyms[lang.code] = [self.unique_word(lang, 50, 3000) for _ in range(2)]
            out.append(
                {
                    "id": tid,
                    "label": CORE_TOPICS[tid] if core else f"Synthetic topic {i + 1}",
                    "definition": f"{'Core' if core else 'Narrower'} topic of the synthetic benchmark corpus.",
                    "core": core,
                    "broader": [self.broader[tid]] if tid in self.broader else [],
                    "standards": [f"{STANDARDS[i % len(STANDARDS)]}:{i + 1}"],
                    "labels": labels,
                    "synonyms": synonyms,
                }
            )
        return {"topics": out}

    @staticmethod
    def vocabulary() -> dict[str, Any]:
        return {
            "target_persons": [{"id": t, "label": t.replace("-", " ").capitalize()} for t in TARGET_PERSONS],
            "standards": [
                {"id": s, "title": f"Synthetic standard {s[4:]} (benchmark)", "short_title": s} for s in STANDARDS
            ],
        }

    def provision_counts(self) -> dict[str, int]:
        """How many provisions each jurisdiction gets: a few large ones, a long tail (as in reality)."""
        weights = [1 / math.sqrt(i + 1) for i in range(len(self.codes))]
        counts = dict.fromkeys(self.codes, 0)
        for code in self.rng.choices(self.codes, weights=weights, k=self.size):
            counts[code] += 1
        return counts

    def instrument(self, code: str, number: int, n_provisions: int, ids: list[str]) -> tuple[str, dict[str, Any]]:
        rng = self.rng
        lang = self.language[code]
        short = self.unique_word(lang, 3000, len(lang.vocabulary))
        year = rng.randint(1980, 2025)
        slug = f"{short}-{number}" if short.isascii() else f"act-{number}"
        adopted = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        instrument = {
            "jurisdiction": code,
            "kind": rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0],
            "title": {
                "original": f"{self.words(lang, rng.randint(4, 10)).capitalize()} ({short})",
                "english": f"Synthetic Act on {self.words(ENGLISH, rng.randint(2, 5))}",
                "short": [short, f"{short[:3]}."],
            },
            "citation": f"SYN-{adopted}-{number}",
            "language": lang.code,
            "identifiers": {"url": f"https://example.org/{code.lower()}/{slug}"},
            "adopted": adopted,
            "in_force": f"{year + 1}-01-01",
            "status": rng.choices(["in-force", "partly-in-force", "repealed"], weights=[8, 1, 1])[0],
            "note": SYNTHETIC,
        }
        provisions = []
        chapter = 1
        for n in range(1, n_provisions + 1):
            if rng.random() < 0.1:
                chapter += 1
            fields = {"n": n, "c": chapter}
            pinpoint = lang.pinpoint.format(**fields)
            pid = f"{code.lower()}/{slug}/{lang.slug.format(**fields)}"
            provisions.append(self.provision(lang, short, pinpoint, lang.slug.format(**fields), ids))
            ids.append(pid)
        return slug, {"instrument": instrument, "provisions": provisions}

    def provision(self, lang: Language, short: str, pinpoint: str, slug: str, ids: list[str]) -> dict[str, Any]:
        rng = self.rng
        # 60-400 words in all, most near 150: the English summary and an annotation in the local language
        total = round(rng.triangular(60, 400, 150))
        summary_words = rng.randint(25, max(26, total // 2))
        heading = self.words(lang, rng.randint(3, 8)).capitalize()
        record: dict[str, Any] = {
            "pinpoint": pinpoint,
            "slug": slug,
            "heading": heading,
            "summary": ENGLISH.text(rng, summary_words),
            "plain_summary": ENGLISH.text(rng, rng.randint(15, 40)) if rng.random() < 0.2 else None,
            "annotation": lang.text(rng, total - summary_words),
            "topics": sorted(set(rng.choices(self.topics, weights=self.topic_weights, k=rng.randint(1, 3)))),
            "target_persons": sorted(set(rng.sample(TARGET_PERSONS, rng.randint(0, 2)))),
            "standards": [f"{rng.choice(STANDARDS)}:{rng.randint(1, 80)}({rng.randint(1, 5)})"]
            if rng.random() < 0.4
            else [],
            "status": rng.choices(["in-force", "repealed", "unknown"], weights=[8, 1, 1])[0],
            "verification": {"status": "unverified", "date": "2026-01-01", "note": SYNTHETIC},
            "queries": [f"{short} {pinpoint}", heading.lower()],
        }
        if rng.random() < 0.3:
            record["conditions"] = {
                "min_relationship_duration": rng.choice(["none", "1 year", "3 years"]),
                "evidence_accepted": [self.words(ENGLISH, 3) for _ in range(rng.randint(1, 3))],
                "decision_maker": f"Synthetic authority {self.words(ENGLISH, 1)}",
            }
        if rng.random() < 0.05:
            record["case_law"] = [{"citation": f"Synthetic case {rng.randint(1, 999)}/{rng.randint(1990, 2025)}"}]
        if rng.random() < 0.03:
            record["good_practice"] = {"why": ENGLISH.text(rng, 12), "by": "Synthetic reviewer"}
        if ids and rng.random() < 0.1:
            record["related"] = [rng.choice(ids)]
        return record

    def practices(self, code: str, count: int, ids: list[str]) -> dict[str, Any]:
        rng = self.rng
        return {
            "practices": [
                {
                    "slug": f"practice-{i + 1}",
                    "title": f"Synthetic practice {self.words(ENGLISH, 3)}",
                    "organisations": [f"Synthetic organisation {code} {i + 1}"],
                    "summary": ENGLISH.text(rng, rng.randint(40, 120)),
                    "evidence": "no evaluation recorded",
                    "evaluated_by": "none-known",
                    "topics": sorted(set(rng.choices(self.topics, weights=self.topic_weights, k=2))),
                    "related_provisions": [rng.choice(ids)] if ids else [],
                    "sources": [{"title": "Synthetic source", "url": f"https://example.org/{code}/practice-{i + 1}"}],
                    "verification": {"status": "unverified", "date": "2026-01-01", "note": SYNTHETIC},
                    "queries": [self.words(ENGLISH, 2)],
                }
                for i in range(count)
            ]
        }

    def coverage(self, covered: set[str]) -> dict[str, Any]:
        out = {}
        for tid in CORE_TOPICS:
            if tid in covered:
                continue
            state = self.rng.choices(["unknown", "none", "n/a"], weights=[7, 2, 1])[0]
            note: dict[str, Any] = {"state": state, "note": SYNTHETIC}
            if state == "none":
                note["sources"] = [{"title": "Synthetic survey", "url": "https://example.org/survey"}]
            out[tid] = note
        return {"coverage": out}

    def write(self, root: Path) -> None:
        (root / "jurisdictions.yaml").write_text(dump_yaml(self.jurisdictions()), encoding="utf-8")
        (root / "topics.yaml").write_text(dump_yaml(self.topics_file()), encoding="utf-8")
        (root / "vocabulary.yaml").write_text(dump_yaml(self.vocabulary()), encoding="utf-8")
        for code, count in self.provision_counts().items():
            folder = root / code.lower()
            folder.mkdir()
            ids: list[str] = []
            covered: set[str] = set()
            number = 0
            while count > 0:
                number += 1
                n = min(count, self.rng.randint(5, 150))
                count -= n
                slug, data = self.instrument(code, number, n, ids)
                topics = {t for p in data["provisions"] for t in p["topics"]}
                covered |= topics | {self.broader[t] for t in topics if t in self.broader}
                (folder / f"{slug}.yaml").write_text(dump_yaml(data), encoding="utf-8")
            practices = self.practices(code, max(1, len(ids) // 200), ids)
            (folder / "practices.yaml").write_text(dump_yaml(practices), encoding="utf-8")
            if "-" not in code and (coverage := self.coverage(covered))["coverage"]:
                (folder / "coverage.yaml").write_text(dump_yaml(coverage), encoding="utf-8")


def generate(root: Path, size: int, seed: int = 1) -> None:
    """Write a synthetic corpus of ``size`` provisions into the new directory ``root``, atomically."""
    if root.exists():
        raise FileExistsError(f"{root} already exists; the generator writes new directories only")
    root.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{root.name}-", dir=root.parent))
    try:
        _Generator(size, seed).write(tmp)
        tmp.rename(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def cached_corpus(cache: Path, size: int, seed: int = 1) -> Path:
    """The synthetic corpus of ``size`` provisions under ``cache``, generated on first use."""
    root = cache / f"corpus-{size}-seed{seed}-v{GENERATOR_VERSION}"
    if not root.is_dir():
        generate(root, size, seed)
    return root

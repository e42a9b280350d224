"""Language profiles for the synthetic corpus: how words look and how pinpoints are written.

Texts are made of a few real domain words per language and a long Zipf-shaped
tail of pseudo-words built from that language's letters, so term lists, stems
and diacritics behave roughly like the real corpus while no sentence claims
anything about any law.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from functools import cached_property

from indexer.designators import DESIGNATORS, UNIT

#: how many distinct words each language can draw from (rank space of the Zipf law)
VOCABULARY = 20_000
#: the Zipf exponent; ~1.0 is typical of natural-language word frequencies
ZIPF_S = 1.05
#: the rank of the first real domain word among the pseudo-words (after the function words)
FIRST_REAL_RANK = 10


@dataclass(frozen=True)
class Language:
    """One language of the synthetic corpus."""

    code: str
    function: str  # the most frequent words, space-separated: articles, prepositions, conjunctions
    onsets: tuple[str, ...]
    nuclei: tuple[str, ...]
    codas: tuple[str, ...]
    words: str  # real domain words, space-separated; they take frequent ranks
    pinpoint: str  # how a lawyer of this language writes a section: format with {n} (and {c}: chapter); see _written
    slug: str  # the provision slug for that pinpoint, same fields

    @cached_property
    def vocabulary(self) -> tuple[str, ...]:
        """Every word of the language by frequency rank: function words, then pseudo-words with the
        real domain words among the frequent ones, one every few ranks, as in legal text.

        Real function words on top matter: every analyzer drops them, as it does in real text;
        pseudo-words there would be content words found in every document.
        """
        rng = random.Random(f"vocabulary:{self.code}")
        function, real = self.function.split(), self.words.split()
        seen = set(real) | set(function)
        out: list[str] = []
        while len(out) < VOCABULARY - len(real) - len(function):
            # frequent words are short, rare ones long, as in real text
            syllables = 1 + min(4, len(out) * 4 // VOCABULARY) + rng.randint(0, 1)
            word = "".join(
                rng.choice(self.onsets) + rng.choice(self.nuclei) + rng.choice(self.codas) for _ in range(syllables)
            )
            if len(word) > 2 and word not in seen:
                seen.add(word)
                out.append(word)
        for i, word in enumerate(real):
            out.insert(FIRST_REAL_RANK + 4 * i, word)
        return tuple(function + out)

    @cached_property
    def cum_weights(self) -> list[float]:
        """Cumulative Zipf weights over :attr:`vocabulary`, for ``random.choices``."""
        return list(itertools.accumulate(1.0 / rank**ZIPF_S for rank in range(1, VOCABULARY + 1)))

    def sentence(self, rng: random.Random, length: int) -> str:
        """A pseudo-sentence of ``length`` words drawn by frequency."""
        words = rng.choices(self.vocabulary, cum_weights=self.cum_weights, k=length)
        return " ".join(words).capitalize() + "."

    def text(self, rng: random.Random, words: int) -> str:
        """About ``words`` words of pseudo-text, in sentences of 6 to 20 words."""
        sentences = []
        left = words
        while left > 0:
            n = min(left, rng.randint(6, 20))
            sentences.append(self.sentence(rng, n))
            left -= n
        return " ".join(sentences)


def _written(code: str, form: str, word: str) -> str:
    """A pinpoint ``form`` ("{d} {n}") with ``word``, a unit word of language ``code`` in the designators'
    table (:mod:`indexer.designators`), so the bench's citations are written with words the normalisers read."""
    if word not in DESIGNATORS[code][UNIT]:
        raise ValueError(f"{word!r} is not a unit word of {code!r} in indexer/designators.py")
    return form.replace("{d}", word)


_LATIN_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v")

LANGUAGES: tuple[Language, ...] = (
    Language(
        "en",
        "the of and to in a is that for by or be on with as an are this which not",
        (*_LATIN_ONSETS, "c", "h", "w", "st", "pr", "tr", "ch", "sh"),
        ("a", "e", "i", "o", "u", "ea", "ou", "ai"),
        ("", "", "n", "r", "s", "t", "nd", "ng", "ll", "ct"),
        (
            "residence permit spouse partner violence domestic victim abuse asylum protection order "
            "shelter child minor guardian marriage forced persecution gender application authority "
            "evidence expulsion independent relationship family reunification police court support"
        ),
        _written("en", "{d} {n}", "section"),
        "s{n}",
    ),
    Language(
        "nb",
        "og i det som en til er av på for med at den har de ikke et om skal eller",
        (*_LATIN_ONSETS, "sk", "kj", "bj", "fr", "j"),
        ("a", "e", "i", "o", "u", "å", "ø", "æ", "ei", "au"),
        ("", "", "n", "r", "t", "ng", "kk", "lse", "het"),
        (
            "oppholdstillatelse vold ektefelle samboer mishandling samlivsbrudd utlending beskyttelse "
            "krisesenter barn tvangsekteskap familieinnvandring søknad vedtak politiet bevis "
            "utvisning flyktning kjønn rett"
        ),
        _written("nb", "{d} {n}", "§"),
        "s{n}",
    ),
    Language(
        "cs",
        "a v se na je že s z do o k to i pro by jako ve ze nebo jsou",
        (*_LATIN_ONSETS, "č", "ř", "ž", "š", "ch", "pr", "zn", "h"),
        ("a", "e", "i", "o", "u", "á", "é", "í", "ů", "y"),
        ("", "", "n", "k", "t", "st", "ní", "c"),
        (
            "pobyt násilí domácí manžel manželka oběť cizinec povolení ochrana azyl rodina dítě "
            "policie soud žádost vyhoštění pronásledování pohlaví sňatek důkaz"
        ),
        _written("cs", "{d} {n}", "§"),
        "s{n}",
    ),
    Language(
        "es",
        "de la que el en y a los del se las por un para con no una su al es",
        (*_LATIN_ONSETS, "ñ", "ll", "ch", "j", "c"),
        ("a", "e", "i", "o", "u", "á", "é", "ó", "ue", "ie"),
        ("", "", "n", "s", "r", "l", "ción", "dad"),
        (
            "residencia autorización violencia género víctima extranjera cónyuge protección asilo "
            "orden menor matrimonio forzado expulsión denuncia familiar mujer solicitud tribunal "
            "pareja"
        ),
        _written("es", "{d} {n}", "art."),
        "art{n}",
    ),
    Language(
        "it",
        "di e il la che in a per un è del non le si da con una dei alla sono",
        (*_LATIN_ONSETS, "gl", "gn", "sc", "z", "c"),
        ("a", "e", "i", "o", "u", "ia", "io"),
        ("", "", "", "n", "r", "l", "zione"),
        (
            "permesso soggiorno violenza domestica vittima straniera coniuge protezione asilo minore "
            "matrimonio forzato espulsione denuncia famiglia donna richiesta tribunale questore "
            "genere"
        ),
        _written("it", "{d} {n}", "art."),
        "art{n}",
    ),
    Language(
        "el",
        "και το η της να του τα σε με για ο που στην των από δεν οι στο θα ή",
        ("β", "γ", "δ", "θ", "κ", "λ", "μ", "ν", "π", "ρ", "σ", "τ", "φ", "χ"),
        ("α", "ε", "η", "ι", "ο", "υ", "ω", "ά", "έ", "ή", "ί", "ό", "ου", "αι", "ει"),
        ("", "", "", "ς", "ν"),
        (
            "βία άδεια διαμονής θύμα σύζυγος προστασία άσυλο ανήλικος γάμος απέλαση οικογένεια "
            "γυναίκα αίτηση δικαστήριο αστυνομία"
        ),
        _written("el", "{d} {n}", "άρθρο"),
        "art{n}",
    ),
    Language(
        "sl",
        "in je v na se da za z ki so pa s iz po o tudi ali bo kot pri",
        (*_LATIN_ONSETS, "č", "š", "ž", "j", "z"),
        ("a", "e", "i", "o", "u"),
        ("", "", "j", "n", "k", "ti"),
        (
            "prebivanje nasilje družina žrtev tujec dovoljenje zaščita azil otrok zakonec policija "
            "sodišče prošnja izgon spol"
        ),
        _written("sl", "{n}. {d}", "člen"),
        "art{n}",
    ),
    Language(
        "sv",
        "och i att det som en på är av för med till den har de inte om ett ska eller",
        (*_LATIN_ONSETS, "sk", "sj", "tj", "st", "j"),
        ("a", "e", "i", "o", "u", "y", "å", "ä", "ö"),
        ("", "", "n", "r", "t", "ng", "het"),
        (
            "uppehållstillstånd våld make sambo brottsoffer utlänning skydd asyl barn äktenskap "
            "utvisning familj ansökan domstol polis hedersrelaterat kvinna kön"
        ),
        _written("sv", "{c} kap. {n} {d}", "§"),
        "ch{c}-s{n}",
    ),
    Language(
        "fr",
        "de la le et les des à en du un une est que pour dans par qui sur au ou",
        (*_LATIN_ONSETS, "ch", "qu", "tr", "pl", "j"),
        ("a", "e", "i", "o", "u", "é", "è", "ou", "ai", "eau"),
        ("", "", "s", "t", "nt", "r", "tion"),
        (
            "séjour titre violence conjugale victime étrangère conjoint protection asile mineur "
            "mariage forcé expulsion plainte famille femme demande tribunal ordonnance genre"
        ),
        _written("fr", "{d} {n}", "article"),
        "art{n}",
    ),
    Language(
        "nl",
        "de van het een en in is dat op te voor met zijn die door aan niet of bij wordt",
        (*_LATIN_ONSETS, "sch", "w", "z", "j"),
        ("a", "e", "i", "o", "u", "aa", "ee", "oo", "ij", "ui"),
        ("", "", "n", "r", "d", "ng", "st"),
        (
            "verblijf vergunning geweld huiselijk slachtoffer vreemdeling echtgenoot bescherming "
            "asiel minderjarige huwelijk gedwongen uitzetting gezin vrouw aanvraag rechter politie"
        ),
        _written("nl", "{d} {n}", "artikel"),
        "art{n}",
    ),
    Language(
        "de",
        "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine oder",
        (*_LATIN_ONSETS, "sch", "st", "pf", "z", "w"),
        ("a", "e", "i", "o", "u", "ä", "ö", "ü", "ei", "au", "ie"),
        ("", "", "n", "r", "t", "ng", "ch", "st", "ung"),
        (
            "aufenthalt erlaubnis gewalt häusliche opfer ausländerin ehegatte schutz asyl "
            "minderjährige ehe zwangsheirat ausweisung familie frau antrag gericht polizei geschlecht"
        ),
        _written("de", "{d} {n}", "§"),
        "s{n}",
    ),
    Language(
        "pl",
        "w i na z do się nie że to jest o jak od po przez dla lub oraz przy ze",
        (*_LATIN_ONSETS, "sz", "cz", "rz", "ż", "ś", "dz", "w"),
        ("a", "e", "i", "o", "u", "ó", "ą", "ę", "y"),
        ("", "", "ć", "n", "k", "ść", "ny"),
        (
            "pobyt zezwolenie przemoc domowa ofiara cudzoziemiec małżonek ochrona azyl dziecko "
            "małżeństwo przymusowe wydalenie rodzina kobieta wniosek sąd policja płeć"
        ),
        _written("pl", "{d} {n}", "art."),
        "art{n}",
    ),
)

BY_CODE = {language.code: language for language in LANGUAGES}
ENGLISH = BY_CODE["en"]

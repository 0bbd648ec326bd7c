"""Dutch full-text search over activities, as plain functions.

Words are lower-cased, stripped of accents and stemmed with the classic Dutch Porter stemmer, so that
"beoordelen" finds "beoordeling". Two small additions cover what that stemmer leaves: the plural -s
after a vowel (loan words: "stages", "reflecties") is dropped first, and a stem's final v or z becomes
f or s ("bedrijven" finds "bedrijf"). A query word also matches the start of
a longer word, so "identiteit" finds "identiteitsontwikkeling" (the first part of a compound).
The stemmed words of each activity are made once, when the framework is loaded.
"""

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

MAX_QUERY_LENGTH = 200
MIN_PREFIX = 4  # a query stem this long or longer also matches words that start with it
NAME_WEIGHT = 3
WORD_RE = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset(
    """de het een en of van in op aan met voor door bij naar om te tot als dat die dit er is zijn
    wordt worden hun hoe wat wie ze zij je we ook over uit nog niet""".split()
)

_stemmer = snowballstemmer.stemmer("dutch_porter")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


VOWELS = frozenset("aeiouy")
FINAL_CONSONANT = {"v": "f", "z": "s"}


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("s") and word[-2] in VOWELS:
        word = word[:-1]
    stemmed: str = _stemmer.stemWord(word)
    return stemmed[:-1] + FINAL_CONSONANT.get(stemmed[-1], stemmed[-1]) if stemmed else stemmed


def words(text: str) -> list[str]:
    """The stemmed words of a text, stop words left out, in order."""
    return [stem(w) for w in WORD_RE.findall(fold(text)) if len(w) > 1 and w not in STOP_WORDS]


def index_text(texts: Iterable[str | None]) -> str:
    """What is stored for search: the stemmed words, space-separated."""
    return " ".join(w for text in texts if text for w in words(text))


@dataclass(frozen=True)
class Query:
    terms: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(text: str) -> Query:
    terms = words(text[:MAX_QUERY_LENGTH])
    return Query(tuple(dict.fromkeys(terms)))


def _term_score(term: str, tokens: list[str]) -> int:
    """2 for each exact word, 1 for each word that starts with the term (a compound)."""
    score = 0
    for token in tokens:
        if token == term:
            score += 2
        elif len(term) >= MIN_PREFIX and token.startswith(term):
            score += 1
    return score


def score(query: Query, name_index: str, body_index: str) -> int:
    """Relevance of one activity; 0 when any query term is missing (all terms must match)."""
    name_tokens = name_index.split()
    body_tokens = body_index.split()
    total = 0
    for term in query.terms:
        term_score = NAME_WEIGHT * _term_score(term, name_tokens) + _term_score(term, body_tokens)
        if term_score == 0:
            return 0
        total += term_score
    return total


class Index:
    """The stored words of many documents (each a name and a body, as ``index_text`` makes them), to score
    a query against all of them at once, exactly as ``score`` scores one: per word the documents it is in
    and how often, and the words sorted, so that a query word finds the words it starts by bisection. The
    cost of a search grows with the matches, not with the number of documents times their length."""

    def __init__(self, documents: Sequence[tuple[str, str]]) -> None:
        self.size = len(documents)
        self.postings: dict[str, dict[int, int]] = {}  # word -> document -> its weight there
        for n, (name, body) in enumerate(documents):
            counts = Counter({word: NAME_WEIGHT * k for word, k in Counter(name.split()).items()})
            counts.update(body.split())
            for word, weight in counts.items():
                self.postings.setdefault(word, {})[n] = weight
        self.words = sorted(self.postings)

    def _matching(self, term: str) -> Iterable[tuple[str, int]]:
        """The stored words a query term matches, each with its factor: 2 for the word itself, 1 for a
        longer word that starts with it (a term of ``MIN_PREFIX`` letters or more)."""
        if term in self.postings:
            yield term, 2
        if len(term) < MIN_PREFIX:
            return
        for i in range(bisect_left(self.words, term), len(self.words)):
            word = self.words[i]
            if not word.startswith(term):
                return
            if word != term:
                yield word, 1

    def scores(self, query: Query) -> list[int]:
        """Each document's relevance, in the order given; 0 where a term is missing."""
        totals: dict[int, int] | None = None
        for term in query.terms:
            found: dict[int, int] = {}
            for word, factor in self._matching(term):
                for document, weight in self.postings[word].items():
                    found[document] = found.get(document, 0) + factor * weight
            if totals is None:
                totals = found
            else:
                totals = {d: total + found[d] for d, total in totals.items() if d in found}
        result = [0] * self.size
        for document, total in (totals or {}).items():
            result[document] = total
        return result

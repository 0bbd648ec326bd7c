"""Dutch full-text search over activities, as plain functions.

Words are lower-cased, stripped of accents and stemmed with the classic Dutch Porter stemmer, so that
"beoordelen" finds "beoordeling". Two small additions cover what that stemmer leaves: the plural -s
after a vowel (loan words: "stages", "reflecties") is dropped first, and a stem's final v or z becomes
f or s ("bedrijven" finds "bedrijf"). A hyphenated word is also stored whole ("co-teaching" as
"coteaching" too).

Dutch writes compounds as one word, so a query word also finds the compounds it is a part of: one that
starts or ends with it ("stage" finds "docentstage" and "stagebegeleiding"), and, from five letters, one
that has it inside ("identiteit" in "beroepsidentiteitsontwikkeling"). The other way round, a query word
that is itself a compound of stored words ("beroepsidentiteit": "beroep", a linking s, "identiteit") also
finds what its last part finds: in Dutch the last part says what the compound is.

When nothing matches, ``Index.suggest`` proposes the nearest words of the framework's own vocabulary
("stagge": "stage"; "identitiet": "identiteit"), by edit distance (transpositions count once) or by a long
shared beginning ("reflecteren": "reflectie"). The stemmed words of each activity are made once, when the
framework is loaded; the index over them once per framework version.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz.distance import OSA

MAX_QUERY_LENGTH = 200
MIN_PART = 4  # a query stem this long also matches the compounds that start or end with it
MIN_INFIX = 5  # and from this long the compounds that have it inside; a compound's last part is this long
LINKS = ("s", "en", "e", "")  # what Dutch puts between the parts of a compound: beroep-s-identiteit
NAME_WEIGHT = 3
MATCHES_KEPT = 4096  # query terms whose matching words an index remembers
SHARED_BEGINNING = 7  # letters a typed word and a stored one share at the start to count as near
WORD_RE = re.compile(r"[a-z0-9]+")
HYPHENATED_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
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


def surface_words(text: str) -> list[str]:
    """The words of a text as typed, folded (lower case, no accents), stop words left out; a hyphenated
    word also whole ("co-teaching": "co", "teaching", "coteaching")."""
    folded = fold(text)
    found = [w for w in WORD_RE.findall(folded) if len(w) > 1 and w not in STOP_WORDS]
    found += [w.replace("-", "") for w in HYPHENATED_RE.findall(folded)]
    return found


def words(text: str) -> list[str]:
    """The stemmed words of a text, stop words left out (``surface_words``, stemmed)."""
    return [stem(w) for w in surface_words(text)]


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


def part_of(term: str, word: str) -> bool:
    """Whether the term is a part of the longer word: its beginning or its end (a term of ``MIN_PART``
    letters or more), or inside it (``MIN_INFIX`` or more)."""
    if len(term) < MIN_PART or len(word) <= len(term) or term not in word:
        return False
    return len(term) >= MIN_INFIX or word.startswith(term) or word.endswith(term)


def heads(term: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The last parts of the term where it is a compound of stored words: a stored word of ``MIN_PART``
    letters or more, maybe a linking sound, then a stored word of ``MIN_INFIX`` or more."""
    found = []
    for cut in range(MIN_PART, len(term) - MIN_INFIX + 1):
        head = term[cut:]
        if head in vocabulary and any(
            term[:cut].endswith(link) and term[: cut - len(link)] in vocabulary
            for link in LINKS
            if cut - len(link) >= MIN_PART
        ):
            found.append(head)
    return tuple(found)


def factor(term: str, word: str, term_heads: tuple[str, ...] = ()) -> int:
    """How a stored word counts for a query term: 2 the word itself; 1 a compound the term is part of, or
    the term's last part (``heads``) or a compound that is part of; 0 no match."""
    if word == term:
        return 2
    if part_of(term, word) or any(word == head or part_of(head, word) for head in term_heads):
        return 1
    return 0


def score(query: Query, name_index: str, body_index: str, vocabulary: frozenset[str] = frozenset()) -> int:
    """Relevance of one activity; 0 when any query term is missing (all terms must match). ``vocabulary``:
    every stored word of the activities searched, to find the compounds among the query's words."""
    total = 0
    for term in query.terms:
        term_heads = heads(term, vocabulary)
        term_score = NAME_WEIGHT * sum(factor(term, w, term_heads) for w in name_index.split()) + sum(
            factor(term, w, term_heads) for w in body_index.split()
        )
        if term_score == 0:
            return 0
        total += term_score
    return total


class Index:
    """The stored words of many documents (each a name and a body, as ``index_text`` makes them), to score
    a query against all of them at once, exactly as ``score`` scores one: per word the documents it is in
    and how often, so that a query word is compared with each distinct word once, not with every word of
    every document. ``surface``: the words of the documents as written (``surface_words``), for
    suggestions."""

    def __init__(self, documents: Sequence[tuple[str, str]], surface: Iterable[str] = ()) -> None:
        self.size = len(documents)
        self.postings: dict[str, dict[int, int]] = {}  # word -> document -> its weight there
        for n, (name, body) in enumerate(documents):
            counts = Counter({word: NAME_WEIGHT * k for word, k in Counter(name.split()).items()})
            counts.update(body.split())
            for word, weight in counts.items():
                self.postings.setdefault(word, {})[n] = weight
        self.vocabulary = frozenset(self.postings)
        self.surface = Counter(surface)
        self._matches: dict[str, list[tuple[str, int]]] = {}

    def matching(self, term: str) -> list[tuple[str, int]]:
        """The stored words the query term matches, each with its ``factor`` (remembered per term)."""
        found = self._matches.get(term)
        if found is None:
            term_heads = heads(term, self.vocabulary)
            candidates = (w for w in self.vocabulary if term in w or any(h in w for h in term_heads))
            found = [(w, f) for w in candidates if (f := factor(term, w, term_heads))]
            if len(self._matches) < MATCHES_KEPT:
                self._matches[term] = found
        return found

    def scores(self, query: Query) -> list[int]:
        """Each document's relevance, in the order given; 0 where a term is missing."""
        totals: dict[int, int] | None = None
        for term in query.terms:
            found: dict[int, int] = {}
            for word, weight_of_word in self.matching(term):
                for document, weight in self.postings[word].items():
                    found[document] = found.get(document, 0) + weight_of_word * weight
            if totals is None:
                totals = found
            else:
                totals = {d: total + found[d] for d, total in totals.items() if d in found}
        result = [0] * self.size
        for document, total in (totals or {}).items():
            result[document] = total
        return result

    def suggest(self, text: str) -> str | None:
        """The search text with each word that finds nothing replaced by the nearest word of the
        documents; None when there is no word to replace or nothing near."""
        typed = surface_words(text[:MAX_QUERY_LENGTH])
        changed = False
        suggestion = []
        for word in dict.fromkeys(typed):
            if self.matching(stem(word)):
                suggestion.append(word)
                continue
            nearest = self.nearest(word)
            changed = changed or nearest is not None
            suggestion.append(nearest or word)
        return " ".join(suggestion) if changed else None

    def nearest(self, word: str) -> str | None:
        """The word of the documents nearest to a typed one: fewest edits (one for a short word, two for
        a longer one), else the longest shared beginning of seven letters or more; the most used on a tie."""
        limit = 1 if len(word) <= 5 else 2
        best: tuple[int, int, int] | None = None
        chosen = None
        for candidate, used in self.surface.items():
            distance = OSA.distance(word, candidate, score_cutoff=limit)
            shared = _shared_beginning(word, candidate)
            if distance > limit and shared < SHARED_BEGINNING:
                continue
            rank = (min(distance, limit + 1), -shared, -used)
            if best is None or rank < best:
                best, chosen = rank, candidate
        return chosen


def _shared_beginning(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n

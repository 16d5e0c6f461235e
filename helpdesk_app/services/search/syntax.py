"""The search box's syntax, the same on both backends: words (all must match), "an exact phrase",
-word to leave out tickets that mention it, word* for words starting so.

Anything else is read as plain words: operators of either engine (NEAR(, AND, :*, &) are never
passed through, since every word is reduced to letters and digits and then quoted. What cannot be
searched for (nothing but a `*`, only words to leave out, a novel pasted in) is refused with a
message that says what to change.
"""

import re
from dataclasses import dataclass

from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.search.words import words

MAX_QUERY = 500
MAX_TERMS = 20
_TOKEN = re.compile(r'(-?)"([^"]*)"(\*?)|(\S+)')


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # more than one: a phrase
    prefix: bool = False  # the last word is a prefix


@dataclass(frozen=True)
class SearchQuery:
    include: tuple[Term, ...]
    exclude: tuple[Term, ...]

    @property
    def all_words(self) -> list[tuple[str, bool]]:
        """Every included word with whether it is a prefix (for highlighting)."""
        return [(w, t.prefix and i == len(t.words) - 1) for t in self.include for i, w in enumerate(t.words)]


def parse(q: str, field: str = "q") -> SearchQuery:
    if len(q) > MAX_QUERY:
        raise InvalidInput({field: f"Use at most {MAX_QUERY} characters."}, location="query")
    include, exclude = [], []
    for match in _TOKEN.finditer(q):
        negative, quoted, star, bare = match.groups()
        if bare is not None:
            negative, star = ("-" if bare.startswith("-") else ""), ("*" if bare.endswith("*") else "")
            quoted = bare
        found = tuple(words(quoted))
        if found:
            (exclude if negative else include).append(Term(found, prefix=bool(star)))
    if len(include) + len(exclude) > MAX_TERMS:
        raise InvalidInput({field: f"Use at most {MAX_TERMS} words or phrases."}, location="query")
    if not include:
        message = ("Add a word to look for: -word only leaves tickets out." if exclude
                   else "Enter a word to search for (letters or digits).")
        raise InvalidInput({field: message}, location="query")
    return SearchQuery(tuple(include), tuple(exclude))


def _fts5(term: Term) -> str:
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


def _tsquery(term: Term) -> str:
    last = len(term.words) - 1
    parts = [w + (":*" if term.prefix and i == last else "") for i, w in enumerate(term.words)]
    return "(" + " <-> ".join(parts) + ")"


def fts5_match(terms: tuple[Term, ...], joiner: str = " AND ") -> str:
    """An FTS5 MATCH expression: each term a quoted phrase (so no word is an operator)."""
    return joiner.join(_fts5(t) for t in terms)


def tsquery(terms: tuple[Term, ...], joiner: str = " & ") -> str:
    """A to_tsquery expression; the words are letters and digits only, so nothing in them is syntax."""
    return joiner.join(_tsquery(t) for t in terms)

"""Words as the index holds them: letters and digits, lower-cased; anything else separates them.

Both backends are given these words already split (search_entries.terms), so SQLite's tokenizer
and PostgreSQL's parser have nothing left to disagree on: an address like carla@example.com is
the words carla, example and com on both.
"""

import re

WORD = re.compile(r"[^\W_]+")
MAX_WORD = 100  # longer runs are not words anyone searches for (and PostgreSQL caps a lexeme at 2 KB)


def words(text: str | None) -> list[str]:
    return [w for w in WORD.findall((text or "").lower()) if len(w) <= MAX_WORD]


def terms_of(*texts: str | None) -> str:
    return " ".join(w for text in texts for w in words(text))

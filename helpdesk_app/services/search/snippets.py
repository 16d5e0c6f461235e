"""The few words around where a result matched, with the matching words marked.

Built from the original text in Python (the same on both backends). The text is escaped piece by
piece and only then are the marks put around the matching pieces, so nothing in a ticket can ever
become markup: `segments` for the UI (text and whether it matched), `as_html` for the API.
"""

import html
import re

from helpdesk_app.services.search.words import WORD

Segment = tuple[str, bool]  # text, matched
_SPACE = re.compile(r"\s+")
BEFORE, WIDTH = 8, 30  # words shown before the first match, and in all


def _matches(word: str, wanted: list[tuple[str, bool]]) -> bool:
    low = word.lower()
    return any(low.startswith(w) if prefix else low == w for w, prefix in wanted)


def hits(text: str, wanted: list[tuple[str, bool]]) -> bool:
    return any(_matches(m.group(), wanted) for m in WORD.finditer(text or ""))


def segments(text: str, wanted: list[tuple[str, bool]]) -> list[Segment]:
    tokens = list(WORD.finditer(text or ""))
    if not tokens:
        return [(_SPACE.sub(" ", text or "").strip()[:200], False)] if text else []
    first = next((i for i, t in enumerate(tokens) if _matches(t.group(), wanted)), 0)
    low = max(0, first - BEFORE)
    high = min(len(tokens), low + WIDTH)
    out: list[Segment] = [("…", False)] if low > 0 else []
    at = tokens[low].start() if low > 0 else 0
    for token in tokens[low:high]:
        if token.start() > at:
            out.append((_SPACE.sub(" ", text[at:token.start()]), False))
        out.append((token.group(), _matches(token.group(), wanted)))
        at = token.end()
    tail = text[at:tokens[high].start()] if high < len(tokens) else text[at:]
    out.append((_SPACE.sub(" ", tail).rstrip() + ("…" if high < len(tokens) else ""), False))
    return [s for s in out if s[0]]


def as_html(parts: list[Segment]) -> str:
    return "".join(f"<mark>{html.escape(s)}</mark>" if hit else html.escape(s) for s, hit in parts)

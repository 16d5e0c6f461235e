"""Time from typing in /search to the results on screen in Chromium, against a running server.

  .venv/bin/python -m scripts.bench.search_ui --reuse DATA_DIR --base-url http://127.0.0.1:3000 [--runs 30]

DATA_DIR is a database kept by `python -m scripts.bench.search --keep` (its bench.json holds the
agent's login); start the production server on it first (`make run` with its HELPDESK_* settings).
Each run puts a new word in the search box (as a keystroke would: one input event) and waits for
a result whose marked word is that word, timed in the page from the input to the DOM update. It
includes the box's 100 ms debounce, the websocket round trip, the search and the render.
"""

import argparse
import json
import random
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

from helpdesk_app.devtools.bulk_seed import RARE, TOPICS
from scripts.bench.page import CHROMIUM_ARGS

TYPED = """(word) => new Promise((resolve) => {
  const box = document.getElementById('search-input');
  const shown = () => [...document.querySelectorAll('mark.search-hit')].some(m => m.textContent.toLowerCase() === word);
  const started = performance.now();
  new MutationObserver((_, obs) => { if (shown()) { obs.disconnect(); resolve(performance.now() - started); } })
    .observe(document.body, {childList: true, subtree: true, characterData: true});
  const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  set.call(box, word);
  box.dispatchEvent(new Event('input', {bubbles: true}));
})"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", required=True)
    parser.add_argument("--base-url", default="http://127.0.0.1:3000")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    state = json.loads((Path(args.reuse) / "bench.json").read_text())
    rng = random.Random(5)
    words = {"a word in ~1% of entries": TOPICS, "a rare word": RARE}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_context(base_url=args.base_url, viewport={"width": 1280, "height": 900}).new_page()
        page.goto("/login")
        page.fill("#login-email", state["agent_email"])
        page.fill("#login-password", state["agent_password"])
        page.press("#login-password", "Enter")
        page.wait_for_selector("#signed-in-user")
        page.goto("/search")
        page.wait_for_selector("#search-input")
        for name, pool in words.items():
            samples = [page.evaluate(TYPED, rng.choice(pool)) for _ in range(args.runs + 3)][3:]
            q = statistics.quantiles(samples, n=100, method="inclusive")
            print(f"| keystroke to results: {name} | {q[49]:.0f} | {q[94]:.0f} | < 300 ms "
                  f"{'ok' if q[94] < 300 else 'MISSED'} |")
        browser.close()


if __name__ == "__main__":
    main()

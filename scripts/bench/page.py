"""Time until /tickets shows its first rows in Chromium, against a running production server.

  .venv/bin/python -m scripts.bench.page --reuse DATA_DIR --base-url http://127.0.0.1:3000 [--runs 20]

DATA_DIR is a folder made by `python -m scripts.bench.tickets --setup-only` (its bench.json holds the
agent's login). Each run is a full page load (new navigation, warm browser cache) timed from
the navigation's start to the first `.ticket-row` being visible, as the browser sees it.
"""

import argparse
import json
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
FIRST_ROW = """() => new Promise((resolve) => {
  const seen = () => { const row = document.querySelector('.ticket-row');
    return row && row.getBoundingClientRect().height > 0; };
  const done = () => resolve(performance.now());
  if (seen()) return done();
  new MutationObserver((_, obs) => { if (seen()) { obs.disconnect(); done(); } })
    .observe(document, {childList: true, subtree: true});
})"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", required=True, type=Path)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    state = json.loads((args.reuse / "bench.json").read_text())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=args.base_url, viewport={"width": 1280, "height": 900})
        page.goto("/login")
        page.fill("#login-email", state["agent_email"])
        page.fill("#login-password", state["agent_password"])
        page.press("#login-password", "Enter")
        page.wait_for_selector(".ticket-row", timeout=30_000)
        times = []
        for _ in range(2 + args.runs):  # two warm-up loads
            page.goto("/tickets", wait_until="commit")
            times.append(page.evaluate(FIRST_ROW))
        times = sorted(times[2:])
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"/tickets first rows over {args.runs} loads ({state['tickets']} tickets, {state['backend']}): "
              f"p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, max {times[-1]:.0f} ms")
        browser.close()


if __name__ == "__main__":
    main()

"""First paint of each page over a throttled link (default 10 Mbit/s), in Chromium.

    python -m browser_tests.first_paint [_build/html] [--mbps 10]

Prints, per page, the time to the first paint and to the ``load`` event. A page whose
first paint waits for a large synchronous script shows it here; the browser test checks
the cause (no synchronous script over 500 kB) rather than these timings, which depend on
the machine.
"""

import argparse
from pathlib import Path

from browser_tests.site_check import DEFAULT_SITE, SiteServer, chromium_path, pages, redirect_target


def first_paint(site, mbps=10.0, latency_ms=20):
    from playwright.sync_api import sync_playwright

    results = {}
    with SiteServer(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        for page in pages(site):
            if redirect_target(site, page) is not None:
                continue  # index.html only forwards to the first page
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            cdp = context.new_cdp_session(tab)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            rate = mbps * 1e6 / 8
            cdp.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": latency_ms,
                "downloadThroughput": rate, "uploadThroughput": rate})
            tab.goto(f"{server.origin}/{page}", wait_until="load", timeout=120_000)
            paint, load = tab.evaluate("""() => {
              const p = performance.getEntriesByName('first-paint')[0];
              const n = performance.getEntriesByType('navigation')[0];
              return [p ? p.startTime : null, n ? n.loadEventStart : null];
            }""")
            results[page] = (paint, load)
            context.close()
        browser.close()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(DEFAULT_SITE))
    parser.add_argument("--mbps", type=float, default=10.0)
    args = parser.parse_args()
    print(f"{'page':45} first paint   load   ({args.mbps:g} Mbit/s)")
    for page, (paint, load) in first_paint(Path(args.site), args.mbps).items():
        print(f"{page:45} {paint / 1000:9.2f} s {load / 1000:6.2f} s", flush=True)


if __name__ == "__main__":
    main()

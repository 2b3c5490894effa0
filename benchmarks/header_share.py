"""How much of a phone's first screen the site header takes, in normal and low-vision mode.

Measures the height of `.site-header` at a 390×844 viewport in Chromium on the main resident
pages in kk, ru and en, with the menu closed, and prints a Markdown table. Needs a running site with
the demo data:

    DEBUG=true .venv/bin/python manage.py runserver 127.0.0.1:8150
    .venv/bin/python benchmarks/header_share.py http://127.0.0.1:8150
"""

import sys

from playwright.sync_api import sync_playwright

VIEWPORT = {"width": 390, "height": 844}
PAGES = {
    "home": "/{lang}/",
    "services": "/{lang}/services/",
    "apply": "/{lang}/apply/ZAGS-01/",
    "track": "/{lang}/track/",
    "budget": "/{lang}/budget/593400000/",
    "akimat": "/{lang}/akimats/593400000/",
}


def measure(base: str) -> dict[tuple[str, str], tuple[float, float]]:
    shares = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for low_vision in (False, True):
            context = browser.new_context(viewport=VIEWPORT, base_url=base)
            if low_vision:
                context.add_cookies([{"name": "lowvision", "value": "1", "url": base}])
            page = context.new_page()
            for lang in ("kk", "ru", "en"):
                for name, path in PAGES.items():
                    page.goto(path.format(lang=lang))
                    height = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
                    normal, low = shares.get((name, lang), (0.0, 0.0))
                    share = height / VIEWPORT["height"]
                    shares[(name, lang)] = (normal, share) if low_vision else (share, low)
            context.close()
        browser.close()
    return shares


def main(base: str) -> None:
    shares = measure(base)
    print("| page | lang | normal | low-vision |")
    print("|---|---|---|---|")
    for (name, lang), (normal, low) in shares.items():
        print(f"| {name} | {lang} | {normal:.1%} | {low:.1%} |")
    normal_max = max(v[0] for v in shares.values())
    low_max = max(v[1] for v in shares.values())
    print(f"\nmax normal {normal_max:.1%}, max low-vision {low_max:.1%}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8150")

"""How long resident pages are on a phone and at a desk: the document's height (px) and whether it
is wider than the screen, in Chromium, for each page and language, against a running site with the
demo data:

    DEBUG=true .venv/bin/python manage.py runserver 127.0.0.1:8150
    .venv/bin/python benchmarks/page_length.py http://127.0.0.1:8150 [/ru/budget/593400000/ ...]

Without paths it measures the budget pages of the demo's district, a village and the region."""

import sys

from playwright.sync_api import sync_playwright

DEFAULT_PATHS = [
    "/{lang}/budget/593400000/",
    "/{lang}/budget/593400000/table/",
    "/{lang}/budget/590000000/",
    "/{lang}/budget/593430100/",
]
WIDTHS = (390, 1280)


def main(base: str, paths: list[str]) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        print("| page | language | 390 px: height | 1280 px: height | sideways scroll |")
        print("|---|---|---|---|---|")
        for path in paths:
            for lang in ("kk", "ru", "en"):
                heights, wide = [], []
                for width in WIDTHS:
                    page = browser.new_context(viewport={"width": width, "height": 844}).new_page()
                    page.goto(base + path.format(lang=lang))
                    page.wait_for_load_state("networkidle")
                    heights.append(page.evaluate("document.documentElement.scrollHeight"))
                    if page.evaluate("document.documentElement.scrollWidth") > width:
                        wide.append(str(width))
                    page.context.close()
                scroll = ", ".join(wide) or "none"
                print(f"| {path.format(lang='…')} | {lang} | {heights[0]:,} | {heights[1]:,} | {scroll} |")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2:] or DEFAULT_PATHS)

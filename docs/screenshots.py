"""Take the screenshots in docs/img/ that docs/design.md shows, from a running site with the demo
data and DEBUG on (for the design page):

    make run   # or: DEBUG=true .venv/bin/python manage.py runserver
    .venv/bin/python docs/screenshots.py http://127.0.0.1:8000

Phone-sized element shots in Russian, so each PNG stays small."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent / "img"
PHONE = {"width": 390, "height": 844}


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_context(viewport=PHONE, base_url=base).new_page()

        page.goto("/ru/services/")
        page.screenshot(path=OUT / "header-phone.png", clip={"x": 0, "y": 0, "width": 390, "height": 240})
        page.locator("#menu > summary").click()
        page.locator(".site-header").screenshot(path=OUT / "menu-open-phone.png")

        page.goto("/ru/design/")
        for section, name in [
            ("#design-tags", "tags"),
            ("#design-panel", "panel"),
            ("#design-banners", "banners"),
            ("#design-errors", "error-summary"),
            ("#design-buttons", "buttons"),
            ("#design-table", "table-cards"),
        ]:
            page.locator(f"section:has(> h2{section})").screenshot(path=OUT / f"{name}.png")

        wide = browser.new_context(viewport={"width": 1024, "height": 700}, base_url=base).new_page()
        wide.goto("/ru/")
        wide.locator(".site-header").screenshot(path=OUT / "header-wide.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")

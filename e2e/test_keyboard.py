"""A keyboard user reaches everything on the rollout page with Tab, skips the header with the
skip link, and always sees where the focus is."""

from playwright.sync_api import expect

ROLLOUT = "/en/regions/590000000/service-akimats/"

# What the focused element is and whether its focus indicator can be seen.
FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        classes: el.getAttribute('class') || '',
        text: (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60),
        href: el.getAttribute('href'),
        inHeader: !!el.closest('header'),
        inLanguages: !!el.closest('.languages'),
        inTable: !!el.closest('#rollout-table'),
        visibleFocus: outline || shadow,
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
        outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor,
        shadow: style.boxShadow,
    };
}"""


def describe(f) -> str:
    return f"<{f['tag']}{' #' + f['id'] if f['id'] else ''} class='{f['classes']}'> {f['text']!r}"


def test_keyboard_user_skips_to_main_content(page):
    page.goto(ROLLOUT)
    page.wait_for_selector("#rollout-map.map-ready")

    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert "skip-link" in first["classes"], f"the first Tab should reach the skip link, got {describe(first)}"
    assert first["onScreen"] and first["visibleFocus"], first
    expect(page.locator(".skip-link")).to_be_in_viewport()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    assert not after["inHeader"], f"Tab after the skip link should stay in the main content, got {describe(after)}"


def test_keyboard_user_reaches_every_control_with_a_visible_focus(page):
    page.goto(ROLLOUT)
    page.wait_for_selector("#rollout-map.map-ready")

    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if seen and focused["tag"] == "body":
            break
        seen.append(focused)
        if focused["text"] == "Staff sign-in" and not focused["inHeader"]:
            break  # the last link in the footer

    reached = [describe(f) for f in seen]
    languages = {f["text"] for f in seen if f["inLanguages"]}
    assert languages == {"Қазақша", "Русский", "English"}, reached
    assert any(f["tag"] == "summary" and f["text"] == "Display settings" for f in seen), reached
    table_links = [f for f in seen if f["inTable"] and f["tag"] == "a"]
    assert len(table_links) == 14, reached
    assert any(f["classes"] == "table-scroll" for f in seen), "the scrollable table region takes the focus"

    markers = [f for f in seen if f["tag"] == "path"]
    assert len(markers) == 14, reached
    unnamed = [describe(f) for f in seen if not f["text"]]
    assert not unnamed, "tab stops without an accessible name:\n" + "\n".join(unnamed)

    invisible = [f"{describe(f)} (outline: {f['outline']}; box-shadow: {f['shadow']})" for f in seen]
    invisible = [line for line, f in zip(invisible, seen, strict=True) if not f["visibleFocus"]]
    assert not invisible, "focus cannot be seen on:\n" + "\n".join(invisible)


def test_keyboard_user_opens_a_map_marker(page):
    page.goto(ROLLOUT)
    page.wait_for_selector("#rollout-map.map-ready")
    marker = page.get_by_role("button", name="Akzhar district — Open")
    expect(marker).to_have_count(1)

    marker.focus()
    expect(page.locator(".leaflet-tooltip")).to_contain_text("Akzhar district")
    page.keyboard.press("Enter")

    popup = page.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    expect(popup.get_by_role("link", name="Akimat page")).to_have_attribute("href", "/en/akimats/593400000/")

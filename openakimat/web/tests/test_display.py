"""Display settings: text size, colours and images in one cookie, set by a form post that needs no
CSRF token and returns to the page, and colour schemes whose token pairs meet WCAG AA contrast."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from openakimat.web import display

CSS = Path(settings.BASE_DIR) / "openakimat" / "static" / "css" / "site.css"
AKZHAR = "/en/akimats/593400000/"


def post(client, **data):
    return client.post("/en/display/", {"next": AKZHAR, "text": "1", "scheme": "default", "images": "on", **data})


def test_settings_are_stored_in_one_lasting_cookie_and_shape_the_page(client, akzhar_akimat):
    response = post(client, text="3", scheme="wb", images="off")
    assert response.status_code == 302
    assert response["Location"] == AKZHAR
    cookie = response.cookies[display.DISPLAY_COOKIE]
    assert cookie.value == "3.wb.off"
    assert int(cookie["max-age"]) >= 30 * 24 * 3600
    assert cookie["samesite"] == "Lax" and cookie["httponly"]

    html = client.get(AKZHAR).content.decode()
    assert '<html lang="en" class="text-3 scheme-wb no-images">' in html
    assert re.search(r'name="text" value="3" checked', html)
    assert re.search(r'name="scheme" value="wb" checked', html)
    assert re.search(r'name="images" value="off" checked', html)


def test_back_to_the_defaults_removes_the_cookie(client, akzhar_akimat):
    post(client, text="2")
    response = post(client)
    assert response.cookies[display.DISPLAY_COOKIE]["max-age"] == 0
    assert '<html lang="en">' in client.get(AKZHAR).content.decode()


def test_the_endpoint_needs_no_csrf_token_and_the_page_carries_none(akzhar_akimat):
    strict = Client(enforce_csrf_checks=True)
    html = strict.get(AKZHAR).content.decode()
    assert "csrfmiddlewaretoken" not in html
    response = strict.post("/en/display/", {"next": AKZHAR, "text": "2", "scheme": "bw", "images": "on"})
    assert response.status_code == 302
    assert response.cookies[display.DISPLAY_COOKIE].value == "2.bw.on"


def test_the_script_gets_json_instead_of_a_redirect(client, db):
    response = client.post(
        "/en/display/",
        {"next": "/en/", "text": "2", "scheme": "blue", "images": "off"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {"classes": "text-2 scheme-blue no-images", "value": "2.blue.off"}
    assert response.cookies[display.DISPLAY_COOKIE].value == "2.blue.off"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/en/", "http://evil.example"])
def test_it_refuses_to_redirect_off_site_and_sets_nothing(client, db, target):
    response = client.post("/en/display/", {"next": target, "text": "3", "scheme": "bw", "images": "on"})
    assert response.status_code == 400
    assert display.DISPLAY_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "data",
    [{"text": "9"}, {"scheme": "pink"}, {"images": "maybe"}, {"text": ""}, {"scheme": "bw.on.x"}],
)
def test_a_value_the_form_never_offers_is_a_translated_400(client, db, data):
    response = client.post("/ru/display/", {"next": "/ru/", "text": "1", "scheme": "default", "images": "on", **data})
    assert response.status_code == 400
    assert "Выберите" in response.content.decode()
    assert display.DISPLAY_COOKIE not in response.cookies


def test_the_endpoint_is_post_only(client, db):
    assert client.get("/en/display/").status_code == 405


def test_the_old_low_vision_cookie_reads_as_largest_text_black_on_white(client, akzhar_akimat):
    client.cookies["lowvision"] = "1"
    html = client.get(AKZHAR).content.decode()
    assert '<html lang="en" class="text-3 scheme-bw">' in html
    # Choosing settings replaces the old switch for good.
    response = post(client, text="2")
    assert response.cookies["lowvision"]["max-age"] == 0


@pytest.mark.parametrize("value", ["", "3", "4.bw.on", "3.bw", "3.BW.on", "1.default.on.x", "x" * 100])
def test_a_tampered_cookie_reads_as_the_default(value):
    assert display.parse(value) == display.DEFAULT


def test_every_valid_cookie_value_reads_back_as_itself():
    for text in display.TEXT_SIZES:
        for scheme in display.SCHEMES:
            for images in display.IMAGES:
                chosen = display.Display(text=text, scheme=scheme, images=images)
                assert display.parse(chosen.cookie_value) == chosen


# Contrast of the colour tokens in every scheme (WCAG 2.1: 4.5:1 for text, 3:1 for graphics).

TEXT_PAIRS = [
    ("ink", "paper"),
    ("ink", "tint"),
    ("muted", "paper"),
    ("muted", "tint"),
    ("link", "paper"),
    ("link", "tint"),
    ("danger", "paper"),
    ("planned", "paper"),
    ("brand-ink", "brand"),
]
GRAPHIC_PAIRS = [("open", "paper"), ("planned", "paper"), ("none", "paper"), ("danger", "paper")]


def _tokens(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})\b", block))


def scheme_tokens() -> dict[str, dict[str, str]]:
    css = CSS.read_text(encoding="utf-8")
    root = re.search(r":root\s*\{(.*?)\}", css, re.S)
    assert root, "site.css has no :root block"
    schemes = {"default": _tokens(root.group(1))}
    section = css[css.index("== Display settings") :]
    for name in display.SCHEMES:
        if name == "default":
            continue
        block = re.search(rf"html\.scheme-{name}\s*\{{(.*?)\}}", section, re.S)
        assert block, f"the display settings section has no html.scheme-{name} block"
        schemes[name] = {**schemes["default"], **_tokens(block.group(1))}
        missing = set(schemes["default"]) - set(_tokens(block.group(1)))
        assert not missing, f"scheme {name} leaves tokens to the default colours: {sorted(missing)}"
    return schemes


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scheme", list(display.SCHEMES))
def test_every_scheme_meets_aa_contrast(scheme):
    tokens = scheme_tokens()[scheme]
    low = [
        f"{fg} on {bg}: {contrast(tokens[fg], tokens[bg]):.2f}"
        for fg, bg in TEXT_PAIRS
        if contrast(tokens[fg], tokens[bg]) < 4.5
    ]
    low += [
        f"{fg} on {bg}: {contrast(tokens[fg], tokens[bg]):.2f} (graphics)"
        for fg, bg in GRAPHIC_PAIRS
        if contrast(tokens[fg], tokens[bg]) < 3.0
    ]
    assert not low, f"scheme {scheme} falls below WCAG AA: {low}"

"""The front office's pages that belong to one resident never go through the public page cache."""

from django.test import Client

from openakimat.web.pagecache import HEADER

from .test_public_views import apply_url, form_data  # noqa: F401 - apply_url is a fixture


def test_a_residents_receipt_is_never_kept_nor_served_from_the_cache(client, apply_url, offering):  # noqa: F811
    response = client.post(apply_url, form_data(offering))
    assert response.status_code == 302 and response["Location"] == "/en/apply/receipt/"
    for _ in range(2):
        receipt = client.get("/en/apply/receipt/")
        assert receipt.status_code == 200 and HEADER not in receipt
        assert "no-store" in receipt["Cache-Control"]
    # Someone else at the same address gets no receipt: the tracking form instead.
    stranger = Client().get("/en/apply/receipt/")
    assert stranger.status_code == 302 and stranger["Location"].endswith("/track/")


def test_the_apply_form_carries_its_own_token_and_is_never_kept(client, apply_url):  # noqa: F811
    first = client.get(apply_url)
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.content.decode()
    assert HEADER not in first
    assert HEADER not in Client().get(apply_url)

import pytest

from openakimat.common.client_address import client_ip


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy: a client's header is ignored
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # one proxy appended the real address
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(rf, settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_one_client_locking_an_account_does_not_lock_out_another(client, settings, akzhar_head):
    settings.PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/en/staff/login/", {"username": "gulnar.head", "password": "wrong"}, HTTP_X_FORWARDED_FOR="198.51.100.1"
        )
    locked = client.post(
        "/en/staff/login/",
        {"username": "gulnar.head", "password": "correct-horse-battery"},
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert locked.status_code == 429
    other = client.post(
        "/en/staff/login/",
        {"username": "gulnar.head", "password": "correct-horse-battery"},
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )
    assert other.status_code == 302

"""The fixed-window limiter: counts per client address, refuses past the limit with the seconds
left in the window, and forgets when the window ends."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from openakimat.common import ratelimit
from openakimat.common.ratelimit import RateLimited, check_submission_rate


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def request_from(address: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/kk/apply/X/", REMOTE_ADDR=address, **extra)


def at(seconds: float):
    return mock.patch.object(ratelimit.time, "time", return_value=seconds)


def test_submissions_past_the_hourly_limit_are_refused_with_the_time_to_wait(settings):
    settings.SUBMISSION_RATE_PER_HOUR = 3
    request = request_from("203.0.113.5")
    with at(7200 + 600):  # ten minutes into an hour
        for _ in range(3):
            check_submission_rate(request)
        with pytest.raises(RateLimited) as refused:
            check_submission_rate(request)
    assert refused.value.retry_after == 3000
    assert refused.value.retry_after_minutes == 50
    assert refused.value.bucket == ratelimit.SUBMISSIONS


def test_each_address_has_its_own_count(settings):
    settings.SUBMISSION_RATE_PER_HOUR = 1
    with at(100):
        check_submission_rate(request_from("203.0.113.5"))
        check_submission_rate(request_from("203.0.113.6"))
        with pytest.raises(RateLimited):
            check_submission_rate(request_from("203.0.113.5"))


def test_the_count_starts_again_in_the_next_window(settings):
    settings.SUBMISSION_RATE_PER_HOUR = 1
    request = request_from("203.0.113.5")
    with at(3599):
        check_submission_rate(request)
        with pytest.raises(RateLimited) as refused:
            check_submission_rate(request)
        assert refused.value.retry_after == 1
    with at(3600):
        check_submission_rate(request)


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings):
    settings.SUBMISSION_RATE_PER_HOUR = 1
    settings.PROXY_COUNT = 1
    with at(100):
        check_submission_rate(request_from("10.0.0.1", forwarded="198.51.100.7"))
        check_submission_rate(request_from("10.0.0.1", forwarded="198.51.100.8"))
        with pytest.raises(RateLimited):
            check_submission_rate(request_from("10.0.0.1", forwarded="198.51.100.7"))


def test_a_limit_of_zero_switches_the_limiter_off(settings):
    settings.SUBMISSION_RATE_PER_HOUR = 0
    for _ in range(50):
        check_submission_rate(request_from("203.0.113.5"))


def test_the_cache_never_holds_the_address_itself(settings):
    settings.SUBMISSION_RATE_PER_HOUR = 5
    check_submission_rate(request_from("203.0.113.5"))
    keys = list(cache._cache.keys())  # locmem: the keys as stored
    assert keys and not any("203.0.113.5" in key for key in keys)


def test_failed_look_ups_are_counted_apart_from_submissions(settings):
    settings.SUBMISSION_RATE_PER_HOUR = 1
    settings.TRACKING_FAILURES_PER_HOUR = 2
    request = request_from("203.0.113.5")
    with at(100):
        check_submission_rate(request)
        ratelimit.check_tracking_failures(request)
        ratelimit.record_tracking_failure(request)
        ratelimit.check_tracking_failures(request)
        ratelimit.record_tracking_failure(request)
        ratelimit.record_tracking_failure(request)  # never raises itself
        with pytest.raises(RateLimited) as refused:
            ratelimit.check_tracking_failures(request)
    assert refused.value.bucket == ratelimit.TRACKING_FAILURES


def test_the_exception_names_the_wait_for_logs_and_headers():
    error = RateLimited(61, "submit")
    assert error.retry_after == 61 and error.retry_after_minutes == 2
    assert "61" in str(error)
    assert RateLimited(0).retry_after == 1

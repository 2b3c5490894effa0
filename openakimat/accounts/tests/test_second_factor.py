"""Telling a reused TOTP code from a wrong one, at fixed moments."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openakimat.accounts.second_factor import token_was_used

NOW = 1_800_000_000.0  # a fixed moment; the step is 30 s


def code_at(device: TOTPDevice, moment: float) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = moment
    return f"{totp.token():06d}"


def step_at(device: TOTPDevice, moment: float) -> int:
    return int(moment - device.t0) // device.step


def test_the_code_of_the_step_last_used_counts_as_used(akzhar_head):
    device = TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    device.last_t = step_at(device, NOW)
    assert token_was_used(device, code_at(device, NOW), now=NOW + 5)


def test_a_code_of_a_step_not_yet_used_does_not(akzhar_head):
    device = TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    device.last_t = step_at(device, NOW) - 1
    assert not token_was_used(device, code_at(device, NOW), now=NOW)


def test_a_wrong_code_or_garbage_does_not(akzhar_head):
    device = TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    device.last_t = step_at(device, NOW)
    right = code_at(device, NOW)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert not token_was_used(device, wrong, now=NOW)
    assert not token_was_used(device, "abc", now=NOW)


def test_a_used_code_long_past_its_window_counts_as_wrong(akzhar_head):
    device = TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    device.last_t = step_at(device, NOW)
    assert not token_was_used(device, code_at(device, NOW), now=NOW + 10 * device.step)

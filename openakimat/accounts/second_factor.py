"""What a TOTP code that django-otp refused was: wrong, or right but already used.

django-otp's `TOTPDevice.verify_token` accepts a code only for a time step after the last one
that signed in (`last_t`), so that an overheard code can't be played back. The same code typed
twice within its 30 seconds (a double submit, a colleague at the same desk) is refused like a
wrong one, and "check your phone's clock" sends people the wrong way: the code was right, it just
can't be used twice. This tells the two apart, after the device has refused the code."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def token_was_used(device: TOTPDevice, token: str, *, now: float | None = None) -> bool:
    """Whether `token` is the device's code for a time step at or before its last used one, within
    the device's tolerance of now: a code that was right, and was already used."""
    try:
        value = int(token)
    except (TypeError, ValueError):
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if now is None else now
    current = totp.t()
    for offset in range(-device.tolerance, device.tolerance + 1):
        if current + offset > device.last_t:
            continue  # a step never used: a code for it would have been accepted, so it was wrong
        totp.drift = device.drift + offset
        if totp.token() == value:
            return True
    return False

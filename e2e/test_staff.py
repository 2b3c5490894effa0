"""A staff member signs in with a password and the code from their authenticator app."""

import re
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from openakimat.demo.territory import DEMO_PASSWORD


def current_code(username: str) -> str:
    device = TOTPDevice.objects.get(user__username=username, name="demo")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def test_staff_member_signs_in_with_password_and_code(page, axe):
    page.goto("/en/staff/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign-in")
    axe(page, "the staff sign-in page")

    page.get_by_label("Username").fill("demo.admin")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/en/staff/login/verify/$"))
    axe(page, "the sign-in code page")
    page.get_by_label("Six-digit code from your authenticator app").fill(current_code("demo.admin"))
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/en/staff/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff area")
    expect(page.get_by_text("Signed in as Бауыржан Әкімші.")).to_be_visible()
    expect(page.get_by_role("link", name="Akimat of Akzhar district")).to_be_visible()


def test_staff_member_with_a_wrong_password_is_told_so(page, axe):
    page.goto("/en/staff/login/")
    page.get_by_label("Username").fill("demo.admin")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/en/staff/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("The username or password is wrong")
    axe(page, "the staff sign-in page with an error")

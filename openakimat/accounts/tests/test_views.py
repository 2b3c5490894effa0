"""Staff sign-in (password, then TOTP), throttling, and the scoped staff pages."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openakimat.integrity.models import AuditEntry

PASSWORD = "correct-horse-battery"


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in_password(client, username, password=PASSWORD):
    return client.post("/en/staff/login/", {"username": username, "password": password})


def test_first_sign_in_enrols_an_authenticator_then_lets_the_head_in(client, akzhar_head):
    response = sign_in_password(client, "gulnar.head")
    assert response.status_code == 302
    assert response["Location"] == "/en/staff/login/verify/"
    page = client.get("/en/staff/login/verify/")
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=akzhar_head, confirmed=False)
    response = client.post("/en/staff/login/verify/", {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/en/staff/"
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="staff.enrol_2fa", actor=akzhar_head).exists()
    assert client.get("/en/staff/").status_code == 200


def test_a_wrong_code_keeps_the_door_shut(client, akzhar_head):
    device = TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    sign_in_password(client, "gulnar.head")
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post("/en/staff/login/verify/", {"token": wrong})
    assert response.status_code == 200
    assert "This code is not right" in response.content.decode()
    assert client.get("/en/staff/").status_code == 302  # still signed out


def test_a_confirmed_device_is_asked_for_without_showing_the_key_again(client, akzhar_head):
    device = TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    sign_in_password(client, "gulnar.head")
    page = client.get("/en/staff/login/verify/").content.decode()
    assert "data:image/svg+xml" not in page
    assert client.post("/en/staff/login/verify/", {"token": current_code(device)}).status_code == 302
    assert AuditEntry.objects.filter(action="staff.sign_in", actor=akzhar_head).exists()


def test_a_code_must_be_six_digits(client, akzhar_head):
    TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    sign_in_password(client, "gulnar.head")
    response = client.post("/en/staff/login/verify/", {"token": "12ab"})
    assert response.status_code == 200
    assert "six digits" in response.content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, akzhar_head):
    response = sign_in_password(client, "gulnar.head", "wrong-password")
    assert response.status_code == 200
    assert "username or password is wrong" in response.content.decode()


def test_a_resident_account_cannot_use_the_staff_sign_in(client, resident):
    response = sign_in_password(client, "aigerim.resident")
    assert response.status_code == 200
    assert "not a staff account" in response.content.decode()


def test_repeated_wrong_passwords_lock_the_account_out(client, akzhar_head, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_password(client, "gulnar.head", "wrong-password")
    response = sign_in_password(client, "gulnar.head")  # even the right password now
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_the_verify_step_needs_the_password_step_first(client, db):
    assert client.get("/en/staff/login/verify/")["Location"] == "/en/staff/login/"


def test_a_next_address_off_site_is_ignored(client, akzhar_head):
    device = TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    client.post("/en/staff/login/?next=https://evil.example/", {"username": "gulnar.head", "password": PASSWORD})
    response = client.post("/en/staff/login/verify/", {"token": current_code(device)})
    assert response["Location"] == "/en/staff/"


def test_signed_in_without_second_factor_the_staff_area_asks_for_it(client, akzhar_head):
    client.force_login(akzhar_head)
    response = client.get("/en/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/staff/login/")


def test_a_head_in_akzhar_sees_akzhar_staff_but_not_aiyrtau(staff_client, akzhar_head, aiyrtau_head):
    client = staff_client(akzhar_head)
    home = client.get("/en/staff/").content.decode()
    assert "/en/staff/akimats/593400000/" in home
    assert "/en/staff/akimats/593200000/" not in home
    assert "gulnar.head" in client.get("/en/staff/akimats/593400000/").content.decode()
    other = client.get("/en/staff/akimats/593200000/")
    assert other.status_code == 404
    assert "marat.head" not in other.content.decode()


def test_a_signed_in_resident_gets_403_in_the_staff_area(staff_client, resident):
    assert staff_client(resident).get("/en/staff/").status_code == 403


def test_sign_out_is_a_post(staff_client, akzhar_head):
    client = staff_client(akzhar_head)
    assert client.get("/en/staff/logout/").status_code == 405
    assert client.post("/en/staff/logout/").status_code == 302
    assert client.get("/en/staff/").status_code == 302


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_sign_in_page_is_served_in_each_language(client, db, lang):
    response = client.get(f"/{lang}/staff/login/")
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in response.content.decode()


def test_signing_out_is_audited(staff_client, akzhar_head):
    staff_client(akzhar_head).post("/en/staff/logout/")
    assert AuditEntry.objects.filter(action="staff.sign_out", actor=akzhar_head).exists()


def test_a_code_used_once_is_refused_the_second_time_with_its_own_message(akzhar_head):
    from django.test import Client

    device = TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    code = current_code(device)
    first, second = Client(), Client()
    sign_in_password(first, "gulnar.head")
    assert first.post("/en/staff/login/verify/", {"token": code}).status_code == 302
    sign_in_password(second, "gulnar.head")
    response = second.post("/en/staff/login/verify/", {"token": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This code was already used" in html
    assert "Check the clock" not in html
    assert second.get("/en/staff/").status_code == 302  # still signed out


def test_the_used_code_message_is_translated(akzhar_head):
    from django.test import Client

    device = TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    code = current_code(device)
    first, second = Client(), Client()
    sign_in_password(first, "gulnar.head")
    first.post("/en/staff/login/verify/", {"token": code})
    second.post("/ru/staff/login/", {"username": "gulnar.head", "password": PASSWORD})
    html = second.post("/ru/staff/login/verify/", {"token": code}).content.decode()
    assert "Этот код уже использован" in html

"""Two administrators: one asks for an observer's role for a colleague, the page says it waits for
approval and does not let them approve it; the other approves it. Both pages pass axe."""

import re

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from openakimat.accounts.models import GrantState, Role, RoleGrant, User
from openakimat.territory.models import Akimat

from .test_staff import current_code

PASSWORD = "correct-horse-battery"
AKZHAR = "593400000"


def sign_in(page, username: str, password: str) -> None:
    page.goto("/en/staff/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/en/staff/login/verify/"))
    page.get_by_label("Six-digit code from your authenticator app").fill(current_code(username))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_an_observer_role_takes_effect_when_a_second_administrator_approves_it(new_context, axe):
    from openakimat.demo.territory import DEMO_PASSWORD

    akzhar = Akimat.objects.get(territory__kato=AKZHAR)
    second = User.objects.create_user(username="saule.admin", password=PASSWORD, is_staff=True)
    RoleGrant.objects.create(user=second, role=Role.ADMIN, akimat=akzhar)
    TOTPDevice.objects.create(user=second, name="demo", confirmed=True)
    User.objects.create_user(username="new.observer", password=PASSWORD)
    User.objects.filter(username__in=["demo.admin", "saule.admin"]).update(preferred_language="en")

    # The first administrator asks.
    first = new_context(locale="en-US").new_page()
    sign_in(first, "demo.admin", DEMO_PASSWORD)
    first.goto("/admin/accounts/rolegrant/add/")
    first.get_by_label("Username").fill("new.observer")
    first.get_by_label("Role").select_option(value="observer")
    first.get_by_label("Akimat").select_option(value=str(akzhar.pk))
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.locator(".messagelist")).to_contain_text("takes effect when another administrator approves it")
    grant = RoleGrant.objects.get(user__username="new.observer")
    assert grant.state == GrantState.PENDING

    first.goto("/admin/accounts/grantrequest/")
    first.get_by_role("link", name="Approve or reject").click()
    expect(first.get_by_text("You asked for this role: another administrator must approve it.")).to_be_visible()
    expect(first.get_by_role("button", name="Approve")).to_have_count(0)
    axe(first, "the request page of the administrator who asked")

    # The second administrator approves.
    other = new_context(locale="en-US").new_page()
    sign_in(other, "saule.admin", PASSWORD)
    other.goto("/admin/accounts/grantrequest/")
    axe(other, "the list of requests for roles")
    other.get_by_role("link", name="Approve or reject").click()
    axe(other, "the request page of a second administrator")
    other.get_by_role("button", name="Approve").click()
    expect(other).to_have_url(re.compile(r"/admin/accounts/grantrequest/$"))
    expect(other.locator(".messagelist")).to_contain_text("The request is approved")
    grant.refresh_from_db()
    assert (grant.state, grant.decided_by) == (GrantState.ACTIVE, second)

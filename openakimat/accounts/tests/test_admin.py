"""The admin shows each staff member only their akimats' data and lets the policy decide."""

from openakimat.accounts.models import RoleGrant, User
from openakimat.integrity.models import AuditEntry


def test_admin_requires_the_second_factor(client, akzhar_admin):
    client.force_login(akzhar_admin)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].endswith("/staff/login/?next=/admin/")
    assert response.status_code == 200


def test_a_head_in_akzhar_lists_only_akzhar_akimats(staff_client, akzhar_head, aiyrtau_akimat, talshik_akimat):
    html = staff_client(akzhar_head).get("/admin/territory/akimat/").content.decode()
    assert "Akimat of Akzhar district" in html
    assert "Akimat of Talshik rural okrug" in html
    assert "Akimat of Aiyrtau district" not in html


def test_a_head_in_akzhar_cannot_open_an_aiyrtau_object(staff_client, akzhar_head, aiyrtau_construction):
    client = staff_client(akzhar_head)
    akimat = client.get(f"/admin/territory/akimat/{aiyrtau_construction.akimat.pk}/change/")
    department = client.get(f"/admin/territory/department/{aiyrtau_construction.pk}/change/")
    for response in (akimat, department):
        assert response.status_code == 302  # the admin's "does not exist" redirect
        assert response["Location"] == "/admin/"


def test_a_head_sees_their_akimat_read_only(staff_client, akzhar_head, akzhar_akimat):
    client = staff_client(akzhar_head)
    page = client.get(f"/admin/territory/akimat/{akzhar_akimat.pk}/change/")
    assert page.status_code == 200
    assert 'name="hours_en"' not in page.content.decode()
    response = client.post(f"/admin/territory/akimat/{akzhar_akimat.pk}/change/", {"hours_en": "hacked"})
    assert response.status_code == 403
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.hours_en == ""


def test_the_akim_edits_hours_in_the_admin_through_the_service(staff_client, akim, akzhar_akimat):
    client = staff_client(akim)
    form = client.get(f"/admin/territory/akimat/{akzhar_akimat.pk}/change/").context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update({"hours_en": "Mon–Fri 09:00–18:00", "service_opened_on": "2024-03-15"})
    data = {k: v for k, v in data.items() if v is not False}
    data.update({"departments-TOTAL_FORMS": "0", "departments-INITIAL_FORMS": "0"})
    response = client.post(f"/admin/territory/akimat/{akzhar_akimat.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.hours_en == "Mon–Fri 09:00–18:00"
    assert AuditEntry.objects.filter(action="akimat.update", actor=akim).exists()


def test_user_accounts_are_for_superusers_only(staff_client, akzhar_admin, superuser):
    assert staff_client(akzhar_admin).get("/admin/accounts/user/").status_code == 403
    assert staff_client(superuser).get("/admin/accounts/user/").status_code == 200


def test_an_admin_grants_a_role_by_username_within_scope(staff_client, akzhar_admin, akzhar_akimat, aiyrtau_akimat):
    newcomer = User.objects.create_user(username="new.operator", password="correct-horse-battery")
    client = staff_client(akzhar_admin)
    page = client.get("/admin/accounts/rolegrant/add/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Akimat of Akzhar district" in page
    assert "Akimat of Aiyrtau district" not in page
    response = client.post(
        "/admin/accounts/rolegrant/add/", {"username": "new.operator", "role": "operator", "akimat": akzhar_akimat.pk}
    )
    assert response.status_code == 302
    assert RoleGrant.objects.filter(user=newcomer, role="operator", akimat=akzhar_akimat).exists()
    refused = client.post(
        "/admin/accounts/rolegrant/add/", {"username": "new.operator", "role": "operator", "akimat": aiyrtau_akimat.pk}
    )
    assert refused.status_code == 200  # the form shows the choice as invalid
    assert not RoleGrant.objects.filter(user=newcomer, akimat=aiyrtau_akimat).exists()


def test_an_unknown_username_is_a_form_error(staff_client, akzhar_admin, akzhar_akimat):
    response = staff_client(akzhar_admin).post(
        "/admin/accounts/rolegrant/add/",
        {"username": "nobody", "role": "operator", "akimat": akzhar_akimat.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "There is no active account with this username." in response.content.decode()


def test_the_audit_log_is_visible_to_a_regional_observer_and_read_only(
    staff_client, region_observer, akim, akzhar_akimat
):
    from openakimat.territory.services import akimat_update

    akimat_update(actor=akim, akimat=akzhar_akimat, hours_en="x")
    client = staff_client(region_observer)
    html = client.get("/admin/integrity/auditentry/").content.decode()
    assert "akimat.update" in html
    entry = AuditEntry.objects.get(action="akimat.update")
    assert client.post(f"/admin/integrity/auditentry/{entry.pk}/delete/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_an_operator_does_not_see_the_audit_log(staff_client, operator):
    assert staff_client(operator).get("/admin/integrity/auditentry/").status_code == 403


def post_grant(client, **data):
    return client.post("/admin/accounts/rolegrant/add/", data, HTTP_ACCEPT_LANGUAGE="en")


def test_what_the_grant_service_refuses_shows_on_the_form(staff_client, akzhar_admin, akzhar_construction):
    User.objects.create_user(username="new.operator", password="correct-horse-battery")
    client = staff_client(akzhar_admin)
    akimat = akzhar_construction.akimat.pk
    assert post_grant(client, username="new.operator", role="operator", akimat=akimat).status_code == 302
    duplicate = post_grant(client, username="new.operator", role="operator", akimat=akimat)
    assert duplicate.status_code == 200
    assert "already has this role" in duplicate.content.decode()
    headless = post_grant(client, username="new.operator", role="head", akimat=akimat)
    assert headless.status_code == 200
    assert "belongs to a department" in headless.content.decode()
    with_department = post_grant(
        client, username="new.operator", role="operator", akimat=akimat, department=akzhar_construction.pk
    )
    assert with_department.status_code == 200
    assert RoleGrant.objects.filter(user__username="new.operator").count() == 1
    assert AuditEntry.objects.filter(action="role.request").count() == 1  # an operator's role is asked for


def test_renaming_a_department_to_a_taken_name_is_a_form_error(staff_client, akzhar_admin, akzhar_construction):
    from conftest import make_department

    other = make_department(akzhar_construction.akimat, kind="education")
    client = staff_client(akzhar_admin)
    response = client.post(
        f"/admin/territory/department/{other.pk}/change/",
        {"name_kk": "x", "name_ru": "x", "name_en": akzhar_construction.name_en, "is_active": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    other.refresh_from_db()
    assert other.name_en != akzhar_construction.name_en


def test_a_future_opening_date_is_a_form_error_not_a_false_success(staff_client, akim, akzhar_akimat):
    client = staff_client(akim)
    form = client.get(f"/admin/territory/akimat/{akzhar_akimat.pk}/change/").context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data = {k: v for k, v in data.items() if v is not False}
    data.update({"service_opened_on": "2999-01-01", "departments-TOTAL_FORMS": "0", "departments-INITIAL_FORMS": "0"})
    response = client.post(f"/admin/territory/akimat/{akzhar_akimat.pk}/change/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "service_opened_on" in response.context["adminform"].form.errors
    assert "was changed successfully" not in response.content.decode()
    akzhar_akimat.refresh_from_db()
    assert str(akzhar_akimat.service_opened_on) == "2024-03-15"
    assert not AuditEntry.objects.filter(action="akimat.update").exists()


def test_a_superusers_account_changes_are_audited_without_the_password(staff_client, superuser, akzhar_head):
    client = staff_client(superuser)
    page = client.get(f"/admin/accounts/user/{akzhar_head.pk}/change/").context["adminform"].form
    data = {k: v for k, v in page.initial.items() if k in page.fields and v is not None and k != "password"}
    data.update({"username": "gulnar.head", "is_active": "", "date_joined_0": "2026-01-01", "date_joined_1": "10:00"})
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False and k != "groups"}
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    response = client.post(f"/admin/accounts/user/{akzhar_head.pk}/change/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="account.update")
    assert entry.actor == superuser
    assert "is_active" in entry.data["changed"]
    assert entry.data["values"]["is_active"] is False


def test_a_superuser_resets_a_lost_authenticator_and_it_is_audited(staff_client, superuser, akzhar_head):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=akzhar_head, name="lost phone", confirmed=True)
    response = staff_client(superuser).post(
        "/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [akzhar_head.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=akzhar_head).exists()
    assert AuditEntry.objects.get(action="account.reset_2fa").data == {"devices_removed": 1}


def test_authenticator_devices_and_groups_have_no_admin_pages(staff_client, superuser):
    client = staff_client(superuser)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/auth/group/").status_code == 404

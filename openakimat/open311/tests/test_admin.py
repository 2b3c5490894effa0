from openakimat.open311.models import ApiKey


def test_superusers_see_and_switch_off_keys(superuser, akzhar_key, staff_client):
    client = staff_client(superuser)
    page = client.get("/admin/open311/apikey/")
    assert page.status_code == 200
    key = ApiKey.objects.get()
    assert key.prefix in page.content.decode() and akzhar_key not in page.content.decode()
    response = client.post("/admin/open311/apikey/", {"action": "deactivate", "_selected_action": [key.pk]})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.is_active is False


def test_other_staff_do_not_see_keys(akzhar_admin, akzhar_key, staff_client):
    assert staff_client(akzhar_admin).get("/admin/open311/apikey/").status_code in (302, 403)

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from conftest import make_staff
from openakimat.common import richtext
from openakimat.common.errors import ConflictError
from openakimat.common.roles import ALL_ROLES, DEPARTMENT_ROLES, Role
from openakimat.control.models import Instruction
from openakimat.integrity.models import AuditEntry
from openakimat.news import links, permissions, services
from openakimat.news.models import Item, Link, Photo, Status

from .conftest import ALL, RU_ONLY, draft, jpeg_with_exif, png


def audit_actions(item):
    return list(
        AuditEntry.objects.filter(object_type="news.item", object_id=str(item.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- the sanitiser -------------------------------------------------------------------------------

REL = 'rel="noopener noreferrer nofollow"'


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a " + REL + ">x</a>"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a " + REL + ">x</a>"),
        ('<a href="data:text/html,hi">x</a>', "<a " + REL + ">x</a>"),
        ('<a href="https://gov.kz" target="_blank">x</a>', '<a href="https://gov.kz" ' + REL + ">x</a>"),
        ('<a href="mailto:info@akimat.kz">x</a>', '<a href="mailto:info@akimat.kz" ' + REL + ">x</a>"),
        ('<img src="x" onerror="alert(1)"><h1>Big</h1><h2>Sub</h2>', "Big<h2>Sub</h2>"),
        ("<style>p{}</style><iframe src=https://x></iframe><em>ok</em>", "<em>ok</em>"),
        ("<blockquote>q</blockquote><ul><li>a</li></ul>", "<blockquote>q</blockquote><ul><li>a</li></ul>"),
    ],
)
def test_the_sanitiser_keeps_the_allow_list_only(dirty, clean):
    assert richtext.clean(dirty) == clean


def test_the_sanitiser_keeps_simple_tables():
    html = (
        '<table><caption>c</caption><thead><tr><th scope="col">a</th></tr></thead>'
        '<tbody><tr><td style="x">1</td></tr></tbody></table>'
    )
    assert richtext.clean(html) == html.replace(' style="x"', "")


def test_the_body_is_stored_sanitised(akzhar_akimat, secretariat):
    item = services.item_create(
        actor=secretariat,
        akimat=akzhar_akimat,
        draft=draft(
            title_en="T", body_en='<p onclick="x()">Text<script>evil()</script> <a href="javascript:x">l</a></p>'
        ),
    )
    assert "script" not in item.body_en and "onclick" not in item.body_en and "javascript" not in item.body_en
    assert item.body_en.startswith("<p>Text")


# --- writing -------------------------------------------------------------------------------------


def test_the_secretariat_writes_a_draft_and_it_is_audited(akzhar_akimat, secretariat, category):
    item = services.item_create(actor=secretariat, akimat=akzhar_akimat, draft=draft(category=category, **RU_ONLY))
    assert item.status == Status.DRAFT and item.languages == ["ru"] and item.published_at is None
    assert audit_actions(item) == ["news.create"]


def test_an_administrator_of_the_akimat_writes_too(akzhar_akimat, akzhar_admin):
    item = services.item_create(actor=akzhar_admin, akimat=akzhar_akimat, draft=draft(**RU_ONLY))
    assert item.pk


@pytest.mark.parametrize("role", sorted(ALL_ROLES - {Role.SECRETARIAT, Role.ADMIN}))
def test_no_other_role_writes(akzhar_akimat, akzhar_construction, role):
    department = akzhar_construction if role in DEPARTMENT_ROLES else None
    user = make_staff(f"someone.{role}", role, akzhar_akimat, department)
    with pytest.raises(PermissionDenied):
        services.item_create(actor=user, akimat=akzhar_akimat, draft=draft(**RU_ONLY))
    assert not Item.objects.exists()


def test_the_secretariat_of_another_akimat_is_refused(ru_item, aiyrtau_secretariat, aiyrtau_akimat):
    for action in (
        lambda: services.item_publish(actor=aiyrtau_secretariat, item=ru_item),
        lambda: services.item_pin(actor=aiyrtau_secretariat, item=ru_item),
        lambda: services.item_update(actor=aiyrtau_secretariat, item=ru_item, draft=draft(**ALL)),
    ):
        with pytest.raises(PermissionDenied):
            action()
    ru_item.refresh_from_db()
    assert ru_item.status == Status.DRAFT and not ru_item.pinned and ru_item.languages == ["ru"]


def test_anonymous_is_refused(akzhar_akimat):
    with pytest.raises(PermissionDenied):
        services.item_create(actor=None, akimat=akzhar_akimat, draft=draft(**RU_ONLY))


@pytest.mark.parametrize(
    ("texts", "field"),
    [
        ({}, "title_kk"),
        ({"lead_en": "A lead without a title"}, "title_en"),
        ({"title_en": "A title without text"}, "body_en"),
        ({"title_en": "T", "body_en": "<script>only a script</script>"}, "body_en"),
        ({"title_en": "x" * 201, "body_en": "<p>b</p>"}, "title_en"),
        ({"title_en": "T", "body_en": "<p>b</p>", "kind": "gossip"}, "kind"),
    ],
)
def test_bad_input_is_refused_on_its_field_with_nothing_saved(akzhar_akimat, secretariat, texts, field):
    with pytest.raises(ValidationError) as caught:
        services.item_create(actor=secretariat, akimat=akzhar_akimat, draft=draft(**texts))
    assert field in caught.value.message_dict
    assert not Item.objects.exists()


def test_an_update_with_a_stale_version_is_a_conflict(ru_item, secretariat):
    with pytest.raises(ConflictError):
        services.item_update(actor=secretariat, item=ru_item, draft=draft(**ALL), version=ru_item.version - 1)
    updated = services.item_update(actor=secretariat, item=ru_item, draft=draft(**ALL), version=ru_item.version)
    assert updated.languages == ["kk", "ru", "en"]
    assert "news.update" in audit_actions(ru_item)


# --- publishing and pinning ----------------------------------------------------------------------


def test_publish_pin_unpin_unpublish(ru_item, secretariat, django_capture_on_commit_callbacks, monkeypatch):
    bumped = []
    monkeypatch.setattr(services, "bump_generation", lambda *realms: bumped.append(realms))
    with django_capture_on_commit_callbacks(execute=True):
        item = services.item_publish(actor=secretariat, item=ru_item)
    assert item.status == Status.PUBLISHED and item.published_at is not None
    assert bumped == [("news",)]
    first = item.published_at
    item = services.item_pin(actor=secretariat, item=item)
    assert item.pinned
    with pytest.raises(ConflictError):
        services.item_pin(actor=secretariat, item=item)
    item = services.item_pin(actor=secretariat, item=item, pinned=False)
    item = services.item_unpublish(actor=secretariat, item=item)
    assert item.status == Status.DRAFT
    with pytest.raises(ConflictError):
        services.item_unpublish(actor=secretariat, item=item)
    item = services.item_publish(actor=secretariat, item=item)
    assert item.published_at == first
    assert audit_actions(item) == [
        "news.create", "news.publish", "news.pin", "news.unpin", "news.unpublish", "news.publish"
    ]  # fmt: skip


def test_observers_and_staff_of_the_territory_read_drafts_but_not_elsewhere(
    ru_item, region_observer, operator, aiyrtau_head
):
    assert permissions.can_view(region_observer, ru_item)
    assert permissions.can_view(operator, ru_item)
    assert not permissions.can_view(aiyrtau_head, ru_item)
    assert not permissions.can_edit(region_observer, ru_item)
    assert not permissions.can_view(None, ru_item)


# --- photos --------------------------------------------------------------------------------------


def test_a_photo_needs_a_description_in_each_language_of_the_item(full_item, secretariat):
    with pytest.raises(ValidationError) as caught:
        services.photo_add(
            actor=secretariat, item=full_item, file=io.BytesIO(png()), name="p.png", alts={"ru": "Дорога", "en": "Road"}
        )
    assert set(caught.value.message_dict) == {"alt_kk"}
    assert not Photo.objects.exists()


def test_a_photo_is_checked_by_content_and_re_encoded_without_metadata(ru_item, secretariat):
    photo = services.photo_add(
        actor=secretariat, item=ru_item, file=io.BytesIO(jpeg_with_exif()), name="road.jpg", alts={"ru": "Дорога"}
    )
    assert (photo.width, photo.height) == (50, 40)
    with photo.file.open("rb") as handle:
        image = Image.open(handle)
        assert image.format == "JPEG"
        assert not dict(image.getexif())
    assert "news.photo_add" in audit_actions(ru_item)


def test_a_renamed_non_image_is_refused(ru_item, secretariat):
    with pytest.raises(ValidationError) as caught:
        services.photo_add(
            actor=secretariat,
            item=ru_item,
            file=io.BytesIO(b"%PDF-1.4 not a photo"),
            name="photo.jpg",
            alts={"ru": "x"},
        )
    assert "photo" in caught.value.message_dict
    assert not Photo.objects.exists()


def test_a_published_item_needs_its_photos_described_in_a_language_added_later(ru_item, secretariat):
    services.photo_add(actor=secretariat, item=ru_item, file=io.BytesIO(png()), name="p.png", alts={"ru": "Дорога"})
    item = services.item_publish(actor=secretariat, item=ru_item)
    with pytest.raises(ValidationError) as caught:
        services.item_update(actor=secretariat, item=item, draft=draft(**ALL))
    assert "photos" in caught.value.message_dict
    item.refresh_from_db()
    assert item.languages == ["ru"]


def test_a_draft_with_an_undescribed_photo_is_not_published(ru_item, secretariat):
    services.photo_add(actor=secretariat, item=ru_item, file=io.BytesIO(png()), name="p.png", alts={"ru": "Дорога"})
    services.item_update(actor=secretariat, item=ru_item, draft=draft(**ALL))
    with pytest.raises(ValidationError):
        services.item_publish(actor=secretariat, item=ru_item)
    ru_item.refresh_from_db()
    assert ru_item.status == Status.DRAFT


# --- links ---------------------------------------------------------------------------------------


@pytest.fixture
def instruction(akzhar_construction):
    from openakimat.api.tests.test_authz_matrix import instruction_for

    return instruction_for(akzhar_construction)


def test_an_item_links_to_an_instruction_by_its_number(ru_item, secretariat, instruction):
    link = services.link_add(
        actor=secretariat, item=ru_item, kind="control.instruction", reference=instruction.number.lower()
    )
    assert link.object_id == instruction.pk
    resolved = links.resolve([link])
    assert resolved[0].url == f"/en/control/instructions/i/{instruction.number}/" or resolved[0].url.endswith(
        f"/control/instructions/i/{instruction.number}/"
    )
    with pytest.raises(ValidationError):
        services.link_add(actor=secretariat, item=ru_item, kind="control.instruction", reference=instruction.number)
    with pytest.raises(ValidationError) as caught:
        services.link_add(actor=secretariat, item=ru_item, kind="control.instruction", reference="NO-SUCH")
    assert "reference" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.link_add(actor=secretariat, item=ru_item, kind="nowhere.thing", reference="1")
    assert "kind" in caught.value.message_dict
    services.link_remove(actor=secretariat, link=link)
    assert not Link.objects.exists()
    assert audit_actions(ru_item)[-2:] == ["news.link_add", "news.link_remove"]


def test_the_known_kinds_are_registered_and_meetings_waits_for_its_app():
    names = {k.name for k in links.registered()}
    assert {"control.instruction", "budget.project"} <= names
    assert ("meetings.meeting" in names) == __import__("django.apps").apps.apps.is_installed("openakimat.meetings")


def test_a_link_whose_record_is_gone_is_left_out(ru_item, instruction):
    link = Link.objects.create(item=ru_item, kind="control.instruction", object_id=instruction.pk + 1000)
    assert links.resolve([link]) == []
    assert Instruction.objects.filter(pk=instruction.pk).exists()


def test_an_app_not_installed_is_not_registered_by_its_label():
    assert links.register_by_label("nowhere.thing", "nowhere.Thing", "Thing", "nowhere:detail") is None
    assert links.get("nowhere.thing") is None

"""The akimat's admin form offers every field its akim or administrator may change, once."""

from django.contrib import admin

from openakimat.territory.models import Akimat
from openakimat.territory.services import AKIMAT_EDITABLE_FIELDS


def test_the_admin_groups_exactly_the_editable_fields_of_an_akimat():
    model_admin = admin.site._registry[Akimat]
    shown = [name for _title, options in model_admin.fieldsets for name in options["fields"]]
    assert len(shown) == len(set(shown))
    assert set(shown) - set(model_admin.readonly_fields) == AKIMAT_EDITABLE_FIELDS

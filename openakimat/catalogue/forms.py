from django import forms
from django.utils.translation import gettext_lazy as _

from openakimat.territory.models import DepartmentKind


class ServiceSearchForm(forms.Form):
    q = forms.CharField(label=_("Service name"), max_length=100, required=False)
    department_kind = forms.ChoiceField(
        label=_("Department"), required=False, choices=[("", _("All departments")), *DepartmentKind.choices]
    )

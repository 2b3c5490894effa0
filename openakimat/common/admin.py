"""Admin pages that save through service functions, like every other interface."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .forms import add_service_errors


class ServiceAdminMixin:
    """Admin saves call `call_service`, never `obj.save()`. The form runs the same call in a
    transaction that is rolled back, so that whatever the service refuses shows on the form as
    an error instead of failing the save."""

    def call_service(self, request: HttpRequest, form: ModelForm, obj: Any, change: bool) -> models.Model:
        raise NotImplementedError

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        admin = self

        class ServiceValidatedForm(base):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                if not self.errors:
                    try:
                        with transaction.atomic():
                            admin.call_service(request, self, obj, change)
                            transaction.set_rollback(True)
                    except ValidationError as exc:
                        add_service_errors(self, exc)
                    except PermissionDenied as exc:
                        self.add_error(None, str(exc) or _("You do not have permission to do this."))
                return cleaned

        return ServiceValidatedForm

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        saved = self.call_service(request, form, obj, change)
        # The admin goes on with `obj` (its log entry, the redirect): make it the saved object.
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if k != "_state"})
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        """Related objects change through their own admin pages and services."""

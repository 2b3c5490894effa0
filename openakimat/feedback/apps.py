from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "openakimat.feedback"
    label = "feedback"
    verbose_name = _("Residents' feedback")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openakimat.applications import hooks

        from . import panels_ratings, ratings_figures
        from .apps_comments import register_comments
        from .navigation import register_staff_nav
        from .services import ratings

        register_staff_nav()
        # Ratings (docs/ratings.md): the panels, the published figures, the SMS offer at issue.
        panels_ratings.register()
        ratings_figures.register()
        ratings.register_kinds()
        hooks.on_move(ratings.on_application_move)
        # Residents' comments: the menu entry, and a block on each commented page of the apps below.
        register_comments()

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from config.api import api, api_not_found
from openakimat.web.health import healthz
from openakimat.web.security_txt import security_txt

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(".well-known/security.txt", security_txt, name="security-txt"),
    path("api/v1/", api.urls),
    path("open311/v2/", include("openakimat.open311.urls")),
    re_path(r"^api/", api_not_found),
    path("admin/", admin.site.urls),
    # The comment form's self-hosted CAPTCHA images (no language prefix: they carry no words).
    path("captcha/", include("captcha.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("openakimat.web.urls")),
    path("staff/", include("openakimat.accounts.urls")),
    path("services/", include("openakimat.catalogue.urls")),
    path("staff/cases/", include("openakimat.applications.urls_staff")),
    path("", include("openakimat.applications.urls_public")),
    path("budget/", include("openakimat.budget.urls")),
    path("control/", include("openakimat.control.urls_public")),
    path("staff/instructions/", include("openakimat.control.urls_staff")),
    path("receptions/", include("openakimat.receptions.urls_public")),
    path("staff/receptions/", include("openakimat.receptions.urls_staff")),
    path("problems/", include("openakimat.problems.urls_public_list")),
    path("problems/", include("openakimat.problems.urls")),
    path("staff/problems/", include("openakimat.problems.urls_staff")),
    path("developers/open311/keys/", include("openakimat.open311.urls_keys")),
    path("staff/appeals/", include("openakimat.appeals.urls_staff")),
    path("appeals/", include("openakimat.appeals.urls_public")),
    path("meetings/", include("openakimat.meetings.urls_public")),
    path("staff/meetings/", include("openakimat.meetings.urls_staff")),
    path("corruption/", include("openakimat.feedback.urls_corruption")),
    path("staff/corruption/", include("openakimat.feedback.urls_corruption_staff")),
    path("ratings/", include("openakimat.feedback.urls_ratings")),
    path("staff/ratings/", include("openakimat.feedback.urls_ratings_staff")),
    path("comments/", include("openakimat.feedback.urls_comments")),
    path("staff/comments/", include("openakimat.feedback.urls_comments_staff")),
    path("calendar/", include("openakimat.agenda.urls")),
    path("news/", include("openakimat.news.urls_public")),
    path("staff/news/", include("openakimat.news.urls_staff")),
    path("queue/booking/", include("openakimat.queueing.urls_booking")),
    path("queue/", include("openakimat.queueing.urls_public")),
    path("staff/queue/figures/", include("openakimat.queueing.urls_figures")),
    path("staff/queue/", include("openakimat.queueing.urls_staff")),
    path("data/", include("openakimat.accountability.urls_data")),
    prefix_default_language=True,
)

handler400 = "openakimat.common.badrequest.bad_request"
handler404 = "openakimat.web.views.page_not_found"
handler500 = "openakimat.web.views.server_error"

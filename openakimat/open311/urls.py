from django.urls import re_path

from . import views, views_requests

app_name = "open311"
FMT = r"\.(?P<fmt>json|xml)$"
urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="services"),
    re_path(r"^services/(?P<service_code>[A-Za-z0-9_-]{1,40})" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views_requests.requests, name="requests"),
    re_path(r"^requests/(?P<request_id>[A-Za-z0-9-]{1,24})" + FMT, views_requests.request_detail, name="request"),
    # FixMyStreet's extension, polled by its apps and by FixMyStreet itself.
    re_path(r"^servicerequestupdates" + FMT, views_requests.updates, name="updates"),
]

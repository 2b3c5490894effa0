"""The baseline: a bare Django view that answers "hello", served by the same gunicorn settings as
the project in benchmarks/soak_bench.py. Its rate is the ceiling of the stack on this machine,
and a page's share of it is the figure worth recording (docs: benchmarks/RESULTS.md).

    gunicorn benchmarks.soak.hello:application
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="hello-baseline-only",  # noqa: S106 - serves one constant page
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("", hello), path("healthz", hello)]

application = get_wsgi_application()

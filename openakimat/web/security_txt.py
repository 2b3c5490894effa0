"""`/.well-known/security.txt` (RFC 9116): where a finder of a vulnerability in this deployment
reports it privately. The contact belongs to whoever runs the deployment, so it is a setting
(`SECURITY_CONTACT`); without one the file does not exist (404) and `check --deploy` warns
(openakimat.W002). docs/security.md, "Reporting a vulnerability"."""

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

# RFC 9116 asks for an expiry under a year ahead, so a forgotten file stops being trusted. The file
# is written on each request from the settings, so it never goes stale: half a year ahead.
EXPIRES_AFTER = timedelta(days=182)


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    contacts = [c.strip() for c in settings.SECURITY_CONTACT.split(",") if c.strip()]
    if not contacts:
        raise Http404
    expires = (timezone.now() + EXPIRES_AFTER).replace(microsecond=0)
    lines = [f"Contact: {contact}" for contact in contacts]
    lines.append(f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append("Preferred-Languages: kk, ru, en")
    lines.append(f"Canonical: {request.build_absolute_uri()}")
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response

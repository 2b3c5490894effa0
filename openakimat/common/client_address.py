"""The client's address as the app should believe it, for login throttling and rate limits."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless PROXY_COUNT trusted reverse proxies stand in front of the app: then the
    address that the outermost of them saw, read from X-Forwarded-For counting from the right.
    Entries further left are written by the client and never trusted."""
    proxies = settings.PROXY_COUNT
    if proxies > 0:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR", "")

"""What a cache server that is away looks like to the code that uses it.

Django's Redis cache raises redis-py's errors (a `ConnectionError` when Redis is down, a
`TimeoutError` when it does not answer) rather than one of its own, so code that must decide what
to do without the cache (the rate limiters, the audit sealer's flag) catches `CACHE_ERRORS`."""

try:
    from redis.exceptions import RedisError
except ImportError:  # a deployment without Redis: only the socket errors of other backends
    CACHE_ERRORS: tuple[type[Exception], ...] = (OSError,)
else:
    CACHE_ERRORS = (RedisError, OSError)

REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
# Seconds to wait for Redis to connect and to answer: a Redis that stops answering costs a request
# this long, never hangs it. `?socket_timeout=…&socket_connect_timeout=…` in CACHE_URL overrides them.
REDIS_TIMEOUT = 2


def with_timeouts(config: dict) -> dict:
    """A cache's settings (as django-environ reads them from CACHE_URL) with the Redis timeouts
    filled in where the URL names none."""
    if config.get("BACKEND") == REDIS_BACKEND:
        options = config.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", REDIS_TIMEOUT)
        options.setdefault("socket_timeout", REDIS_TIMEOUT)
    return config

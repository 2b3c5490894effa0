"""Settings for the test suite: the real settings with test-only speed-ups and no collectstatic."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# A fixed key, for tests only (a Fernet key: url-safe base64 of 32 bytes).
os.environ.setdefault("PERSONAL_DATA_KEYS", "dGVzdC1vbmx5LXBlcnNvbmFsLWRhdGEta2V5LTMyYiE=")

from .settings import *  # noqa: F403

# Hashed, compressed files need `collectstatic`; tests (and the live server) serve the sources.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Serve static files from the app folders, as in development, without a collected STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405 (each test gets its own: conftest.py)
# Tasks run in the test's own thread right after the commit, so tests see their outcome.
# (The Celery journey test starts a real worker with TEST_CELERY_BROKER_URL pointing at Redis.)
CELERY_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# A second alias of the same database, as a read replica would be (TEST MIRROR): unused unless a test
# lists it in DATABASE_REPLICAS (openakimat/common/tests/test_replicas.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# The page cache reads its generation from the cache on every request: the suite empties the cache
# between tests, and no test may be served a page another test's data made (openakimat/web/pagecache.py).
PAGE_CACHE_GENERATION_SECONDS = 0
# django-simple-captcha's test mode: the answer "PASSED" passes any challenge. Tests only.
CAPTCHA_TEST_MODE = True

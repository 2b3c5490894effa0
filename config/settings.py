"""Open Akimat settings: one module, configured from the environment.

Every variable is documented in docs/configuration.md. Defaults are for a developer's machine
(SQLite, DEBUG on); production sets DEBUG=false and the secrets, and `manage.py check --deploy`
stays silent.
"""

from pathlib import Path

import environ
import xstatic.pkg.leaflet
from celery.schedules import crontab

from openakimat.common.cache import with_timeouts

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; the real environment wins

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-dev-only-key-change-me-0123456789abcdefghijklmnop" if DEBUG else "",
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see docs/configuration.md).")

# Keys that encrypt residents' personal data at rest (openakimat/common/crypto.py): Fernet keys,
# separated by commas; the first encrypts, all decrypt (rotation: docs/security.md). Empty: a key
# derived from SECRET_KEY, for development only (`check --deploy` refuses it: openakimat.E005).
PERSONAL_DATA_KEYS = env.list("PERSONAL_DATA_KEYS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "openakimat.accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ninja",
    "captcha",
    "openakimat.common",
    "openakimat.integrity",
    "openakimat.territory",
    "openakimat.accounts",
    "openakimat.catalogue",
    "openakimat.control",
    "openakimat.applications",
    "openakimat.problems",
    "openakimat.notifications",
    "openakimat.open311",
    "openakimat.budget",
    "openakimat.receptions",
    "openakimat.appeals",
    "openakimat.news",
    "openakimat.agenda",
    "openakimat.meetings",
    "openakimat.queueing",
    "openakimat.feedback",
    "openakimat.accountability",
    "openakimat.api",
    "openakimat.web",
    "openakimat.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "openakimat.common.replicas.ReplicaReadsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "openakimat.web.pagecache.PageCacheMiddleware",
    "openakimat.budget.answers.AnswerCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "openakimat.web.language.RememberLanguageMiddleware",
    "openakimat.api.middleware.ApiMiddleware",
    "openakimat.api.cors.OpenDataCorsMiddleware",  # read-only open data for other sites' pages
    "openakimat.common.unavailable.DatabaseUnavailableMiddleware",
    "openakimat.common.upload_limits.UploadLimitMiddleware",  # before anything reads a form
    "openakimat.common.middleware.RequestDecodingMiddleware",  # NUL, invalid UTF-8, too large
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "openakimat.accounts.middleware.StaffSessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "openakimat" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openakimat.web.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database serves a web server and its in-process tasks at once: write-ahead
    # logging lets readers go on beside the writer, IMMEDIATE transactions take the write lock at
    # BEGIN (so two writers queue instead of one failing mid-transaction), and a busy writer is
    # waited for instead of answered with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Persistent connections: opening a PostgreSQL connection per request made a tracking look-up 3-4
# times slower (docs/configuration.md). SQLite opens a local file: there is nothing to save.
_postgres = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60 if _postgres else 0))
# A kept connection is checked before a request reuses it, so that after a database restart no
# request fails on a connection the restart closed.
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=True))
# Read replicas of PostgreSQL (streaming replication, set up outside the app): anonymous reads of the
# public register, territories and budgets may go to them; everything else reads and writes the
# primary (openakimat/common/replicas.py, docs/deploy.md).
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = env.db_url_config(_url)
    DATABASES[_alias]["ATOMIC_REQUESTS"] = False
    DATABASES[_alias].setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES[_alias].setdefault("CONN_HEALTH_CHECKS", DATABASES["default"]["CONN_HEALTH_CHECKS"])
    DATABASE_REPLICAS.append(_alias)
# The apps whose tables a replica may answer for; never sessions, accounts or residents' cases.
DATABASE_REPLICA_APPS = ["territory", "catalogue", "budget"]
DATABASE_ROUTERS = ["openakimat.common.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# With Redis, timeouts so that a Redis that stops answering costs a request seconds, never hangs it
# (docs/configuration.md, "When Redis is down").
CACHES = {"default": with_timeouts(env.cache("CACHE_URL", default=env.str("REDIS_URL", default="locmemcache://")))}

# Whole public pages in that cache (openakimat/web/pagecache.py): the views whose anonymous GETs may be
# kept, with how many seconds at most; the apps whose tables, when written to, make kept pages stale
# are in PAGE_CACHE_REALMS below. PAGE_CACHE_SECONDS=0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_VIEWS = dict.fromkeys(
    (
        "home",
        "region-service-akimats",
        "akimat-detail",
        "service-list",
        "service-situations",
        "budget:index",
        "budget:territory",
        "budget:territory-table",
        "budget:territory-embed",
        "budget:glossary",
        "budget:compare-years",
        "budget:compare-places",
        "budget:search",
        "budget:project",
    ),
    PAGE_CACHE_SECONDS,
)
# The open-data catalogue (openakimat/accountability) shows every dataset's last change: it reads
# the register's and the meetings' realms, and the front office's figures (no realm) make it kept for
# five minutes at most.
PAGE_CACHE_VIEWS.update(dict.fromkeys(("data:index", "data:dataset"), min(PAGE_CACHE_SECONDS, 300)))
# The service page also shows the front office's figures, which change without a write to the
# register: kept for two minutes at most.
PAGE_CACHE_VIEWS["service-detail"] = min(PAGE_CACHE_SECONDS, 120)
# The apps whose tables, when written to, make kept pages stale, in realms with a generation each: the
# reference data changes seldom; the problem register's work (instructions, reports, receptions,
# appeals) often, and only the pages that read it (PAGE_CACHE_VIEW_REALMS) go stale with it.
PAGE_CACHE_REALMS = {
    "reference": ["territory", "catalogue", "budget"],
    "register": ["control", "problems", "receptions", "appeals", "meetings"],
    # Meetings alone too: the home page and an akimat's page show the meetings live now, and go
    # stale with a meeting's change, not with every problem report.
    "meetings": ["meetings"],
    # The akimats' news (openakimat/news): a realm of its own, so that a news item makes the home pages
    # (which show the pinned announcements) stale without every problem report doing so.
    "news": ["news"],
    # Residents' comments (openakimat/feedback): the pages that show them go stale with a decision.
    "comments": ["feedback"],
}
# The problem register's public pages, kept at most five minutes: whether an instruction is overdue
# changes with the day, without a write.
REGISTER_PAGE_VIEWS = (
    "control:register",
    "control:akimat-register",
    "control:detail",
    "problem_map:list",
    "problem_map:geojson",
    "problem_map:rss",
    "problem_map:atom",
    "problem_map:area-rss",
    "problem_map:area-atom",
    "problems:report",
    "receptions:schedule",
    "appeals:list",
    "appeals:detail",
    # Meetings' public pages; each is kept only until its next "live now" badge appears or goes
    # (meetings/live.py, common.datageneration.keep_page_until).
    "meetings:list",
    "meetings:detail",
    "meetings:asked",
    # The public calendar (openakimat/agenda) and its iCalendar feeds: receptions and the other
    # sources' events are all in the register realm.
    "agenda:index",
    "agenda:akimat",
    "agenda:feed",
    "agenda:kind-feed",
    "news:list",
    "news:akimat",
    "news:item",
    "news:rss",
    "news:atom",
    "news:akimat-rss",
    "news:akimat-atom",
)
PAGE_CACHE_VIEWS.update(dict.fromkeys(REGISTER_PAGE_VIEWS, min(PAGE_CACHE_SECONDS, 300)))
PAGE_CACHE_VIEW_REALMS: dict[str, tuple[str, ...]] = dict.fromkeys(REGISTER_PAGE_VIEWS, ("reference", "register"))
# The news pages read the news and, for what an item concerns, the register.
NEWS_PAGE_VIEWS = tuple(name for name in REGISTER_PAGE_VIEWS if name.startswith("news:"))
PAGE_CACHE_VIEW_REALMS.update(dict.fromkeys(NEWS_PAGE_VIEWS, ("reference", "register", "news")))
# The home page and an akimat's page show the meetings live now and the pinned announcements: a
# meeting published, moved or cancelled, or a news item pinned, shows at once.
PAGE_CACHE_VIEW_REALMS.update(dict.fromkeys(("home", "akimat-detail"), ("reference", "meetings", "news")))
PAGE_CACHE_VIEW_REALMS.update(dict.fromkeys(("data:index", "data:dataset"), ("reference", "register", "meetings")))
# The pages that show residents' comments (docs/comments.md) go stale with the comments too.
for _name in ("budget:project", "control:detail", "problems:report", "meetings:detail", "news:item"):
    PAGE_CACHE_VIEW_REALMS[_name] = (*PAGE_CACHE_VIEW_REALMS.get(_name, ("reference",)), "comments")
# Each process also keeps its most recent pages in memory and reads the generation from the shared
# cache at most this often: a change made through another server shows within these seconds.
PAGE_CACHE_GENERATION_SECONDS = env.float("PAGE_CACHE_GENERATION_SECONDS", default=1.0)
PAGE_CACHE_LOCAL_ENTRIES = env.int("PAGE_CACHE_LOCAL_ENTRIES", default=200)
# The budget API's answers (openakimat/budget/answers.py) are made once per data generation and kept
# this long at most; 0 turns that off (the ETags stay). Larger answers (a big export) are not kept.
BUDGET_ANSWER_CACHE_SECONDS = env.int("BUDGET_ANSWER_CACHE_SECONDS", default=PAGE_CACHE_SECONDS)
BUDGET_ANSWER_MAX_BYTES = env.int("BUDGET_ANSWER_MAX_BYTES", default=4 * 1024 * 1024)

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Open Akimat <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so that locked-out sign-ins stop here
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff-login"
LOGIN_REDIRECT_URL = "staff-home"

# Staff must confirm a TOTP code after the password. Only a development machine turns this off.
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Open Akimat")

# A staff sign-in ends after this long without a request, and after this long in any case; the
# staff member signs in again. Residents' sessions (no account) are not touched.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.int("STAFF_SESSION_MAX_HOURS", default=12)

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
PROXY_COUNT = env.int("PROXY_COUNT", default=0)  # trusted reverse proxies in front of the app
AXES_CLIENT_IP_CALLABLE = "openakimat.common.client_address.client_ip"
AXES_VERBOSE = False
# Failed staff sign-ins per client address, whatever the usernames, in a window of this many
# minutes; then the sign-in form answers 429 from that address until the window ends. Axes (above)
# stops guessing one account; this stops one address trying a password on many (credential
# spraying). Generous, because a whole office may share one address: a handful of colleagues'
# typos is far below it (docs/configuration.md). 0 switches it off.
STAFF_SIGN_IN_FAILURES_PER_ADDRESS = env.int("STAFF_SIGN_IN_FAILURES_PER_ADDRESS", default=30)
STAFF_SIGN_IN_WINDOW_MINUTES = env.int("STAFF_SIGN_IN_WINDOW_MINUTES", default=15)

# Internationalisation: Kazakh is the state language and the default.
LANGUAGE_CODE = "kk"
# Django has no Kazakh number formats: openakimat/formats/kk groups digits with spaces.
FORMAT_MODULE_PATH = ["openakimat.formats"]
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "openakimat" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

# Static files: hashed and compressed by whitenoise, served by the app itself (no CDN).
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "openakimat" / "static",
    ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
]
# Uploaded files: on this server's disk (STORAGE_BACKEND=local), or in any S3-compatible object
# store (STORAGE_BACKEND=s3). Either way no file gets a public address: residents' documents reach
# staff only through the view that checks the case, project files through the budget pages' view.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")
_media_storage: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
_private_storage: dict[str, object] = {"BACKEND": "openakimat.common.storage.PrivateStorage"}
if STORAGE_BACKEND == "s3":
    _s3 = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
        "signature_version": "s3v4",
        "default_acl": None,  # no ACL header: objects stay as private as the bucket (never public-read)
        "querystring_auth": True,  # any address handed out is signed and expires
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=600),
        "file_overwrite": False,
    }
    _media_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3, "location": "media"}}
    _private_storage = {
        "BACKEND": "openakimat.common.storage_s3.PrivateS3Storage",
        "OPTIONS": {**_s3, "location": "private"},
    }
elif STORAGE_BACKEND != "local":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("STORAGE_BACKEND must be 'local' or 's3' (see docs/configuration.md).")
STORAGES = {
    "default": _media_storage,
    "private": _private_storage,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Source maps are for developers: hashed like the rest but not worth compressing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "tbz",
    "xz",
    "br",
    "swf",
    "flv",
    "woff",
    "woff2",
    "3gp",
    "3gpp",
    "asf",
    "avi",
    "m4v",
    "mov",
    "mp4",
    "mpeg",
    "mpg",
    "webm",
    "wmv",
    "map",
]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Residents' documents: outside the web root and outside MEDIA_ROOT, served only through a view that
# checks the staff member may see the case.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # a larger upload goes to a temporary file, not to memory
# One request's files together (docs/security.md, "Bad input"): beyond it the request is refused
# with 413 and nothing past the cap is read (a view with its own `upload_limit`, the budget import,
# keeps that larger cap). As nginx's default: 5 documents of UPLOAD_MAX_BYTES. At most
# DATA_UPLOAD_MAX_NUMBER_FILES files in one request.
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=5 * UPLOAD_MAX_BYTES)
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=20)

# Budget imports (docs/budget-import.md, "Limits"): the upload, the members of a Fiscal Data
# Package .zip and what they unpack to (counted from the bytes read, not from what the .zip
# declares), and the rows. nginx takes BUDGET_IMPORT_MAX_BYTES + 1 MiB at /admin/ (render.sh).
BUDGET_IMPORT_MAX_BYTES = env.int("BUDGET_IMPORT_MAX_BYTES", default=64 * 1024 * 1024)
BUDGET_IMPORT_MAX_ZIP_MEMBERS = env.int("BUDGET_IMPORT_MAX_ZIP_MEMBERS", default=50)
BUDGET_IMPORT_MAX_UNPACKED_BYTES = env.int("BUDGET_IMPORT_MAX_UNPACKED_BYTES", default=256 * 1024 * 1024)
BUDGET_IMPORT_MAX_MEMBER_BYTES = env.int("BUDGET_IMPORT_MAX_MEMBER_BYTES", default=128 * 1024 * 1024)
BUDGET_IMPORT_MAX_ROWS = env.int("BUDGET_IMPORT_MAX_ROWS", default=1_000_000)

# Notifications to residents. SMS_BACKEND is "log" (development: the message goes to the log with
# the number masked) or "http" (a gateway that takes a JSON POST; see docs/configuration.md).
# Where a vulnerability in this deployment is reported privately, served as
# /.well-known/security.txt (RFC 9116): "mailto:security@akimat.example.kz" or an https address;
# several separated by commas. Empty: no file, and `check --deploy` warns (openakimat.W002).
SECURITY_CONTACT = env.str("SECURITY_CONTACT", default="")
SECURITY_POLICY_URL = env.str("SECURITY_POLICY_URL", default="")
SMS_BACKEND = env.str("SMS_BACKEND", default="log")
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=5.0)
SMS_SENDER = env.str("SMS_SENDER", default="OpenAkimat")
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=8)
# The public address of the site, without a trailing slash: the SMS link to a case and the desk
# receipt (its printed address and QR code) point there. Set it in production.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
# A resident's withdrawal on the tracking page is confirmed with a code sent by SMS: how long it
# lasts, how many wrong tries it takes, and how many codes one case may get in an hour.
WITHDRAWAL_CODE_MINUTES = env.int("WITHDRAWAL_CODE_MINUTES", default=10)
WITHDRAWAL_CODE_ATTEMPTS = env.int("WITHDRAWAL_CODE_ATTEMPTS", default=5)
WITHDRAWAL_CODES_PER_HOUR = env.int("WITHDRAWAL_CODES_PER_HOUR", default=3)

# Background work (Celery). In production a broker (Redis) carries tasks to `make worker`, and
# `make beat` starts the periodic ones. Without a broker, tasks run eagerly: in process, right after
# the commit that queued them (the embedded `make run` mode and the tests).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task a worker dies in is given to another
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs: one entry per job, naming a task of the app that owns it. The sweeps redo what a
# lost task or a crashed worker left in the database.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "send-due-notifications": {"task": "openakimat.notifications.tasks.sweep_notifications", "schedule": 60.0},
    "seal-audit": {"task": "openakimat.integrity.tasks.seal_audit", "schedule": 60.0},
    "sweep-apply-drafts": {"task": "openakimat.applications.tasks.sweep_drafts", "schedule": 900.0},
    # Execution control: reminders before a deadline and the alert to the head once it has passed.
    "control-deadlines": {"task": "openakimat.control.tasks.sweep_deadlines", "schedule": 3600.0},
    # The day-before SMS to residents signed up for a reception; each is sent once, so running it
    # every half hour only catches the sign-ups confirmed since.
    "reception-reminders": {"task": "openakimat.receptions.tasks.send_reminders", "schedule": 1800.0},
    "problems-forget-unconfirmed": {
        "task": "openakimat.problems.tasks.forget_unconfirmed_contacts",
        "schedule": 3600.0,
    },
    "meeting-question-contacts": {"task": "openakimat.meetings.tasks.forget_question_contacts", "schedule": 3600.0},
    # The queue: bookings not checked in lapse, unconfirmed ones free their seats (every 5 minutes);
    # at 00:05 local time the tickets the day before left open are closed.
    "queue-bookings": {"task": "openakimat.queueing.tasks.sweep_bookings", "schedule": 300.0},
    "queue-close-day": {"task": "openakimat.queueing.tasks.close_day", "schedule": crontab(hour=0, minute=5)},
}
# Execution control reminds the responsible official this many days before an instruction's deadline.
CONTROL_REMINDER_DAYS = env.int("CONTROL_REMINDER_DAYS", default=3)

# Open budgets: execution (paid ÷ adjusted plan) against the share of the year gone by. Below
# CAUTION × that share the budget is "caution"; above OVERRUN × the plan it is "overrun".
BUDGET_EXECUTION_CAUTION = env.float("BUDGET_EXECUTION_CAUTION", default=0.8)
BUDGET_EXECUTION_OVERRUN = env.float("BUDGET_EXECUTION_OVERRUN", default=1.0)

# The monthly calculation index (МРП, месячный расчетный показатель) in tenge per year: state duties
# are set in МРП, and the register shows their amount in tenge for the current year. Each year's
# figure is fixed by the law on the republican budget: 3,450 ₸ in 2023, 3,692 ₸ in 2024, 3,932 ₸ in
# 2025, 4,325 ₸ in 2026. Add next year's as `MRP_BY_YEAR=2025=3932,2026=4325,2027=…` (the variable
# replaces the whole table); a year without a figure uses the latest earlier one.
MRP_BY_YEAR = {
    int(year): int(amount)
    for year, amount in env.dict(
        "MRP_BY_YEAR", default={"2023": "3450", "2024": "3692", "2025": "3932", "2026": "4325"}
    ).items()
}

# Online submissions per client address per hour (the web form and the API share the budget).
SUBMISSION_RATE_PER_HOUR = env.int("SUBMISSION_RATE_PER_HOUR", default=20)
# Tickets a hardware kiosk (one address) may take through the queue API in an hour (0: no limit).
QUEUE_KIOSK_TICKETS_PER_HOUR = env.int("QUEUE_KIOSK_TICKETS_PER_HOUR", default=600)
# Requests for self-service Open311 keys per client address per hour (docs/open311.md).
OPEN311_KEY_SIGNUPS_PER_HOUR = env.int("OPEN311_KEY_SIGNUPS_PER_HOUR", default=5)
# Wrong number-and-code pairs on the tracking page per client address per hour, then 429.
TRACKING_FAILURES_PER_HOUR = env.int("TRACKING_FAILURES_PER_HOUR", default=30)
# Queue tickets one client address (the hall's kiosk) may take in ten minutes (docs/queue.md).
QUEUE_KIOSK_TICKETS_PER_10_MINUTES = env.int("QUEUE_KIOSK_TICKETS_PER_10_MINUTES", default=60)

# Map: no tile server by default, so the maps work offline. A tile URL template such as
# https://tiles.example.kz/{z}/{x}/{y}.png switches a base layer on.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")

# Security: secure by default, relaxed only by DEBUG for local http.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Meetings: the hosts whose video players a meeting page may embed (a broadcast or a recording);
# a link to any other host is shown as a plain link. Also the CSP's frame-src.
MEETING_EMBED_HOSTS = env.list(
    "MEETING_EMBED_HOSTS",
    default=["www.youtube-nocookie.com", "www.youtube.com", "player.vimeo.com", "rutube.ru"],
)
# Meetings: a hearing question's author contact is forgotten this many days after it is moderated.
MEETING_QUESTION_CONTACT_DAYS = env.int("MEETING_QUESTION_CONTACT_DAYS", default=30)

_tile_origin = ""
if MAP_TILE_URL:
    from urllib.parse import urlsplit

    _parts = urlsplit(MAP_TILE_URL.replace("{s}", "a"))
    _tile_origin = f"{_parts.scheme}://{_parts.netloc}".replace("://a.", "://*.")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"] + ([_tile_origin] if _tile_origin else []),
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "connect-src": ["'self'"],
        # Players of meeting broadcasts, from the allowed hosts only (meetings.models.embed_url).
        "frame-src": [f"https://{host}" for host in MEETING_EMBED_HOSTS] or ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# API
NINJA_PAGINATION_PER_PAGE = 50
NINJA_MAX_PER_PAGE_SIZE = 500

# Logging: to stderr; personal data must never be logged (see docs/configuration.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Residents' comments (docs/comments.md). Pre-moderation: a comment shows only once a moderator
# approved it; off, it shows at once and moderators hide afterwards.
COMMENTS_PREMODERATION = env.bool("COMMENTS_PREMODERATION", default=True)
COMMENTS_PER_HOUR = env.int("COMMENTS_PER_HOUR", default=10)
COMMENT_REPORTS_PER_HOUR = env.int("COMMENT_REPORTS_PER_HOUR", default=30)
COMMENT_REPORTS_TO_HIDE = 3
# django-simple-captcha, self-hosted: its images are made here, no outside service. A challenge
# lives half an hour (a comment takes a while to write).
CAPTCHA_TIMEOUT = 30
CAPTCHA_LENGTH = 5

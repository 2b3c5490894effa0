#!/usr/bin/env bash
# Print the nginx site file for Open Akimat: deploy/nginx/openakimat.conf.template with its ${OA_...}
# placeholders filled in from the environment (nginx's own $variables are left alone).
#
#   Required: OA_SERVER_NAME, OA_TLS_CERTIFICATE, OA_TLS_CERTIFICATE_KEY, OA_STATIC_ROOT
#   Optional (default): OA_HTTP_PORT (80), OA_HTTPS_PORT (443),
#     OA_ACCESS_LOG (/var/log/nginx/openakimat.access.log), OA_ERROR_LOG (/var/log/nginx/openakimat.error.log),
#     OA_APP_SERVERS ("server 127.0.0.1:8001;"), UPLOAD_MAX_BYTES (10485760, as the app's),
#     OA_FILES_PER_FORM (5), OA_CLIENT_MAX_BODY_SIZE (from the two before), BUDGET_IMPORT_MAX_BYTES (67108864, as
#     the app's), OA_ADMIN_MAX_BODY_SIZE (the larger of it and UPLOAD_MAX_BYTES, plus 1 MiB),
#     OA_IPV6 (on; off leaves out the IPv6 `listen` lines, for hosts and containers without IPv6)
#
# The deploy guide (docs/deploy.md) runs it with the values of /etc/openakimat/openakimat.env.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v envsubst >/dev/null || { echo "render.sh: envsubst is missing (apt-get install gettext-base)" >&2; exit 1; }

: "${OA_SERVER_NAME:?set OA_SERVER_NAME, the host name(s) of the site, e.g. akimat.example.kz}"
: "${OA_TLS_CERTIFICATE:?set OA_TLS_CERTIFICATE, the certificate chain (PEM)}"
: "${OA_TLS_CERTIFICATE_KEY:?set OA_TLS_CERTIFICATE_KEY, the private key of the certificate (PEM)}"
: "${OA_STATIC_ROOT:?set OA_STATIC_ROOT to STATIC_ROOT of the app}"
export OA_STATIC_ROOT="${OA_STATIC_ROOT%/}"
export OA_HTTP_PORT="${OA_HTTP_PORT:-80}"
export OA_HTTPS_PORT="${OA_HTTPS_PORT:-443}"
export OA_ACCESS_LOG="${OA_ACCESS_LOG:-/var/log/nginx/openakimat.access.log}"
export OA_ERROR_LOG="${OA_ERROR_LOG:-/var/log/nginx/openakimat.error.log}"
export OA_APP_SERVERS="${OA_APP_SERVERS:-server 127.0.0.1:8001;}"
# Room for a form's documents, each up to the app's UPLOAD_MAX_BYTES, plus 1 MiB for the rest of
# the form, rounded up to whole MiB: nginx lets through every document the app would accept.
upload_max="${UPLOAD_MAX_BYTES:-10485760}"
files="${OA_FILES_PER_FORM:-5}"
export OA_CLIENT_MAX_BODY_SIZE="${OA_CLIENT_MAX_BODY_SIZE:-$(((upload_max * files + 1048575) / 1048576 + 1))m}"
# The admin takes budget imports: the app's cap plus 1 MiB for the form, so that the app refuses a
# file just over its cap with its translated message, and nginx anything far larger.
budget_max="${BUDGET_IMPORT_MAX_BYTES:-67108864}"
admin_max=$((budget_max > upload_max ? budget_max : upload_max))
export OA_ADMIN_MAX_BODY_SIZE="${OA_ADMIN_MAX_BODY_SIZE:-$(((admin_max + 1048575) / 1048576 + 1))m}"

placeholders='${OA_SERVER_NAME} ${OA_TLS_CERTIFICATE} ${OA_TLS_CERTIFICATE_KEY} ${OA_STATIC_ROOT}
${OA_HTTP_PORT} ${OA_HTTPS_PORT} ${OA_ACCESS_LOG} ${OA_ERROR_LOG} ${OA_APP_SERVERS} ${OA_CLIENT_MAX_BODY_SIZE}
${OA_ADMIN_MAX_BODY_SIZE}'
site="$(envsubst "$placeholders" <"$here/openakimat.conf.template")"
if grep -Eq '\$\{OA_[A-Z_]+\}' <<<"$site"; then
  echo "render.sh: a placeholder was left unfilled:" >&2
  grep -Eo '\$\{OA_[A-Z_]+\}' <<<"$site" | sort -u >&2
  exit 1
fi
if [[ "${OA_IPV6:-on}" == off ]]; then
  site="$(grep -v 'listen \[::\]:' <<<"$site")"
fi
printf '# Written by deploy/nginx/render.sh from deploy/nginx/openakimat.conf.template.\n%s\n' "$site"

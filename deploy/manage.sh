#!/usr/bin/env bash
# manage.py with the production environment, as the app's user: deploy/manage.sh migrate
#   OPENAKIMAT_ENV   the environment file (default /etc/openakimat/openakimat.env)
#   OPENAKIMAT_USER  the user the services run as (default openakimat)
set -euo pipefail
app="$(cd "$(dirname "$0")/.." && pwd)"
envfile="${OPENAKIMAT_ENV:-/etc/openakimat/openakimat.env}"
user="${OPENAKIMAT_USER:-openakimat}"
[[ -r "$envfile" || "$(id -u)" == 0 ]] || { echo "manage.sh: cannot read $envfile" >&2; exit 1; }
# $0 is the environment file, $1 the app's folder, the rest manage.py's arguments.
run=(bash -c 'set -a; . "$0"; set +a; cd "$1" && shift && exec .venv/bin/python manage.py "$@"' "$envfile" "$app" "$@")
if [[ "$(id -un)" == "$user" ]]; then
  exec "${run[@]}"
fi
exec runuser -u "$user" -- "${run[@]}"

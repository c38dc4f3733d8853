#!/usr/bin/env bash
# The Debian package as a volunteer installs it (#25, part 1), run by .ci/run as root:
# build it with `cargo deb` (from the debug binary the tests built: packaging is what is
# tested here, not the compiler), install it with dpkg, check the user, folders and rights,
# verify the units with systemd-analyze, run the unit's ExecStart as the kwartier user with the
# settings file (there is no systemd as process 1 here) and ask /healthz, run the backup unit's
# command, stop with SIGTERM; the first admin, the restore and `migrate --check` as
# docs/operating.md tells a volunteer; then `dpkg -r` keeps the data and `dpkg -P` erases it.
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "package: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i)"
command -v cargo-deb >/dev/null || cargo install cargo-deb --version 3.8.0 --locked
[ -x target/debug/kwartier ] || cargo build --bin kwartier
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  pkill -u kwartier -x kwartier 2>/dev/null || true
  dpkg -P kwartier >/dev/null 2>&1 || true
  rm -rf "$work" /var/backups/kwartier
}
trap cleanup EXIT
dpkg -P kwartier >/dev/null 2>&1 || true
pkill -u kwartier -x kwartier 2>/dev/null || true

cargo deb --profile dev --no-build --no-strip -o "$work/kwartier.deb" 2>"$work/deb.log" \
  || { cat "$work/deb.log"; fail "cargo deb"; }
dpkg -i "$work/kwartier.deb" >/dev/null

getent passwd kwartier >/dev/null || fail "no kwartier user"
[ "$(stat -c '%a %U %G' /etc/kwartier/kwartier.env)" = "640 root kwartier" ] \
  || fail "settings file rights: $(stat -c '%a %U %G' /etc/kwartier/kwartier.env)"
[ "$(stat -c '%a %U' /var/lib/kwartier)" = "750 kwartier" ] || fail "data folder rights"
[ "$(stat -c '%U' /var/backups/kwartier)" = kwartier ] || fail "backup folder owner"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /lib/systemd/system/kwartier.service \
    /lib/systemd/system/kwartier-backup.service /lib/systemd/system/kwartier-backup.timer \
    || fail "systemd-analyze verify"
fi
unit=/lib/systemd/system/kwartier.service
for key in 'User=kwartier' 'ProtectSystem=strict' 'ReadWritePaths=/var/lib/kwartier' \
  'NoNewPrivileges=yes' 'PrivateTmp=yes' 'CapabilityBoundingSet=$' 'RestrictAddressFamilies=' \
  'Restart=on-failure'; do
  grep -q "^$key" "$unit" || fail "the unit lacks $key"
done

# The unit's command line, as the kwartier user, with the settings file's environment.
execstart=$(sed -n 's/^ExecStart=//p' "$unit")
port=$((20000 + RANDOM % 20000))
as_service() {
  (cd /var/lib/kwartier && set -a && . /etc/kwartier/kwartier.env && set +a \
    && KWARTIER_BIND=127.0.0.1:$port exec runuser -u kwartier -- env KWARTIER_BIND=127.0.0.1:$port "$@")
}
start_service() {
  as_service $execstart >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; fail "the service stopped"; }
    sleep 0.2
  done
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/server.log"; fail "no /healthz"; }
}
# SIGTERM to the server itself (runuser ends by the signal it passes on, whatever the server
# does): it must finish and say so.
stop_service() {
  local pid stops
  stops=$(grep -c "stopped" "$work/server.log" || true)
  pid=$(pgrep -n -u kwartier -x kwartier) || fail "no kwartier process of the kwartier user"
  kill -TERM "$pid"
  wait "$server" || true
  server=
  [ "$(grep -c "stopped" "$work/server.log" || true)" -gt "$stops" ] \
    || { tail -5 "$work/server.log"; fail "no clean stop on SIGTERM"; }
  ! kill -0 "$pid" 2>/dev/null || fail "still running after SIGTERM"
}
login_as_admin() {
  local token
  token=$(curl -fs -X POST -H 'content-type: application/json' \
    -d "{\"username\":\"beheer\",\"password\":\"$admin_password\"}" \
    "http://127.0.0.1:$port/api/v1/auth/login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || fail "the first admin cannot log in"
  curl -fs -H "authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/admin/settings" >/dev/null \
    || fail "the first admin is not the admin"
}
start_service
[ -f /var/lib/kwartier/kwartier.db ] || fail "no database in /var/lib/kwartier"
[ "$(stat -c '%U' /var/lib/kwartier/kwartier.db)" = kwartier ] || fail "database not the service's"
for doc in examples/Caddyfile examples/nginx.conf examples/grafana-dashboard.json operating.md; do
  [ -f "/usr/share/doc/kwartier/$doc" ] || fail "the package lacks /usr/share/doc/kwartier/$doc"
done
# The first admin, made as docs/operating.md says (section 5), at a terminal (`script` gives
# the command one): the password asked for twice, typed unseen.
# The answers come after the prompts, as a person types them (sent earlier, the terminal would
# still echo them before the command turns echo off).
admin_password='paarse fiets op het dak'
{ sleep 2; printf '%s\n' "$admin_password"; sleep 1; printf '%s\n' "$admin_password"; sleep 1; } | script -qec \
  "runuser -u kwartier -- env DATABASE_URL=sqlite:///var/lib/kwartier/kwartier.db kwartier user create beheer --admin" \
  /dev/null >"$work/admin.log" 2>&1 || { cat "$work/admin.log"; fail "making the first admin"; }
! grep -q "$admin_password" "$work/admin.log" || fail "the password was shown on the terminal"
login_as_admin
# After an upgrade (section 8): nothing is pending.
runuser -u kwartier -- env DATABASE_URL=sqlite:///var/lib/kwartier/kwartier.db kwartier migrate --check \
  >"$work/check.log" || { cat "$work/check.log"; fail "migrate --check after install"; }

# The backup unit's command, while the server runs: a copy in /var/backups/kwartier.
backup=/lib/systemd/system/kwartier-backup.service
start=$(sed -n "s/^ExecStart=//p" "$backup" | sed 's/%%/%/g')
(set -a && . /etc/kwartier/kwartier.env && BACKUP_DIR=/var/backups/kwartier KEEP_DAYS=14 && set +a \
  && runuser -u kwartier -- env DATABASE_URL="$DATABASE_URL" BACKUP_DIR="$BACKUP_DIR" \
     /bin/sh -c "$(echo "$start" | sed "s/^\/bin\/sh -c '//; s/'$//")")
copy=$(ls /var/backups/kwartier/kwartier-*.db 2>/dev/null | head -n1)
[ -n "$copy" ] || fail "no backup copy"
stop_service

# Restoring that copy as docs/operating.md says (section 7), then starting again: the admin
# made before the copy is there.
mkdir -p /var/lib/kwartier/before-restore
mv /var/lib/kwartier/kwartier.db* /var/lib/kwartier/before-restore/
install -o kwartier -g kwartier -m 0600 "$copy" /var/lib/kwartier/kwartier.db
start_service
login_as_admin
stop_service

dpkg -r kwartier >/dev/null
[ ! -e /usr/bin/kwartier ] || fail "the binary stayed after dpkg -r"
[ -f /var/lib/kwartier/kwartier.db ] || fail "dpkg -r took the data"
dpkg -P kwartier >/dev/null
[ ! -e /var/lib/kwartier ] || fail "dpkg -P left the data"
[ ! -e /etc/kwartier/kwartier.env ] || fail "dpkg -P left the settings"
echo "package: installs, serves as the kwartier user, makes the first admin, backs up, restores, stops on SIGTERM; remove keeps the data, purge erases it"

#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on 127.0.0.1 for the bank-transfer example's `pg` suites and prints
# its DATABASE_URL on stdout. Best effort: when PostgreSQL cannot be installed or started, it says
# why on stderr and prints nothing, and those suites skip (PGlite covers the same behaviour).
# Stop it with: .ci/postgres.sh stop <data-dir>
set -u

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "stop" ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] && [ -d "${2:-}" ] && as_postgres "$bin/pg_ctl" -D "$2" stop -m fast >/dev/null 2>&1
  exit 0
fi


if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgres.sh: PostgreSQL is not installed and this is not root: the pg suites will skip" >&2
    exit 0
  fi
  echo "postgres.sh: installing Debian's postgresql (apt-get)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! { timeout 300 apt-get -o DPkg::Lock::Timeout=120 update -qq &&
    timeout 600 apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends postgresql; } >&2; then
    echo "postgres.sh: apt-get could not install postgresql: the pg suites will skip" >&2
    exit 0
  fi
fi

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/tlkit-pg.XXXXXX)
port=54329
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
if ! as_postgres "$bin/initdb" -D "$dir" -U tlkit --auth=trust >"$dir.initdb.log" 2>&1 ||
  ! as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null 2>&1; then
  echo "postgres.sh: could not start PostgreSQL (see $dir.initdb.log, $dir/server.log): the pg suites will skip" >&2
  exit 0
fi
echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2
echo "postgres://tlkit@127.0.0.1:$port/postgres $dir"

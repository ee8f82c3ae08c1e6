#!/bin/sh
# Start a throwaway PostgreSQL cluster (as user postgres, on a free loopback port) and print its URL.
# Usage: eval "$(scripts/pg-cluster.sh start)"  → exports TEST_DATABASE_URL and PG_CLUSTER_DIR
#        scripts/pg-cluster.sh stop "$PG_CLUSTER_DIR"
set -eu
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg-cluster: no PostgreSQL server under /usr/lib/postgresql" >&2; exit 1; }
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$(printf '%s ' "$@")"
  else sudo -u postgres "$@"; fi
}
case "${1:-start}" in
  start)
    dir=$(mktemp -d /tmp/proximity-pg.XXXXXX)
    chown postgres "$dir" 2>/dev/null || true
    port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_postgres "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
    as_postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "'-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off'" start >/dev/null
    echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres PG_CLUSTER_DIR=$dir"
    ;;
  stop)
    as_postgres "$bindir/pg_ctl" -D "$2/data" -m fast stop >/dev/null
    rm -rf "$2"
    ;;
esac

#!/usr/bin/env bash
# Crash durability (bench/durability.mjs): reports filed under load, the server killed with
# SIGKILL at a random moment and started again, every acknowledged report checked. SQLite
# first, then PostgreSQL (its own throw-away cluster, durable settings).
#   bench/durability.sh [--sqlite-rounds N] [--postgres-rounds N] [--results DIR]
#   (defaults: 100 and 20 rounds; --results writes durability-{sqlite,postgres}.json there)
set -euo pipefail
cd "$(dirname "$0")/.."
sqlite_rounds=100
postgres_rounds=20
results=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sqlite-rounds) sqlite_rounds=$2; shift 2 ;;
    --postgres-rounds) postgres_rounds=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d /tmp/cds-durability.XXXXXX)
chmod 755 "$work"
# A copy: a rebuild during the run (which takes a while) must not swap the binary under it.
cp "${BINARY:-build/congdanso}" "$work/congdanso"
binary=$work/congdanso
cleanup() {
  [ -d "$work/pg" ] && scripts/pg-test-cluster stop "$work/pg" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
status=0
if [ "$sqlite_rounds" -gt 0 ]; then
  echo "== SQLite, $sqlite_rounds rounds"
  node bench/durability.mjs --binary "$binary" --db "sqlite:$work/durability.db" \
    --rounds "$sqlite_rounds" --work "$work/sqlite" \
    ${results:+--results "$results/durability-sqlite.json"} || status=1
fi
if [ "$postgres_rounds" -gt 0 ]; then
  echo "== PostgreSQL, $postgres_rounds rounds"
  if url=$(PG_DURABLE=1 scripts/pg-test-cluster start "$work/pg" | tail -1); then
    node bench/durability.mjs --binary "$binary" --db "$url" --rounds "$postgres_rounds" \
      --work "$work/postgres" ${results:+--results "$results/durability-postgres.json"} || status=1
  else
    echo "could not start PostgreSQL (see $work/pg/initdb.log)"
    status=1
  fi
fi
exit $status

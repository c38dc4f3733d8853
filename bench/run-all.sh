#!/usr/bin/env bash
# Runs every benchmark in BENCHMARKS.md, in order, on release builds. About 15 minutes.
# Needs: node and npm (for the `ws` peer), psql and a PostgreSQL server for the PostgreSQL rows
# (PG=postgres://user@host:port, default the local one).
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${PG:-postgres://postgres@127.0.0.1:5432}
cargo build --release -p kwartier -p kwartier-load
(cd bench/peer && npm ci --silent)
load=target/release/kwartier-load
run() { echo "\$ kwartier-load $*"; "$load" "$@" 2>/dev/null; echo; }
run fanout --members 100 --messages 2000 --rate 100
run fanout --members 1000 --messages 200 --rate 10
run fanout --members 1000 --messages 300 --rate 100
run fanout --members 1000 --messages 500 --rate 500
run fanout --members 1000 --messages 1000 --rate 1000
run fanout --members 10000 --messages 50 --rate 10
run idle --connections 10000 --members 100
run storm --connections 5000 --concurrency 500
run pages --posts 10000 --rate 1000 --seconds 10 --concurrency 32
run posting --posts 20000 --writers 64
run posting --posts 20000 --writers 64 --postgres "$PG"
run chat --messages 20000 --senders 64
run chat --messages 20000 --senders 64 --postgres "$PG"
run chat --messages 20000 --senders 64 --postgres "$PG" --no-relay
run chat --messages 20000 --senders 64 --postgres "$PG" --instances 2
# The forum peer: only where a NodeBB installed and set up on PostgreSQL is at $NODEBB (BENCHMARKS.md).
if [ -n "${NODEBB:-}" ]; then
  run forum-peer --nodebb "$NODEBB" --nodebb-admin "${NODEBB_ADMIN:-admin}" --nodebb-password "$NODEBB_PASSWORD" --postgres "$PG"
fi

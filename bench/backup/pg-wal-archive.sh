#!/usr/bin/env bash
# How many seconds of writes PostgreSQL's continuous archiving loses when the host vanishes, measured on a
# throwaway PostgreSQL cluster of its own (the server Tribune's tests use cannot be reconfigured): archive_mode on,
# archive_command copying each finished WAL segment to an "off-site" directory, archive_timeout=$TIMEOUT. A base
# backup (pg_basebackup) is taken, rows are inserted at about 4 a second, the postmaster is killed with SIGKILL at
# a random moment, and a new cluster is built from the base backup and the archived WAL only (restore_command),
# replayed to the end; the acknowledged rows missing there are counted.
# `bash bench/backup/pg-wal-archive.sh [TRIALS=3] [TIMEOUT=60]` (run as root: the cluster runs as user postgres).
set -euo pipefail
TRIALS=${1:-3}
TIMEOUT=${2:-60}
BIN=/usr/lib/postgresql/15/bin
PORT=55432
WORK=$(mktemp -d /tmp/tribune-pgwal-XXXX)
chown postgres "$WORK"
as_pg() { su postgres -s /bin/bash -c "$*"; }
results=()
cleanup() { as_pg "$BIN/pg_ctl -D $WORK/data -m immediate stop" >/dev/null 2>&1 || true; as_pg "$BIN/pg_ctl -D $WORK/restored -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
for trial in $(seq 1 "$TRIALS"); do
  rm -rf "$WORK/data" "$WORK/archive" "$WORK/base" "$WORK/restored" "$WORK/acked"
  as_pg "mkdir -p $WORK/archive && $BIN/initdb -A trust -D $WORK/data >/dev/null"
  cat >>"$WORK/data/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $WORK/archive/%f && cp %p $WORK/archive/%f.tmp && mv $WORK/archive/%f.tmp $WORK/archive/%f'
archive_timeout = $TIMEOUT
CONF
  as_pg "$BIN/pg_ctl -D $WORK/data -l $WORK/log -w start" >/dev/null
  psql -h 127.0.0.1 -p $PORT -U postgres -qc "CREATE TABLE probe (n int PRIMARY KEY, at timestamptz NOT NULL)" postgres
  as_pg "$BIN/pg_basebackup -h 127.0.0.1 -p $PORT -U postgres -D $WORK/base -X fetch -c fast" >/dev/null
  # Writes at ~4/s, each acknowledged one recorded with its time (epoch ms) after the commit returned.
  (
    n=0
    while true; do
      if psql -h 127.0.0.1 -p $PORT -U postgres -qAtc "INSERT INTO probe VALUES ($n, now())" postgres >/dev/null 2>&1; then
        echo "$n $(date +%s%3N)" >>"$WORK/acked"
      fi
      n=$((n + 1))
      sleep 0.25
    done
  ) &
  writer=$!
  # A moment anywhere in two archive_timeout periods, after a first one has passed.
  sleep $((TIMEOUT + RANDOM % (2 * TIMEOUT)))
  pid=$(head -1 "$WORK/data/postmaster.pid")
  kill -9 "$pid"
  crashed=$(date +%s%3N)
  kill "$writer" 2>/dev/null || true
  wait "$writer" 2>/dev/null || true
  pkill -9 -P "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null || pgrep -P "$pid" >/dev/null; do sleep 0.2; done
  # The host is gone: only the base backup and the archive remain.
  as_pg "cp -a $WORK/base $WORK/restored && touch $WORK/restored/recovery.signal"
  cat >>"$WORK/restored/postgresql.conf" <<CONF
port = $PORT
archive_mode = off
restore_command = 'cp $WORK/archive/%f %p'
recovery_target_action = 'promote'
CONF
  as_pg "$BIN/pg_ctl -D $WORK/restored -l $WORK/restore-log -w -t 300 start" >/dev/null || { tail -20 "$WORK/restore-log" >&2; exit 1; }
  until [ "$(psql -h 127.0.0.1 -p $PORT -U postgres -Atc 'select pg_is_in_recovery()' postgres 2>/dev/null)" = "f" ]; do sleep 1; done
  present=$(psql -h 127.0.0.1 -p $PORT -U postgres -Atc "select coalesce(max(n), -1) from probe" postgres)
  as_pg "$BIN/pg_ctl -D $WORK/restored -m fast stop" >/dev/null
  acked=$(wc -l <"$WORK/acked")
  lost=$(awk -v p="$present" '$1 > p' "$WORK/acked" | wc -l)
  first_lost=$(awk -v p="$present" '$1 > p {print $2; exit}' "$WORK/acked")
  if [ -n "$first_lost" ]; then secs=$(awk -v c="$crashed" -v f="$first_lost" 'BEGIN{printf "%.1f", (c - f) / 1000}'); else secs=0.0; fi
  echo "crash $trial: $lost of $acked acknowledged rows lost, the last $secs s before the crash"
  results+=("$secs")
done
printf '%s\n' "${results[@]}" | sort -n | awk -v t="$TIMEOUT" '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "archive_timeout=%ss: worst %.1f s, median %.1f s of writes lost over %d crash(es)\n", t, a[NR], m, NR}'

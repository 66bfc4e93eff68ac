#!/usr/bin/env bash
# PortLoad's generator against the C reference client (../shared/reference), side by side in one run,
# both against the same C reference server. Every measurement runs in a fresh network namespace of its
# own (widened port range, no TIME_WAIT left over from the one before); the host is never touched.
# Prints each figure, medians of ROUNDS, and PortLoad's ratio to the reference.
#   benchmarks/generator-vs-reference.sh [SECONDS_PER_RUN] [ROUNDS]
# Targets (#25): per-request >= 0.9x, pooled >= 0.8x, pacing at 5,000/s within 1%.
set -euo pipefail
secs=${1:-5}
rounds=${2:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
reference=${REFERENCE_DIR:-$repo/../shared/reference}
bin=$(mktemp -d)
"$reference/build.sh" "$bin" >/dev/null
dotnet build "$repo/src/PortLoad.Cli" -c Release -o "$bin/portload" -v q -nologo >/dev/null
user_ns=(); [ "$(id -u)" -eq 0 ] || user_ns=(--map-root-user)
port=18080

# isolated SERVER_MODE CLIENT_COMMAND: the reference server and one client in a namespace of their own.
isolated() {
  unshare --net "${user_ns[@]}" bash -c '
    ip link set lo up
    echo "1024 65535" > /proc/sys/net/ipv4/ip_local_port_range
    "$0/acceptsrv" -a 127.0.0.1 -p '"$port"' -t '"$((secs + 6))"' -m "$1" >/dev/null 2>&1 &
    sleep 0.3
    eval "$2"
    kill %1 2>/dev/null; wait' "$bin" "$1" "$2"
}

reference() { # mode -> conn_per_s or req_per_s
  isolated "$2" "\"$bin/connload\" -a 127.0.0.1 -p $port -k 64 -n 100000000 -t $secs -m $1" | grep -o "$3=[0-9.]*" | cut -d= -f2
}

portload() { # server-mode strategy-json payload load-json
  local work; work=$(mktemp -d)
  cat > "$work/s.json" <<JSON
{ "name": "bench", "target": { "host": "127.0.0.1", "port": $port, "protocol": "tcp-echo" },
  "load": [ $4 ], "request": { "payloadBytes": $3, "timeout": "5s" },
  "strategies": [ $2 ], "sampling": { "interval": "1m" } }
JSON
  isolated "$1" "PORTLOAD__MAXRATE=100000 dotnet \"$bin/portload/portload.dll\" run \"$work/s.json\" --out \"$work/out\" --no-live >/dev/null"
  grep -o '"achievedPerSecond": [0-9.]*' "$work/out/summary.json" | head -n1 | awk '{print $2}'
  rm -rf "$work"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
keep="{ \"keepConstant\": { \"copies\": 64, \"during\": \"${secs}s\" } }"
per_request='{ "name": "per-request", "connections": "per-request", "closeBy": "client" }'
pooled='{ "name": "pooled", "connections": "pooled", "poolSize": 64 }'

ref_conn=(); pl_conn=(); ref_req=(); pl_req=()
for _ in $(seq "$rounds"); do
  ref_conn+=("$(reference close eof conn_per_s)")
  pl_conn+=("$(portload eof "$per_request" 0 "$keep")")
  ref_req+=("$(reference pooled echo req_per_s)")
  pl_req+=("$(portload echo "$pooled" 16 "$keep")")
done
paced=$(portload echo "$pooled" 16 "{ \"inject\": { \"rate\": 5000, \"during\": \"${secs}s\" } }")

rc=$(printf '%s\n' "${ref_conn[@]}" | median); pc=$(printf '%s\n' "${pl_conn[@]}" | median)
rq=$(printf '%s\n' "${ref_req[@]}" | median); pq=$(printf '%s\n' "${pl_req[@]}" | median)
echo "per-request connections/s (client closes, 64 in flight): reference ${ref_conn[*]} -> $rc; portload ${pl_conn[*]} -> $pc; ratio $(awk "BEGIN {printf \"%.2f\", $pc / $rc}") (target >= 0.90)"
echo "pooled requests/s (16-byte echo, 64 connections):        reference ${ref_req[*]} -> $rq; portload ${pl_req[*]} -> $pq; ratio $(awk "BEGIN {printf \"%.2f\", $pq / $rq}") (target >= 0.80)"
echo "pacing at an offered 5000/s for ${secs}s: achieved $paced/s, off by $(awk "BEGIN {printf \"%.2f\", ($paced - 5000) / 50}")% (target within 1%)"

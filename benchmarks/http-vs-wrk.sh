#!/usr/bin/env bash
# PortLoad's HTTP senders against wrk, side by side in one run, both against the same nginx
# (Debian's nginx-light, `return 200` of 16 bytes). Every measurement runs in a fresh network
# namespace of its own (nginx, one client, a widened port range, no TIME_WAIT left over); the host is
# never touched. Prints each figure, medians of ROUNDS, and PortLoad's ratio to wrk.
#   benchmarks/http-vs-wrk.sh [SECONDS_PER_RUN] [ROUNDS]
# Pooled: keep-alive over 64 connections (PortLoad: one handler, poolSize 64, 64 loops) against wrk -c64.
# Per-request: a new connection per request (PortLoad: 64 loops, client closes) against wrk -c64 -H "Connection: close".
# On Linux x64 PortLoad sends through its epoll engine; PORTLOAD__EPOLLSOCKETS=false measures HttpClient instead.
# Targets (#25): pooled >= 0.8x, per-request >= 0.7x.
set -euo pipefail
secs=${1:-5}
rounds=${2:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
for tool in wrk /usr/sbin/nginx unshare; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install wrk nginx-light util-linux)" >&2; exit 2; }
done
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
dotnet build "$repo/src/PortLoad.Cli" -c Release -o "$bin/portload" -v q -nologo >/dev/null
user_ns=(); [ "$(id -u)" -eq 0 ] || user_ns=(--map-root-user)
port=18081
mkdir -p "$bin/nginx/logs"
cat > "$bin/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $bin/nginx/nginx.pid;
error_log $bin/nginx/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $bin/nginx/body;
  server {
    listen 127.0.0.1:$port reuseport;
    keepalive_requests 100000000;
    location / { return 200 "0123456789abcde\n"; }
  }
}
CONF

# isolated CLIENT_COMMAND: nginx and one client in a namespace of their own.
isolated() {
  unshare --net "${user_ns[@]}" bash -c '
    ip link set lo up
    echo "1024 65535" > /proc/sys/net/ipv4/ip_local_port_range
    /usr/sbin/nginx -c "$0/nginx/nginx.conf" -p "$0/nginx" 2>/dev/null &
    sleep 0.3
    eval "$1"
    kill %1 2>/dev/null; wait' "$bin" "$1"
}

wrk_rate() { # extra wrk arguments -> requests/s
  isolated "wrk -t2 -c64 -d${secs}s $* http://127.0.0.1:$port/" | awk '/Requests\/sec/ {print $2}'
}

portload() { # strategy-json -> achieved requests/s
  local work; work=$(mktemp -d)
  cat > "$work/s.json" <<JSON
{ "name": "bench", "target": { "host": "127.0.0.1", "port": $port, "protocol": "http", "path": "/" },
  "load": [ { "keepConstant": { "copies": 64, "during": "${secs}s" } } ], "request": { "timeout": "5s" },
  "strategies": [ $1 ], "sampling": { "interval": "1m" } }
JSON
  isolated "dotnet \"$bin/portload/portload.dll\" run \"$work/s.json\" --out \"$work/out\" --no-live >/dev/null"
  grep -o '"achievedPerSecond": [0-9.]*' "$work/out/summary.json" | head -n1 | awk '{print $2}'
  rm -rf "$work"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }
pooled='{ "name": "pooled", "connections": "pooled", "poolSize": 64 }'
per_request='{ "name": "per-request", "connections": "per-request", "closeBy": "client" }'

wrk_keep=(); pl_pooled=(); wrk_close=(); pl_per=()
for _ in $(seq "$rounds"); do
  wrk_keep+=("$(wrk_rate)")
  pl_pooled+=("$(portload "$pooled")")
  wrk_close+=("$(wrk_rate -H "'Connection: close'")")
  pl_per+=("$(portload "$per_request")")
done

wk=$(printf '%s\n' "${wrk_keep[@]}" | median); pp=$(printf '%s\n' "${pl_pooled[@]}" | median)
wc=$(printf '%s\n' "${wrk_close[@]}" | median); pr=$(printf '%s\n' "${pl_per[@]}" | median)
echo "pooled (keep-alive, 64 connections): wrk ${wrk_keep[*]} -> $wk; portload ${pl_pooled[*]} -> $pp; ratio $(ratio "$pp" "$wk") (target >= 0.80)"
echo "per-request (a connection each):      wrk ${wrk_close[*]} -> $wc; portload ${pl_per[*]} -> $pr; ratio $(ratio "$pr" "$wc") (target >= 0.70)"

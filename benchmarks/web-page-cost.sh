#!/usr/bin/env bash
# What `run --web`'s page costs the run it shows, side by side in one run: the same pooled run (2,000/s for 10 s
# against the embedded echo server) alone, and with PAGES open event streams plus SLOW clients that read one byte
# a second. Rounds are interleaved (alone, then with pages, then again) so a noisy minute hits both; prints each
# p99 and max, their medians, and the ratio of the medians (#26: within 2x).
#   benchmarks/web-page-cost.sh [ROUNDS] [PAGES] [SLOW]
set -euo pipefail
rounds=${1:-5}
pages=${2:-50}
slow=${3:-0}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
clients=()
stop_clients() { for pid in "${clients[@]}"; do kill "$pid" 2>/dev/null || true; done; clients=(); }
trap 'stop_clients; rm -rf "$work"' EXIT

cat >"$work/pooled.json" <<'EOF'
{
  "name": "web-page-cost",
  "description": "A pooled run, measured alone and with live pages open.",
  "target": { "server": "embedded", "protocol": "tcp-echo" },
  "load": [ { "inject": { "rate": 2000, "during": "10s" } } ],
  "request": { "payloadBytes": 64, "timeout": "2s" },
  "strategies": [ { "name": "pooled", "connections": "pooled", "poolSize": 8 } ],
  "sampling": { "interval": "250ms" }
}
EOF

echo "building (Release) ..." >&2
dotnet build "$repo/src/PortLoad.Cli" -c Release -v q -nologo >/dev/null
portload="$repo/src/PortLoad.Cli/bin/Release/net10.0/portload"

# One figure of a summary.json without jq: "p99":0.212 -> 0.212.
figure() { grep -o "\"$2\": *[0-9.]*" "$1/summary.json" | head -1 | sed 's/.*: *//'; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

streams() { # $1 streams of /events in one curl, the rest curl options
  local n=$1 urls=()
  shift
  for _ in $(seq "$n"); do urls+=(-o /dev/null "http://127.0.0.1:$port/events"); done
  # exec: $! is curl itself, so stop_clients stops it. A page over the cap is answered 503, and curl moves on.
  exec curl -sN --parallel --parallel-immediate --parallel-max "$n" "$@" "${urls[@]}" 2>/dev/null
}

measure() { # $1: alone|pages, $2: round
  local out="$work/$1-$2"
  port=$(( 20000 + RANDOM % 20000 ))
  local web=()
  if [[ $1 == pages ]]; then web=(--web --web-port "$port" --web-linger 0s); fi
  "$portload" run "$work/pooled.json" --no-live --out "$out" "${web[@]}" >"$work/$1-$2.log" 2>&1 &
  local run=$!
  if [[ $1 == pages ]]; then
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
    # One curl for all the pages, one for the slow clients: hundreds of processes starting would cost the run more
    # than the pages do.
    if (( pages > 0 )); then streams "$pages" & clients+=($!); fi
    if (( slow > 0 )); then streams "$slow" --limit-rate 1 & clients+=($!); fi
  fi
  wait "$run"
  stop_clients
  p99[$1]+="$(figure "$out" p99) "
  max[$1]+="$(figure "$out" max) "
}

declare -A p99=() max=()
for round in $(seq "$rounds"); do
  measure alone "$round"
  measure pages "$round"
done

for name in alone pages; do
  printf '%-6s p99 ms: %s-> %s; max ms: %s-> %s\n' "$name" "${p99[$name]}" "$(median <<<"${p99[$name]}")" \
    "${max[$name]}" "$(median <<<"${max[$name]}")"
done
ratio=$(awk -v a="$(median <<<"${p99[alone]}")" -v b="$(median <<<"${p99[pages]}")" 'BEGIN { printf "%.2f", b / a }')
echo "p99 with $pages pages and $slow slow clients / alone: ${ratio}x (target <= 2x)"

#!/usr/bin/env bash
# What publishing the run's figures costs the generator, side by side in one run: a closed-model pooled run (64
# loops over 64 connections, 16-byte echo against the embedded server) alone, and with --prometheus scraped every
# second (curl, as a Prometheus server would). Rounds are interleaved; prints each achieved rate, the medians and
# their ratio (#22: within 3%).
#   benchmarks/metrics-cost.sh [SECS] [ROUNDS]
set -euo pipefail
secs=${1:-10}
rounds=${2:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
scraper=""
trap '[ -n "$scraper" ] && kill "$scraper" 2>/dev/null; rm -rf "$work"' EXIT

cat >"$work/pooled.json" <<JSON
{ "name": "metrics-cost", "target": { "server": "embedded", "protocol": "tcp-echo" },
  "load": [ { "keepConstant": { "copies": 64, "during": "${secs}s" } } ],
  "request": { "payloadBytes": 16, "timeout": "5s" },
  "strategies": [ { "name": "pooled", "connections": "pooled", "poolSize": 64 } ],
  "sampling": { "interval": "1s" } }
JSON

echo "building (Release) ..." >&2
dotnet build "$repo/src/PortLoad.Cli" -c Release -v q -nologo >/dev/null
portload="$repo/src/PortLoad.Cli/bin/Release/net10.0/portload"
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

measure() { # $1: alone|scraped, $2: round
  local out="$work/$1-$2" port=$(( 20000 + RANDOM % 20000 )) metrics=()
  [[ $1 == scraped ]] && metrics=(--prometheus "127.0.0.1:$port")
  "$portload" run "$work/pooled.json" --no-live --out "$out" "${metrics[@]}" >"$out.log" 2>&1 &
  local run=$!
  if [[ $1 == scraped ]]; then
    (while kill -0 "$run" 2>/dev/null; do curl -s -o /dev/null "http://127.0.0.1:$port/metrics"; sleep 1; done) &
    scraper=$!
  fi
  wait "$run"
  rate[$1]+="$(grep -o '"achievedPerSecond": [0-9.]*' "$out/summary.json" | head -n1 | awk '{print $2}') "
}

declare -A rate=()
for round in $(seq "$rounds"); do
  measure alone "$round"
  measure scraped "$round"
done
for name in alone scraped; do
  printf '%-8s requests/s: %s-> %s\n' "$name" "${rate[$name]}" "$(median <<<"${rate[$name]}")"
done
awk -v a="$(median <<<"${rate[alone]}")" -v b="$(median <<<"${rate[scraped]}")" \
  'BEGIN { printf "scraped every second / alone: %.3fx (target >= 0.97x)\n", b / a }'

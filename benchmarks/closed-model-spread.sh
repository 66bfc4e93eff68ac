#!/usr/bin/env bash
# How far a closed model's first failure wanders from one run to the next on this machine, for the C reference
# client and for PortLoad side by side, rounds interleaved: the spread any prediction made before a run is held to
# (#24). Each run fills a 300-port range (tcp_tw_reuse 0) with LOOPS connections in flight, in a fresh network
# namespace of its own; the reference connects and closes against the reference server (no request), PortLoad runs
# its closed model against its embedded echo server, as ClosedModelFidelityTests does.
# Prints each run's first failure, the median, the spread (slowest over fastest) and how many runs lie within 15% of
# their own median.
#   benchmarks/closed-model-spread.sh [ROUNDS] [LOOPS]
set -euo pipefail
rounds=${1:-7}
loops=${2:-2}
repo=$(cd "$(dirname "$0")/.." && pwd)
reference=${REFERENCE_DIR:-$repo/../shared/reference}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
"$reference/build.sh" "$bin" >/dev/null
dotnet build "$repo/src/PortLoad.Cli" -c Release -o "$bin/portload" -v q -nologo >/dev/null
user_ns=(); [ "$(id -u)" -eq 0 ] || user_ns=(--map-root-user)

reference() { # -> ms to the first EADDRNOTAVAIL
  unshare --net "${user_ns[@]}" bash -c '
    ip link set lo up
    echo "40000 40299" > /proc/sys/net/ipv4/ip_local_port_range
    echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
    "$0/acceptsrv" -a 127.0.0.1 -p 18080 -t 5 -m eof >/dev/null 2>&1 &
    sleep 0.3
    "$0/connload" -a 127.0.0.1 -p 18080 -k '"$loops"' -t 3 -m close -x
    kill %1 2>/dev/null; wait' "$bin" | grep -o 'first_eaddrnotavail_ms=[0-9.]*' | cut -d= -f2
}

portload() { # -> ms to the first failure (the run makes its own namespace)
  local work; work=$(mktemp -d)
  cat > "$work/s.json" <<JSON
{ "name": "spread", "target": { "server": "embedded", "protocol": "tcp-echo" },
  "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 40299], "tcpTwReuse": 0 },
  "load": [ { "keepConstant": { "copies": $loops, "during": "1s" } } ],
  "request": { "payloadBytes": 16, "timeout": "1s" },
  "strategies": [ { "name": "s", "connections": "per-request", "closeBy": "client" } ],
  "sampling": { "interval": "100ms" } }
JSON
  dotnet "$bin/portload/portload.dll" run "$work/s.json" --out "$work/out" --no-live >/dev/null
  grep -o '"firstFailureSeconds": [0-9.]*' "$work/out/summary.json" | head -n1 | awk '{print $2 * 1000}'
  rm -rf "$work"
}

# summary NAME VALUES...: median, spread and runs within 15% of the median.
summary() {
  local name=$1; shift
  printf '%s\n' "$@" | sort -n | awk -v name="$name" '
    { a[NR] = $1 }
    END {
      m = a[int((NR + 1) / 2)]; within = 0
      for (i = 1; i <= NR; i++) { line = line " " a[i]; if (a[i] >= 0.85 * m && a[i] <= 1.15 * m) within++ }
      printf "%-9s ms:%s -> median %.1f, spread %.2fx, within 15%% of the median: %d of %d\n", name, line, m, a[NR] / a[1], within, NR
    }'
}

ref=(); pl=()
for _ in $(seq "$rounds"); do
  ref+=("$(reference)")
  pl+=("$(portload)")
done
echo "first failure of a closed model, $loops loops, 300 ports, tcp_tw_reuse 0 (sorted):"
summary reference "${ref[@]}"
summary portload "${pl[@]}"

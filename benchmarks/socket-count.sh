#!/usr/bin/env bash
# Socket counting cost with ~28,000 TIME_WAIT sockets, in a fresh network namespace (tcp_tw_reuse=0 and a
# wide port range there only): PortLoad's netlink sampler vs /proc/net/tcp parsing vs `ss`, in one run.
#   benchmarks/socket-count.sh [SOCKETS]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
dotnet build "$repo/benchmarks/PortLoad.Benchmarks" -c Release -o "$out" -v q -nologo >/dev/null
user_ns=(); [ "$(id -u)" -eq 0 ] || user_ns=(--map-root-user)
unshare --net "${user_ns[@]}" bash -c '
  ip link set lo up
  echo "1024 65535" > /proc/sys/net/ipv4/ip_local_port_range
  echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
  dotnet "$0/PortLoad.Benchmarks.dll" socket-count "$1"' "$out" "${1:-28000}"

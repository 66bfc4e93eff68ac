#!/usr/bin/env bash
# Start-up of `portload validate scenarios/quickstart.json` as users start it, side by side in one run:
# `dotnet run --project` (what a clone gives), the installed dotnet tool, `dotnet portload.dll` (the Docker
# image's entry point), the self-contained single file, and Native AOT when it builds. Rounds are interleaved
# (one of each, then again) so a noisy minute hits them all; prints each median and its ratio to the tool.
# An isolated run starts one child per strategy, a segmented one a process per segment: each pays this again.
#   benchmarks/startup.sh [ROUNDS]
set -euo pipefail
rounds=${1:-7}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario="$repo/scenarios/quickstart.json"

echo "building (Release) into $work ..." >&2
dotnet build "$repo/src/PortLoad.Cli" -c Release -v q -nologo >/dev/null
dotnet pack "$repo/src/PortLoad.Cli" -c Release -o "$work/pack" -v q -nologo >/dev/null
dotnet tool install --tool-path "$work/tool" --add-source "$work/pack" PortLoad >/dev/null
dotnet publish "$repo/src/PortLoad.Cli" -c Release -o "$work/fdd" -v q -nologo >/dev/null
dotnet publish "$repo/src/PortLoad.Cli" -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
  -o "$work/single" -v q -nologo >/dev/null
declare -A commands=(
  [dotnet-run]="dotnet run -c Release --no-build --project $repo/src/PortLoad.Cli --"
  [tool]="$work/tool/portload"
  [dotnet-dll]="dotnet $work/fdd/portload.dll"
  [single-file]="$work/single/portload"
)
order=(dotnet-run tool dotnet-dll single-file)
# Native AOT builds only with its trimming and AOT warnings allowed, and then not every command works
# (docs/packaging.md): it is measured for what start-up it would give, not shipped.
if dotnet publish "$repo/src/PortLoad.Cli" -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=false \
     -o "$work/aot" -v q -nologo \
     >"$work/aot.log" 2>&1 && "$work/aot/portload" validate "$scenario" >/dev/null 2>&1; then
  commands[aot]="$work/aot/portload"
  order+=(aot)
else
  echo "Native AOT: not measured (it did not build, or its validate failed; see docs/packaging.md)" >&2
fi

cd "$work"   # another folder than the clone: the installed tool's own defaults apply
declare -A times=()
for round in $(seq "$rounds"); do
  for name in "${order[@]}"; do
    start=$(date +%s%N)
    ${commands[$name]} validate "$scenario" >/dev/null
    times[$name]+="$(( ($(date +%s%N) - start) / 1000000 )) "
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
tool=$(echo "${times[tool]}" | median)
printf '%-12s %10s  %s\n' "how" "median ms" "rounds (ms); ratio to the installed tool"
for name in "${order[@]}"; do
  m=$(echo "${times[$name]}" | median)
  printf '%-12s %10s  %s; %sx\n' "$name" "$m" "${times[$name]}" "$(awk -v a="$m" -v b="$tool" 'BEGIN { printf "%.2f", a / b }')"
done

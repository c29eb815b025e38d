#!/usr/bin/env bash
# Throughput and latency of the whole app with 1 chatapi replica and with N, both through Aspire's proxy on
# http://localhost:5101, measured in the same run: the AppHost (Release) is started once per measured run with
# Xnai:ChatApi:Replicas set, in 1,N,N,1 order per pair of rounds so drift on a busy machine cancels out. Each run:
# wait until /health is healthy, a discarded warm-up load, then the measured load (the load tool, loopback only,
# bounded by --seconds). Prints every run and, per replica count, the mean req/s and p99, and N's ratio to 1.
#
#   bench/replicas.sh [--replicas 2] [--rounds 2] [--users 50] [--warmup 8] [--seconds 20]
#
# Needs the setup of ./run.sh (scripts/setup.sh) and jq; nothing else may listen on 5101-5103 (stop ./run.sh first).
set -euo pipefail
cd "$(dirname "$0")/.."

replicas=2 rounds=2 users=50 warmup=8 seconds=20
while [[ $# -gt 0 ]]; do
  case $1 in
    --replicas) replicas=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "usage: $0 [--replicas N] [--rounds R] [--users U] [--warmup S] [--seconds S]" >&2; exit 2 ;;
  esac
done
[[ $replicas =~ ^[0-9]+$ && $replicas -ge 2 && $replicas -le 16 ]] || { echo "--replicas must be 2 to 16" >&2; exit 2; }
[[ $rounds =~ ^[0-9]+$ && $rounds -ge 1 && $rounds -le 10 ]] || { echo "--rounds must be 1 to 10" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed (apt-get install jq)" >&2; exit 2; }
for port in 5101 5102 5103; do
  if ss -ltnH "sport = :$port" | grep -q .; then
    echo "port $port is in use (is ./run.sh running?)" >&2
    exit 2
  fi
done

dotnet build -c Release -v q -nologo src/Xnai.AppHost >/dev/null
dotnet build -c Release -v q -nologo bench/Xnai.LoadTest >/dev/null
load=bench/Xnai.LoadTest/bin/Release/net10.0/Xnai.LoadTest.dll
chat=http://localhost:5101

work=$(mktemp -d)
apphost=
stop_app() {
  if [[ -n $apphost ]]; then
    kill -INT -- "-$apphost" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$apphost" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$apphost" 2>/dev/null || true
    wait "$apphost" 2>/dev/null || true
    apphost=
  fi
  # The orchestrator's proxies and replicas go with it; wait until the ports are free again.
  for _ in $(seq 60); do ss -ltnH '( sport = :5101 or sport = :5102 or sport = :5103 )' | grep -q . || return 0; sleep 1; done
  echo "ports 5101-5103 still in use after the AppHost stopped" >&2
  return 1
}
cleanup() { stop_app || true; rm -rf "$work"; }
trap cleanup EXIT

start_app() { # replica count
  setsid env DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet run -c Release --no-build --project src/Xnai.AppHost --launch-profile http \
    -- "Xnai:ChatApi:Replicas=$1" >"$work/apphost-$1.log" 2>&1 &
  apphost=$!
  for _ in $(seq 180); do
    if [[ $(curl -fsS -m 2 "$chat/health" 2>/dev/null | jq -r .status 2>/dev/null) == healthy ]]; then return 0; fi
    kill -0 "$apphost" 2>/dev/null || { echo "the AppHost exited:" >&2; tail -20 "$work/apphost-$1.log" >&2; return 1; }
    sleep 1
  done
  echo "chatapi did not become healthy with $1 replica(s) within 180 s" >&2
  return 1
}

order=()
for ((r = 0; r < rounds; r++)); do
  if ((r % 2 == 0)); then order+=(1 "$replicas"); else order+=("$replicas" 1); fi
done

run=0
for n in "${order[@]}"; do
  run=$((run + 1))
  start_app "$n"
  dotnet "$load" --url "$chat" --users "$users" --duration "${warmup}s" >/dev/null || true
  dotnet "$load" --url "$chat" --users "$users" --duration "${seconds}s" --json "$work/run-$run-$n.json" >/dev/null || true
  jq -r --arg run "$run" --arg n "$n" \
    '"run \($run): \($n) replica(s): \(.total) requests, \(.failed) failed, \(.requestsPerSecond * 10 | round / 10) req/s, p50 \(.latency.p50Ms * 10 | round / 10) ms, p99 \(.latency.p99Ms * 10 | round / 10) ms"' \
    "$work/run-$run-$n.json"
  stop_app
done

jq -s -r --argjson n "$replicas" '
  def side(k): [.[] | select(.replicas == k)] | {rps: (map(.requestsPerSecond) | add / length), p99: (map(.latency.p99Ms) | add / length), p50: (map(.latency.p50Ms) | add / length), failed: (map(.failed) | add)};
  (side(1)) as $one | (side($n)) as $many |
  "1 replica:  \($one.rps * 10 | round / 10) req/s, p50 \($one.p50 * 10 | round / 10) ms, p99 \($one.p99 * 10 | round / 10) ms, \($one.failed) failed",
  "\($n) replicas: \($many.rps * 10 | round / 10) req/s, p50 \($many.p50 * 10 | round / 10) ms, p99 \($many.p99 * 10 | round / 10) ms, \($many.failed) failed",
  "ratio \($n)/1: throughput \($many.rps / $one.rps * 100 | round / 100), p99 \($many.p99 / $one.p99 * 100 | round / 100)"
' <(for f in "$work"/run-*.json; do n=${f##*-}; n=${n%.json}; jq --argjson r "$n" '. + {replicas: $r}' "$f"; done)

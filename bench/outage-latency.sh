#!/usr/bin/env bash
# Fallback latency once the knowledge-base breaker is open, measured on chatapi alone: Debian's redis-server, the
# RAG service made to hang, chatapi and the load tool, all on loopback, without the Aspire orchestrator and dashboard
# (no OTLP export). Compare with the same measurement under `dotnet run --project src/Xnai.AppHost` (docs/performance.md).
#
#   bench/outage-latency.sh [--warmup 20] [--runs 2] [--seconds 10]
#
# Steps: build Release; start redis-server, rag and chatapi on free-at-start loopback ports; ask the load tool's 16
# default questions while RAG answers (one user, so each question is sent with the same previous question every time:
# these answers fill chatapi's answer store); make RAG hang (latency fault 10 s, so a call costs chatapi's 2 s RAG
# timeout); trip the breaker with one user (the baseline: calls that wait for the timeout); warm chatapi up for
# --warmup seconds; then --runs pairs of measured runs of --seconds each with one user: the default questions again
# (answered from the store: the stale path) and the distinct set (2,400 questions never asked: today's apology, or a
# stored answer where one matches). The break duration is raised to 5 minutes so no half-open probe lands in a measured
# run. Prints each run's p50/p99/max of answers from the store and of fallbacks without a stored answer, the p99 as a
# fraction of the timeout-bound calls, and the server's own share of answers under 5 ms (from its /metrics histogram). Everything it starts is stopped on exit. XNAI_BENCH_CHAT_ENV adds
# environment settings to chatapi (e.g. 'DOTNET_gcServer=0') to compare runtime configurations.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=bench/lib.sh
source bench/lib.sh

warmup=20 runs=2 seconds=10
while [[ $# -gt 0 ]]; do
  case $1 in
    --warmup) warmup=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "usage: $0 [--warmup S] [--runs N] [--seconds S]" >&2; exit 2 ;;
  esac
done

redis_port=${XNAI_BENCH_REDIS_PORT:-6391}
rag_port=${XNAI_BENCH_RAG_PORT:-5292}
chat_port=${XNAI_BENCH_CHAT_PORT:-5291}
bench_ports_free "$redis_port" "$rag_port" "$chat_port"

bench_build

work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
key=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
chat=http://127.0.0.1:$chat_port
rag=http://127.0.0.1:$rag_port

redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$work" --appendonly yes --appendfsync everysec --save '' \
  >"$work/redis.log" 2>&1 &
bench_service rag src/Xnai.RagStub/bin/Release/net10.0/Xnai.RagStub.dll "$rag"
bench_service chatapi src/Xnai.ChatApi/bin/Release/net10.0/Xnai.ChatApi.dll "$chat" \
  ConnectionStrings__cache="127.0.0.1:$redis_port" services__rag__http__0="$rag" \
  services__voice__http__0="http://127.0.0.1:9" Xnai__Breakers__rag_api__BreakDuration=00:05:00 ${XNAI_BENCH_CHAT_ENV:-}
for url in "$rag" "$chat"; do
  for _ in $(seq 1 120); do curl -sf "$url/alive" >/dev/null && break; sleep 0.5; done
  curl -sf "$url/alive" >/dev/null || { echo "$url did not start; logs in $work" >&2; cat "$work"/*.log >&2; exit 1; }
done

load() { dotnet bench/Xnai.LoadTest/bin/Release/net10.0/Xnai.LoadTest.dll --url "$chat" --users 1 "$@"; }
row() { grep -E "$1" | sed -E 's/[│|]//g; s/ +/ /g; s/^ //; s/ $//'; }

echo "== filling the answer store: the default questions while RAG answers"
seeded=$(load --requests 20 --duration 60s)
row 'answered|fallback \(degraded\)' <<<"$seeded"

curl -sf -X POST "$rag/api/admin/faults" -H "X-Admin-Key: $key" -H 'Content-Type: application/json' \
  -d '{"latencyMs":10000}' >/dev/null
echo "== tripping: RAG hangs, each call waits for chatapi's RAG timeout"
load --requests 5 --duration 30s | row 'latency max / mean'
state=$(curl -sf "$chat/api/circuits" | grep -o '"rag_api":{"state":"[a-z_]*"' || true)
[[ $state == *'"open"'* ]] || { echo "rag_api did not open: $state" >&2; exit 1; }
timeout_ms=$(grep -o '"rag": "[0-9:.]*"' src/Xnai.ChatApi/appsettings.json | cut -d'"' -f4 |
  awk -F: '{ printf "%d", ($1 * 3600 + $2 * 60 + $3) * 1000 }')

echo "== warm-up ${warmup} s (breaker open)"
load --duration "${warmup}s" >/dev/null
bucket() { curl -sf "$chat/metrics" | grep -E '^http_server_request_duration_seconds_bucket\{.*http_route="/api/chat".*le="'"$1"'"' | awk '{s += $2} END {print s + 0}'; }
under_before=$(bucket 0.005); all_before=$(bucket '\+Inf')

p99_of() { sed -E 's#.*/ ([0-9.]+) ms / [0-9.]+ ms$#\1#'; }
for run in $(seq 1 "$runs"); do
  for set in default distinct; do
    out=$(load --duration "${seconds}s" --questions "$set")
    rps=$(row 'requests/s' <<<"$out")
    stored=$(row '^ *[│|]? *from the answer store' <<<"$out" || true)
    stale=$(row 'answer store p50 / p99 / max' <<<"$out" || true)
    # With no answer from the store every fallback is an unstored one: the load tool then prints only the fallback row.
    unstored=$(row 'without a stored answer p50 / p99 / max' <<<"$out" || true)
    [[ -n $stale || -n $unstored ]] || unstored=$(row 'fallback p50 / p99 / max' <<<"$out" || true)
    line="${stored:-from the answer store 0}"
    [[ -n $stale ]] && line+="; $stale"
    if [[ -n $unstored ]]; then
      ratio=$(awk -v a="$(p99_of <<<"$unstored")" -v b="$timeout_ms" 'BEGIN { printf "%.4f", a / b }')
      line+="; ${unstored/without a stored answer /unstored }; unstored p99 / RAG timeout ($timeout_ms ms) = $ratio"
    fi
    echo "== run $run, $set questions: $line; $rps"
  done
done

under=$(( $(bucket 0.005) - under_before )); all=$(( $(bucket '\+Inf') - all_before ))
awk -v u="$under" -v a="$all" 'BEGIN { printf "== server side (chatapi /metrics, measured runs): %d of %d answers under 5 ms (%.2f %%)\n", u, a, 100 * u / a }'

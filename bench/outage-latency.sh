#!/usr/bin/env bash
# Fallback latency once the knowledge-base breaker is open, measured on chatapi alone: Debian's redis-server, the
# RAG service made to hang, chatapi and the load tool, all on loopback, without the Aspire orchestrator and dashboard
# (no OTLP export). Compare with the same measurement under `dotnet run --project src/Xnai.AppHost` (docs/performance.md).
#
#   bench/outage-latency.sh [--warmup 20] [--runs 2] [--seconds 10]
#
# Steps: build Release; start redis-server, rag and chatapi on free-at-start loopback ports; make RAG hang
# (latency fault 10 s, so a call costs chatapi's 2 s RAG timeout); trip the breaker with one user (the baseline: calls
# that wait for the timeout); warm chatapi up for --warmup seconds; then --runs measured runs of --seconds each with one
# user. The break duration is raised to 5 minutes so no half-open probe lands in a measured run. Prints each run's
# fallback p50/p99/max, the p99 as a fraction of the timeout-bound calls, and the server's own share of answers
# under 5 ms (from its /metrics histogram). Everything it starts is stopped on exit. XNAI_BENCH_CHAT_ENV adds
# environment settings to chatapi (e.g. 'DOTNET_gcServer=0') to compare runtime configurations.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

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
for port in "$redis_port" "$rag_port" "$chat_port"; do
  if ss -ltnH "sport = :$port" | grep -q .; then
    echo "port $port is in use; set XNAI_BENCH_REDIS_PORT / XNAI_BENCH_RAG_PORT / XNAI_BENCH_CHAT_PORT" >&2
    exit 2
  fi
done

dotnet build -c Release -v q -nologo src/Xnai.ChatApi >/dev/null
dotnet build -c Release -v q -nologo src/Xnai.RagStub >/dev/null
dotnet build -c Release -v q -nologo bench/Xnai.LoadTest >/dev/null

work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
key=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
chat=http://127.0.0.1:$chat_port
rag=http://127.0.0.1:$rag_port

redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$work" --appendonly yes --appendfsync everysec --save '' \
  >"$work/redis.log" 2>&1 &
service() { # name dll url, then extra VAR=value
  local name=$1 dll=$2 url=$3; shift 3
  # From its project folder, as `dotnet run` starts it: the content root is where appsettings.json (logging levels,
  # limits, timeouts) is found; from the repository root the service would run on built-in defaults.
  (cd "${dll%%/bin/*}" && exec env -i PATH="$PATH" HOME="$HOME" DOTNET_CLI_TELEMETRY_OPTOUT=1 ASPNETCORE_ENVIRONMENT=Development \
    ASPNETCORE_URLS="$url" Xnai__AdminKey="$key" "$@" dotnet "$root/$dll") >"$work/$name.log" 2>&1 &
}
service rag src/Xnai.RagStub/bin/Release/net10.0/Xnai.RagStub.dll "$rag"
service chatapi src/Xnai.ChatApi/bin/Release/net10.0/Xnai.ChatApi.dll "$chat" \
  ConnectionStrings__cache="127.0.0.1:$redis_port" services__rag__http__0="$rag" \
  services__voice__http__0="http://127.0.0.1:9" Xnai__Breakers__rag_api__BreakDuration=00:05:00 ${XNAI_BENCH_CHAT_ENV:-}
for url in "$rag" "$chat"; do
  for _ in $(seq 1 120); do curl -sf "$url/alive" >/dev/null && break; sleep 0.5; done
  curl -sf "$url/alive" >/dev/null || { echo "$url did not start; logs in $work" >&2; cat "$work"/*.log >&2; exit 1; }
done

load() { dotnet bench/Xnai.LoadTest/bin/Release/net10.0/Xnai.LoadTest.dll --url "$chat" --users 1 "$@"; }
row() { grep -E "$1" | sed -E 's/[│|]//g; s/ +/ /g; s/^ //; s/ $//'; }

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

for run in $(seq 1 "$runs"); do
  out=$(load --duration "${seconds}s")
  line=$(row 'fallback p50 / p99 / max' <<<"$out")
  rps=$(row 'requests/s' <<<"$out")
  p99=$(sed -E 's#.*/ ([0-9.]+) ms / [0-9.]+ ms$#\1#' <<<"$line")
  ratio=$(awk -v a="$p99" -v b="$timeout_ms" 'BEGIN { printf "%.4f", a / b }')
  echo "== run $run: $line; $rps; p99 / RAG timeout ($timeout_ms ms) = $ratio"
done

under=$(( $(bucket 0.005) - under_before )); all=$(( $(bucket '\+Inf') - all_before ))
awk -v u="$under" -v a="$all" 'BEGIN { printf "== server side (chatapi /metrics, measured runs): %d of %d answers under 5 ms (%.2f %%)\n", u, a, 100 * u / a }'

#!/usr/bin/env bash
# Semantic retrieval under load (issue 27): keyword-only (semantic tier switched off) vs hybrid, measured in one run on
# this machine, with the load tool's distinct-questions mode (2,400 different questions, none repeated until all are
# sent), so the encoder cannot be spared by repeated texts. Debian's redis-server, rag and chatapi on loopback, without
# the Aspire orchestrator and dashboard.
#
#   bench/semantic-load.sh [--users 50] [--seconds 20] [--rounds 2] [--warmup 10]
#   XNAI_BENCH_LOGS=DIR keeps the services' logs and rag's /health and semantic metrics after each run.
#
# Steps: build Release; start redis-server and chatapi once; then for each measured run start rag afresh in the run's
# mode (keyword: Xnai:Rag:Semantic:Enabled=false; hybrid; hybrid with the query-vector cache), wait until it answers in
# that mode (passage vectors come from the on-disk cache after the first start), warm up --warmup seconds (not
# measured), and measure --seconds with --users users. Modes alternate K,H,H,K,... (--rounds pairs) so drift on a noisy
# machine falls on both. Each run prints req/s, p50/p99 and the share of rag's queries ranked hybrid (from rag's
# xnai_rag_queries_total by retrieval, read before and after). Then the breakers-on/off comparison (--compare) against
# hybrid rag. Ratios are against keyword-only measured in the same run. Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=bench/lib.sh
source bench/lib.sh

users=50 seconds=20 rounds=2 warmup=10
while [[ $# -gt 0 ]]; do
  case $1 in
    --users) users=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    *) echo "usage: $0 [--users N] [--seconds S] [--rounds N] [--warmup S]" >&2; exit 2 ;;
  esac
done

redis_port=${XNAI_BENCH_REDIS_PORT:-6393}
rag_port=${XNAI_BENCH_RAG_PORT:-5296}
chat_port=${XNAI_BENCH_CHAT_PORT:-5295}
bench_ports_free "$redis_port" "$rag_port" "$chat_port"

bench_build

work=$(mktemp -d)
rag_pid=
cleanup() {
  kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true
  if [[ -n ${XNAI_BENCH_LOGS:-} ]]; then mkdir -p "$XNAI_BENCH_LOGS"; cp "$work"/*.log "$XNAI_BENCH_LOGS"/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
key=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
chat=http://127.0.0.1:$chat_port
rag=http://127.0.0.1:$rag_port

redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$work" --save '' >"$work/redis.log" 2>&1 &
wait_alive() {
  for _ in $(seq 1 120); do curl -sf "$1/alive" >/dev/null && return 0; sleep 0.5; done
  echo "$1 did not start; logs in $work" >&2; tail -n 40 "$work"/*.log >&2; exit 1
}

start_rag() { # mode: keyword | hybrid | cached
  if [[ -n $rag_pid ]]; then kill "$rag_pid" 2>/dev/null || true; wait "$rag_pid" 2>/dev/null || true; fi
  local settings=()
  case $1 in
    keyword) settings=(Xnai__Rag__Semantic__Enabled=false) ;;
    hybrid) settings=(Xnai__Rag__Semantic__QueryCacheEntries=0) ;;
    cached) settings=(Xnai__Rag__Semantic__QueryCacheEntries=4096) ;;
  esac
  bench_service rag src/Xnai.RagStub/bin/Release/net10.0/Xnai.RagStub.dll "$rag" "${settings[@]}"
  rag_pid=$!
  wait_alive "$rag"
  local want=hybrid
  [[ $1 == keyword ]] && want=keyword
  for _ in $(seq 1 240); do
    got=$(curl -sf -X POST "$rag/api/query" -H 'Content-Type: application/json' \
      -d '{"query":"how long does the rag breaker stay open","topK":3}' | jq -r '.retrieval' 2>/dev/null || true)
    [[ $got == "$want" ]] && return 0
    sleep 0.5
  done
  echo "rag never answered with $want retrieval (last: $got); logs in $work" >&2; exit 1
}

bench_service chatapi src/Xnai.ChatApi/bin/Release/net10.0/Xnai.ChatApi.dll "$chat" \
  ConnectionStrings__cache="127.0.0.1:$redis_port" services__rag__http__0="$rag" services__voice__http__0="http://127.0.0.1:9"
start_rag keyword
wait_alive "$chat"

load() { dotnet bench/Xnai.LoadTest/bin/Release/net10.0/Xnai.LoadTest.dll --url "$chat" --users "$users" --questions distinct "$@"; }
ranked() { curl -sf "$rag/metrics" | awk -v m="$1" '/^xnai_rag_queries_total\{/ && $0 ~ "retrieval=\"" m "\"" { s += $2 } END { print s + 0 }'; }

results=$work/results.tsv
measure() { # mode
  start_rag "$1"
  load --duration "${warmup}s" >/dev/null || true
  local h0 k0 h1 k1
  h0=$(ranked hybrid); k0=$(ranked keyword)
  load --duration "${seconds}s" --json "$work/run.json" >/dev/null || true
  h1=$(ranked hybrid); k1=$(ranked keyword)
  { echo "== after $1:"; curl -s "$rag/health"; echo; curl -s "$rag/metrics" | grep -E '^xnai_rag_semantic|^xnai_circuit' ; } >>"$work/health.log" 2>&1 || true
  jq -r --arg mode "$1" --argjson h $((h1 - h0)) --argjson k $((k1 - k0)) \
    '[$mode, .total, .failed, .requestsPerSecond, .latency.p50Ms, .latency.p99Ms, $h, $k] | @tsv' "$work/run.json" | tee -a "$results" |
    awk -F'\t' '{ printf "== %-7s total %d failed %d  %.1f req/s  p50 %.1f ms  p99 %.1f ms  hybrid %d of %d rag queries (%.1f %%)\n", $1, $2, $3, $4, $5, $6, $7, $7 + $8, ($7 + $8) ? 100 * $7 / ($7 + $8) : 0 }'
}

echo "== $users users, distinct questions, ${seconds} s per run, ${rounds} pairs keyword/hybrid (alternating), warm-up ${warmup} s per rag start"
for round in $(seq 1 "$rounds"); do
  if (( round % 2 == 1 )); then measure keyword; measure hybrid; else measure hybrid; measure keyword; fi
done
measure cached

awk -F'\t' '
  { n[$1]++; total[$1] += $2; rps[$1] += $4; p50[$1] += $5; p99[$1] += $6; hy[$1] += $7; kw[$1] += $8 }
  END {
    for (m in n) printf "== mean %-7s %.1f req/s  p50 %.1f ms  p99 %.1f ms  hybrid %.1f %%\n", m, rps[m] / n[m], p50[m] / n[m], p99[m] / n[m], (hy[m] + kw[m]) ? 100 * hy[m] / (hy[m] + kw[m]) : 0
    printf "== hybrid / keyword-only: throughput %.3f  p99 %+.1f ms  (cache on: throughput %.3f, p99 %+.1f ms)\n",
      (rps["hybrid"] / n["hybrid"]) / (rps["keyword"] / n["keyword"]), p99["hybrid"] / n["hybrid"] - p99["keyword"] / n["keyword"],
      (rps["cached"] / n["cached"]) / (rps["keyword"] / n["keyword"]), p99["cached"] / n["cached"] - p99["keyword"] / n["keyword"]
  }' "$results"

echo "== breakers enabled vs disabled, hybrid rag, distinct questions"
start_rag hybrid
load --compare --admin-key "$key" --rounds "$rounds" --duration "${seconds}s" --warmup "${warmup}s" | grep -E 'enabled:|disabled:|throughput ratio'

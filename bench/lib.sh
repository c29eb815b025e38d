# Shared start-up of the bench scripts that run Debian's redis-server, rag and chatapi on loopback without the Aspire
# orchestrator (bench/outage-latency.sh, bench/semantic-load.sh). Sourced, not run; the caller has set `root` (the
# repository), `work` (a temporary folder for logs) and `key` (the admin key) before calling `bench_service`.

# Exits when one of the ports is taken: the scripts never attach to something already listening.
bench_ports_free() { # port...
  local port
  for port in "$@"; do
    if ss -ltnH "sport = :$port" | grep -q .; then
      echo "port $port is in use; set XNAI_BENCH_REDIS_PORT / XNAI_BENCH_RAG_PORT / XNAI_BENCH_CHAT_PORT" >&2
      exit 2
    fi
  done
}

# Release builds of the services and the load tool.
bench_build() {
  dotnet build -c Release -v q -nologo src/Xnai.ChatApi >/dev/null
  dotnet build -c Release -v q -nologo src/Xnai.RagStub >/dev/null
  dotnet build -c Release -v q -nologo bench/Xnai.LoadTest >/dev/null
}

# Starts a built service in the background, its output appended to $work/NAME.log.
bench_service() { # name dll url, then extra VAR=value
  local name=$1 dll=$2 url=$3; shift 3
  # From its project folder, as `dotnet run` starts it: the content root is where appsettings.json (logging levels,
  # limits, timeouts) is found; from the repository root the service would run on built-in defaults.
  (cd "${dll%%/bin/*}" && exec env -i PATH="$PATH" HOME="$HOME" DOTNET_CLI_TELEMETRY_OPTOUT=1 ASPNETCORE_ENVIRONMENT=Development \
    ASPNETCORE_URLS="$url" Xnai__AdminKey="$key" "$@" dotnet "$root/$dll") >>"$work/$name.log" 2>&1 &
}

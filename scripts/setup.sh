#!/usr/bin/env bash
# Installs what Xnai needs from Debian, skipping what is already there, then restores NuGet packages.
# Idempotent: safe to run before every start or test run.
set -euo pipefail
cd "$(dirname "$0")/.."

# redis-server: the cache when no container engine runs. flite + pocketsphinx: offline speech; espeak-ng: a second
# synthesiser whose voices the spoken-question evaluation (tests/Xnai.Tests/Voice/SpokenSet) uses besides flite's.
# prometheus: promtool and the server for the metrics tests. chromium: the browser the web page's tests drive
# (Playwright's own browser download cannot work offline); fonts-dejavu-core gives it a font to render text with.
# jq: the benchmark scripts read the load tool's JSON.
packages=(redis-server flite espeak-ng pocketsphinx pocketsphinx-en-us libpocketsphinx3 prometheus chromium fonts-dejavu-core jq)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
  # Debian starts a system redis-server on 6379 on install; Xnai runs its own on a free port, so leave that one alone.
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required: install it (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run this again." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore Xnai.sln --verbosity quiet

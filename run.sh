#!/usr/bin/env bash
# Runs Xnai: the four resources and the Aspire dashboard (its login URL is printed below).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
echo "Chat page: http://localhost:5101 (chatapi; also linked as 'Chat page' in the dashboard)"
exec dotnet run --project src/Xnai.AppHost --launch-profile http "$@"

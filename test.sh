#!/usr/bin/env bash
# Runs every test (unit and whole-app) and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh || exit 1

results=TestResults
rm -rf "$results"
# --blame names the test that was running if the test host crashes; the hang timeout bounds a stuck test.
dotnet test tests/Xnai.Tests --logger "trx;LogFileName=xnai.trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame --blame-hang-timeout 15m --blame-hang-dump-type none "$@"
status=$?

trx="$results/xnai.trx"
if [[ ! -f $trx ]]; then
  echo "no test results written ($trx missing)" >&2
  echo "0 passed, 0 failed"
  exit $((status == 0 ? 1 : status))
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
# Name each failed test with the start of its message, so a CI log that keeps only its tail still says what broke.
awk '
  /<UnitTestResult / && /outcome="Failed"/ {
    match($0, /testName="[^"]*"/); print "FAILED " substr($0, RSTART + 10, RLENGTH - 11); failing = 1; next
  }
  failing && /<Message>/ { inmessage = 1; lines = 0; sub(/.*<Message>/, "") }
  inmessage {
    line = $0; last = sub(/<\/Message>.*/, "", line)
    if (lines++ < 6) print "    " line
    if (last) { inmessage = 0; failing = 0 }
  }
  /<\/UnitTestResult>/ { failing = 0; inmessage = 0 }
' "$trx" | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'

# A crashed or hung test host is recorded as a run message, not as a failed test: print those too.
awk '/<RunInfo / && /outcome="(Error|Failed)"/ { keep = 1; n = 0 } keep && n++ < 8 { print "    " $0 } /<\/RunInfo>/ { keep = 0 }' "$trx" |
  sed -e 's/<[^>]*>//g' -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' | grep -v '^ *$'

# The ten slowest tests (their own time, without shared fixtures' start-up), so a slow-down shows in every CI log.
echo "Slowest tests:"
grep -o '<UnitTestResult [^>]*>' "$trx" |
  sed -n 's/.*testName="\([^"]*\)".* duration="\([0-9]*\):\([0-9]*\):\([0-9.]*\)".*/\2 \3 \4 \1/p' |
  awk '{ seconds = $1 * 3600 + $2 * 60 + $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); printf "%9.1f s  %s\n", seconds, $0 }' |
  sort -rn | head -n 10 | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'

passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
skipped=$(( ${total:-0} - ${executed:-0} ))
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped} skipped"
exit $status

#!/usr/bin/env bash
# Runs every CrmBlazor test (core, components, real browser) and ends with the line "N passed, N failed".
# On a fresh machine it first installs what the tests need from Debian: Chromium, PostgreSQL, redis-server and
# dovecot-imapd.
set -uo pipefail
cd "$(dirname "$0")"

# Debian packages the tests drive: Chromium for the browser tests; PostgreSQL and redis-server for the PostgreSQL
# runs of the core tests and the two-server scale-out tests; dovecot-imapd for the e-mail tests' IMAP server (each
# test starts its own private server).
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests..."
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "Could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$(pwd)/TestResults"
rm -rf "$results"

dotnet test CrmBlazor.Tests/CrmBlazor.Tests.csproj -c Release \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
status=$?

trx="$results/results.trx"
if [ -f "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(value passed); failed=$(value failed); total=$(value total); executed=$(value executed)
  skipped=$(( ${total:-0} - ${executed:-0} ))
  # A build or host crash can leave no failure counted: never report that as green.
  if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=1; fi
  # Name the failed tests just above the summary, so a log cut to its tail still says what failed.
  failed_names=$(grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | grep -o 'testName="[^"]*"' \
    | sed 's/^testName="//; s/"$//' | head -n 20)
  echo
  if [ -n "$failed_names" ]; then
    echo "Why they failed:"
    awk -f tools/trx-failures.awk "$trx" | head -n 300
    echo
    echo "Failed tests:"
    echo "$failed_names" | sed 's/^/  /; s/&quot;/"/g; s/&amp;/\&/g'
  fi
  echo "${skipped} skipped"
  echo "${passed:-0} passed, ${failed:-0} failed"
else
  echo
  echo "0 passed, 1 failed"
  [ "$status" -eq 0 ] && status=1
fi
exit $status

#!/usr/bin/env bash
# Lighthouse (12, desktop preset) on pages of a running CrmBlazor, signed in as a demo user.
#   dotnet publish CrmBlazor -c Release -o /tmp/crm-pub
#   (cd /tmp/crm-pub && ConnectionStrings__Crm="Data Source=/tmp/crm-lh.db" dotnet CrmBlazor.dll --urls http://127.0.0.1:5092 --Crm:SeedDemoData=true &)
#   tools/lighthouse.sh http://127.0.0.1:5092 deals leads funnel account/login
# Needs node (18+), curl and Chromium (CHROME_PATH, default /usr/bin/chromium). Reports go to ./lighthouse-<page>.json.
set -euo pipefail
base=${1:?base URL}; shift
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Sign in through the real form, as a browser does: the antiforgery token, then the cookie.
curl -s -c "$work/jar" -b "$work/jar" "$base/account/login" -o "$work/login.html"
token=$(grep -o '__RequestVerificationToken[^>]*' "$work/login.html" | grep -o 'value="[^"]*"' | head -1 | sed 's/value="//;s/"//')
curl -s -c "$work/jar" -b "$work/jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "_handler=login" --data-urlencode "Input.Email=${CRM_USER:-manager@demo.crm}" \
    --data-urlencode "Input.Password=${CRM_PASSWORD:-Demo123!}" "$base/account/login"
cookie=$(awk '$0 !~ /^#/ || /^#HttpOnly_/ { sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s=%s; ", $6, $7 }' "$work/jar")
printf '{"Cookie":"%s"}' "$cookie" > "$work/headers.json"

for page in "$@"; do
    name=lighthouse-$(echo "$page" | tr / -).json
    npx --yes lighthouse@12 "$base/$page" --preset=desktop --chrome-flags="--headless --no-sandbox" \
        --only-categories=performance,accessibility --extra-headers="$work/headers.json" \
        --output=json --output-path="$name" --quiet
    python3 - "$name" "$page" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); a = r["audits"]
print(f"/{sys.argv[2]}: performance {round(r['categories']['performance']['score'] * 100)}, "
      f"accessibility {round(r['categories']['accessibility']['score'] * 100)}, "
      f"FCP {a['first-contentful-paint']['displayValue']}, LCP {a['largest-contentful-paint']['displayValue']}, "
      f"TBT {a['total-blocking-time']['displayValue']}, Speed Index {a['speed-index']['displayValue']}, "
      f"transferred {a['total-byte-weight']['numericValue'] / 1024:.0f} KiB")
PY
done

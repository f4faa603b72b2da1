# Reads a trx file (dotnet test's results) and prints, for each failed test, its name, the first lines of its message
# and the line of the test code it failed at: test.sh prints them above its summary, so a log cut to its tail says why.
/<UnitTestResult / { failed = ($0 ~ /outcome="Failed"/); if (failed) { n = $0; sub(/.*testName="/, "", n); sub(/".*/, "", n); name = n } }
failed && /<Message>/ { inmsg = 1; lines = 0; print "--- " unescape(name); sub(/.*<Message>/, "") }
failed && inmsg { done = sub(/<\/Message>.*/, ""); if (lines++ < 12) print "    " unescape($0); if (done) inmsg = 0; next }
failed && /<StackTrace>/ { instack = 1 }
failed && instack && /CrmBlazor\.Tests.*:line/ { sub(/<\/StackTrace>.*/, ""); sub(/.*<StackTrace>/, ""); print "    " unescape($0); instack = 0 }
failed && /<\/StackTrace>/ { instack = 0 }
function unescape(s) { gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s }

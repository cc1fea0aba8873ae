# Prints the pass count per file of the Prometheus evaluation suite, read from a PromQL.Tests TRX file.
# Usage (sourced):  promql_conformance_report test-output/dotnet-sqlite/PromQL.Tests.trx

promql_conformance_report() {
  local trx=$1
  [ -f "$trx" ] || { echo "    PromQL conformance: no results ($trx)"; return 0; }
  say "PromQL conformance (Prometheus 2.42 evaluation suite), per file"
  grep -o '<UnitTestResult [^>]*' "$trx" \
    | sed -nE 's/.*testName="([^" :]+\.test):[0-9]+ [^"]*".*outcome="([A-Za-z]+)".*/\1 \2/p' \
    | awk '{ total[$1]++; if ($2 == "Passed") passed[$1]++ }
           END { for (f in total) printf "    %-24s %4d / %-4d passed\n", f, passed[f] + 0, total[f] }' \
    | sort
}

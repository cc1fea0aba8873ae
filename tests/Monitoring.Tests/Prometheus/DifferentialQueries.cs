namespace HospitalOps.Monitoring.Tests.Prometheus;

/// <summary>The queries of the differential check: functions, aggregations, operators and modifiers over the data set.</summary>
internal static class DifferentialQueries
{
    public static List<string> All()
    {
        var queries = new List<string>();
        string[] counters = ["diff_requests_total", "diff_requests_total{path=\"/login\"}", "diff_requests_total{code=~\"5..\"}", "diff_requests_total{instance!=\"emr-db-01:9100\",code!~\"2.*\"}"];
        string[] gauges = ["diff_temperature_celsius", "diff_memory_used_bytes", "diff_queue_length", "diff_up"];
        string[] ranges = ["1m", "5m", "10m"];
        foreach (var c in counters)
        {
            queries.Add(c);
            foreach (var r in ranges)
            {
                foreach (var f in new[] { "rate", "irate", "increase", "resets", "changes", "delta", "idelta" })
                {
                    queries.Add($"{f}({c}[{r}])");
                }
            }
        }

        foreach (var g in gauges)
        {
            queries.Add(g);
            queries.Add($"{g} offset 10m");
            foreach (var r in ranges)
            {
                foreach (var f in new[] { "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time", "deriv", "absent_over_time" })
                {
                    queries.Add($"{f}({g}[{r}])");
                }

                queries.Add($"quantile_over_time(0.9, {g}[{r}])");
                queries.Add($"predict_linear({g}[{r}], 600)");
                queries.Add($"holt_winters({g}[{r}], 0.5, 0.3)");
            }
        }

        foreach (var agg in new[] { "sum", "avg", "min", "max", "count", "stddev", "stdvar", "group" })
        {
            queries.Add($"{agg}(rate(diff_requests_total[5m]))");
            queries.Add($"{agg} by (instance) (rate(diff_requests_total[5m]))");
            queries.Add($"{agg} without (code, path) (rate(diff_requests_total[5m]))");
            queries.Add($"{agg} by (job) (diff_temperature_celsius)");
        }

        queries.AddRange(
        [
            "topk(3, rate(diff_requests_total[5m]))",
            "bottomk(2, diff_temperature_celsius)",
            "topk by (instance) (1, rate(diff_requests_total[5m]))",
            "quantile(0.5, rate(diff_requests_total[5m]))",
            "quantile by (path) (0.9, rate(diff_requests_total[5m]))",
            "count_values(\"version\", diff_build_info)",
            "count_values by (job) (\"queue\", diff_queue_length)",
            "histogram_quantile(0.9, sum by (le) (rate(diff_latency_seconds_bucket[5m])))",
            "histogram_quantile(0.5, sum by (le, instance) (rate(diff_latency_seconds_bucket[5m])))",
            "histogram_quantile(0.99, rate(diff_latency_seconds_bucket[10m]))",
            "rate(diff_latency_seconds_sum[5m]) / rate(diff_latency_seconds_count[5m])",
            "sum by (instance) (rate(diff_requests_total{code=\"500\"}[5m])) / sum by (instance) (rate(diff_requests_total[5m]))",
            "rate(diff_requests_total[5m]) / on (instance) group_left sum by (instance) (rate(diff_requests_total[5m]))",
            "sum by (instance) (rate(diff_requests_total[5m])) * on (instance) group_right diff_temperature_celsius",
            "diff_temperature_celsius > 45",
            "diff_temperature_celsius > bool 45",
            "45 < diff_temperature_celsius",
            "diff_temperature_celsius == bool on (instance) diff_temperature_celsius",
            "rate(diff_requests_total[5m]) > 1 and rate(diff_requests_total[5m]) < 15",
            "diff_up or diff_temperature_celsius",
            "diff_temperature_celsius unless on (instance) diff_up",
            "diff_queue_length and ignoring (job) diff_queue_length",
            "diff_memory_used_bytes / 1024 / 1024",
            "-diff_temperature_celsius + 2 ^ 3 ^ 0.5",
            "diff_temperature_celsius % 7",
            "diff_temperature_celsius atan2 10",
            "abs(delta(diff_temperature_celsius[10m]))",
            "ceil(diff_temperature_celsius)", "floor(diff_temperature_celsius)", "round(diff_temperature_celsius, 0.5)",
            "sqrt(diff_memory_used_bytes)", "exp(diff_temperature_celsius / 100)", "ln(diff_memory_used_bytes)", "log2(diff_memory_used_bytes)", "log10(diff_memory_used_bytes)",
            "clamp(diff_temperature_celsius, 44, 46)", "clamp_max(diff_temperature_celsius, 45)", "clamp_min(diff_temperature_celsius, 45)",
            "sgn(delta(diff_temperature_celsius[5m]))",
            "sin(diff_temperature_celsius)", "cos(diff_temperature_celsius)", "tan(diff_temperature_celsius)", "deg(diff_temperature_celsius)", "rad(diff_temperature_celsius)",
            "timestamp(diff_temperature_celsius)",
            "timestamp(diff_up)",
            "time()", "vector(1)", "scalar(sum(diff_up))", "pi()",
            "hour()", "minute()", "day_of_week()", "day_of_month()", "days_in_month()", "month()", "year()", "day_of_year()",
            "hour(timestamp(diff_temperature_celsius))",
            "absent(diff_nonexistent)", "absent(diff_up{instance=\"nowhere\"})", "absent(diff_up)",
            "label_replace(diff_temperature_celsius, \"host\", \"$1\", \"instance\", \"(.*):.*\")",
            "label_join(diff_temperature_celsius, \"id\", \"/\", \"job\", \"instance\", \"sensor\")",
            "sort(diff_temperature_celsius)", "sort_desc(rate(diff_requests_total[5m]))",
            "max_over_time(rate(diff_requests_total[5m])[30m:1m])",
            "avg_over_time(sum by (instance) (rate(diff_requests_total[1m]))[20m:2m])",
            "min_over_time(diff_temperature_celsius[30m:])",
            "rate(diff_requests_total[5m] offset 15m)",
            "sum(rate(diff_requests_total[5m])) - sum(rate(diff_requests_total[5m] offset 30m))",
            "{__name__=~\"diff_(up|queue_length)\"}",
            "{job=\"mq\"}",
            "count by (__name__) ({job=\"his\"})",
            "sum without (le) (diff_latency_seconds_bucket)",
            "changes(diff_up[1h])",
            "last_over_time(diff_up[1h])",
            "diff_queue_length offset -5m",
            "sum(diff_requests_total) by (code)",
            "count(count by (instance) (diff_requests_total))",
            "avg(diff_temperature_celsius) + on () group_left max(diff_temperature_celsius)",
            "rate(diff_requests_total[5m]) * 60 > bool 100",
            "(diff_temperature_celsius > 44.5) * 2",
            "diff_temperature_celsius @ start()",
            "rate(diff_requests_total[5m] @ end())",
            "sum(rate(diff_requests_total[5m] @ end())) by (path)",
        ]);
        return queries;
    }
}

using System.Net;
using System.Text.Json.Nodes;

namespace HospitalOps.Monitoring.Targets;

/// <summary>
/// What a kind of target needs: its address form, the settings it understands and the secret
/// fields it takes. Validation returns field → error code, the same codes the UI shows.
/// </summary>
internal sealed record TargetKind(string Code, string NameZh, string NameEn, string AddressForm, string[] SecretFields, int DefaultIntervalMs = 30_000)
{
    public static readonly IReadOnlyList<TargetKind> All =
    [
        new("prometheus", "Prometheus 指标端点", "Prometheus / OpenMetrics endpoint", "url", ["username", "password", "bearerToken"]),
        new("icmp", "ICMP Ping", "ICMP ping", "host", []),
        new("tcp", "TCP 端口", "TCP connect", "host:port", []),
        new("http", "HTTP(S) 检查", "HTTP(S) check", "url", ["username", "password"]),
        new("dns", "DNS 解析", "DNS lookup", "host:port", []),
        new("ntp", "NTP 时钟偏差", "NTP clock offset", "host", []),
        new("snmp", "SNMP v2c", "SNMP v2c", "host", ["community"]),
        new("dicom", "DICOM C-ECHO", "DICOM C-ECHO", "host:port", []),
        new("hl7", "HL7 MLLP 往返", "HL7 v2 MLLP round trip", "host:port", []),
        new("postgres", "PostgreSQL 数据库", "PostgreSQL database", "host:port", ["password"]),
        new("database", "其他数据库（驱动插件）", "Other database (driver plug-in)", "any", ["connectionString"]),
        new("weblogic", "WebLogic", "WebLogic", "url", ["username", "password"]),
        new("tomcat", "Tomcat", "Tomcat", "url", ["username", "password"]),
    ];

    public static TargetKind? Find(string? code) => All.FirstOrDefault(k => k.Code == code);

    /// <summary>Checks the address against the kind's form; null when it is fine.</summary>
    public string? CheckAddress(string address)
    {
        if (address.Length == 0)
        {
            return "required";
        }

        if (address.Length > 1000 || address.Any(char.IsControl))
        {
            return "invalid_address";
        }

        switch (AddressForm)
        {
            case "url":
                return Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0
                    ? null
                    : "invalid_url";
            case "host":
                return IsHost(StripPort(address, out _)) ? null : "invalid_host";
            case "host:port":
                var host = StripPort(address, out var port);
                return IsHost(host) && port is > 0 and <= 65535 ? null : "invalid_host_port";
            default:
                return null;
        }
    }

    /// <summary>Splits "host:port" (or "[v6]:port"); port is 0 when absent.</summary>
    public static string StripPort(string address, out int port)
    {
        port = 0;
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return address;
            }

            if (close + 1 < address.Length && address[close + 1] == ':' && int.TryParse(address.AsSpan(close + 2), out var p6))
            {
                port = p6;
            }

            return address[1..close];
        }

        var colon = address.LastIndexOf(':');
        if (colon > 0 && address.IndexOf(':') == colon && int.TryParse(address.AsSpan(colon + 1), out var p))
        {
            port = p;
            return address[..colon];
        }

        return address;
    }

    private static bool IsHost(string host) =>
        IPAddress.TryParse(host, out _) || Uri.CheckHostName(host) == UriHostNameType.Dns;

    /// <summary>Checks kind-specific settings; the collectors read the same names.</summary>
    public void CheckSettings(JsonObject settings, Dictionary<string, string> errors)
    {
        foreach (var (name, node) in settings)
        {
            if (node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 20_000)
            {
                errors["settings." + name] = "too_long";
            }
        }

        switch (Code)
        {
            case "dicom":
                foreach (var field in new[] { "callingAe", "calledAe" })
                {
                    var ae = settings.Str(field);
                    if (ae is not null && (ae.Trim().Length is 0 or > 16 || ae.Contains('\\') || ae.Any(char.IsControl)))
                    {
                        errors["settings." + field] = "invalid_ae_title";
                    }
                }

                if (string.IsNullOrWhiteSpace(settings.Str("calledAe")))
                {
                    errors["settings.calledAe"] = "required";
                }

                break;
            case "prometheus":
                var ruleErrors = Scrape.MetricRelabeler.Validate(Scrape.ScrapeIngest.ReadRules(settings));
                if (settings["relabel"] is not null and not JsonArray)
                {
                    errors["settings.relabel"] = "invalid_value";
                }
                else if (ruleErrors.Count > 0)
                {
                    errors["settings.relabel"] = ruleErrors[0].Code;
                }

                break;
            case "http":
                if (settings.Str("bodyRegex") is { Length: > 0 } pattern && !Collectors.Probes.HttpCollector.IsValidPattern(pattern))
                {
                    errors["settings.bodyRegex"] = "invalid_regex";
                }

                break;
            case "postgres":
                var index = 0;
                foreach (var check in settings["checks"] as JsonArray ?? [])
                {
                    var metric = (check as JsonObject)?.Str("metric") ?? string.Empty;
                    var sql = (check as JsonObject)?.Str("sql");
                    if (!System.Text.RegularExpressions.Regex.IsMatch(metric, "^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$"))
                    {
                        errors[$"settings.checks.{index}.metric"] = "invalid_metric_name";
                    }

                    if (Collectors.Database.CheckScriptValidator.Refusal(sql) is not null)
                    {
                        errors[$"settings.checks.{index}.sql"] = "invalid_check_script";
                    }

                    index++;
                }

                break;
            case "dns":
                if (string.IsNullOrWhiteSpace(settings.Str("name")))
                {
                    errors["settings.name"] = "required";
                }

                break;
            case "database":
                foreach (var field in new[] { "engine", "driverAssembly", "factoryType" })
                {
                    if (string.IsNullOrWhiteSpace(settings.Str(field)))
                    {
                        errors["settings." + field] = "required";
                    }
                }

                break;
        }
    }
}

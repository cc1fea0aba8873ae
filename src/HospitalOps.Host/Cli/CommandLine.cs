namespace HospitalOps.Host.Cli;

/// <summary>A parsed command line: the command words, its options, and configuration overrides.</summary>
internal sealed record ParsedCommand(string Name, Dictionary<string, List<string>> Options, Dictionary<string, string?> Configuration, bool Help)
{
    public string? Value(string option) => Options.TryGetValue(option, out var v) ? v[^1] : null;

    public IReadOnlyList<string> Values(string option) => Options.TryGetValue(option, out var v) ? v : [];

    public bool Flag(string option) => Options.ContainsKey(option);
}

/// <summary>Thrown for a command line that cannot be run; the message says what to change (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The CLI's grammar, kept small and explicit: every command lists its options, every option
/// maps to a configuration key where it is one, and anything else is a usage error.
/// </summary>
internal static class CommandLine
{
    private sealed record OptionSpec(string Name, bool TakesValue, string? ConfigKey, string Help);

    private sealed record CommandSpec(string Name, string Summary, OptionSpec[] Options);

    private static readonly OptionSpec[] Common =
    [
        new("--data-dir", true, "DataDir", "data directory (default ./data): SQLite files, keys, initial password"),
        new("--config-db", true, "ConnectionStrings:Config", "configuration database connection string (default SQLite in the data directory)"),
        new("--history-db", true, "ConnectionStrings:History", "history database connection string (default SQLite in the data directory)"),
        new("--set", true, null, "any setting as key=value, e.g. --set Identity:Session:IdleMinutes=15"),
    ];

    private static readonly CommandSpec[] Commands =
    [
        new("serve", "run the server (default command)",
        [
            new("--urls", true, "Urls", "addresses to listen on (default http://127.0.0.1:8080)"),
            new("--no-migrate", false, null, "do not apply schema migrations at start"),
            new("--demo", false, null, "load the demo hospital when the database is empty"),
        ]),
        new("migrate", "apply schema migrations to both databases and exit", []),
        new("demo", "load the demo hospital (idempotent) and exit", []),
        new("admin create-user", "create a local user; prints a generated initial password unless --password-stdin",
        [
            new("--user-name", true, null, "login name (required)"),
            new("--display-name", true, null, "name shown in the UI (default: the login name)"),
            new("--role", true, null, "role name, repeatable: sysadmin, secadmin, auditor, engineer, readonly"),
            new("--password-stdin", false, null, "read the initial password from standard input"),
        ]),
        new("admin reset-password", "set a new initial password (must be changed at next login), unlock, end sessions",
        [
            new("--user-name", true, null, "login name (required)"),
            new("--password-stdin", false, null, "read the new password from standard input"),
        ]),
        new("audit verify", "check the audit trail's hash chain; exit 1 and name the first broken record", []),
        new("history import", "backfill the metric history from a file; all or nothing, bad lines reported by number",
        [
            new("--openmetrics", true, null, "an OpenMetrics text file with a timestamp on every sample, ending with # EOF (required)"),
        ]),
    ];

    public static ParsedCommand Parse(string[] args)
    {
        var words = new List<string>();
        var i = 0;
        while (i < args.Length && !args[i].StartsWith('-'))
        {
            words.Add(args[i]);
            i++;
        }

        var name = words.Count == 0 ? "serve" : string.Join(' ', words);
        if (name is "help" || (words.Count == 0 && args.Length > 0 && args[0] is "--help" or "-h"))
        {
            return new ParsedCommand("help", [], [], true);
        }

        var command = Commands.FirstOrDefault(c => c.Name == name)
            ?? throw new UsageException($"Unknown command '{name}'. Commands: {string.Join(", ", Commands.Select(c => c.Name))}. See 'HospitalOps.Host --help'.");
        var specs = command.Options.Concat(Common).ToDictionary(o => o.Name, StringComparer.Ordinal);
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var help = false;
        for (; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                help = true;
                continue;
            }

            var key = arg;
            string? value = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                key = arg[..eq];
                value = arg[(eq + 1)..];
            }

            if (!specs.TryGetValue(key, out var spec))
            {
                throw new UsageException($"Unknown option '{key}' for '{command.Name}'. See 'HospitalOps.Host {command.Name} --help'.");
            }

            if (spec.TakesValue && value is null)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"Option '{key}' needs a value. See 'HospitalOps.Host {command.Name} --help'.");
                }

                value = args[++i];
            }
            else if (!spec.TakesValue && value is not null)
            {
                throw new UsageException($"Option '{key}' takes no value.");
            }

            if (spec.TakesValue && string.IsNullOrWhiteSpace(value))
            {
                throw new UsageException($"Option '{key}' needs a non-empty value.");
            }

            (options.TryGetValue(key, out var list) ? list : options[key] = []).Add(value ?? "true");
            if (spec.ConfigKey is not null)
            {
                configuration[spec.ConfigKey] = value;
            }
            else if (key == "--set")
            {
                var kv = value!.IndexOf('=');
                if (kv <= 0)
                {
                    throw new UsageException($"'--set {value}' must look like key=value.");
                }

                configuration[value[..kv]] = value[(kv + 1)..];
            }
        }

        if (configuration.TryGetValue("Urls", out var urls) && urls is not null)
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                {
                    throw new UsageException($"'--urls {urls}' is not a list of http(s) addresses such as http://127.0.0.1:8080.");
                }
            }
        }

        return new ParsedCommand(command.Name, options, configuration, help);
    }

    public static string Usage(string? commandName = null)
    {
        var sb = new System.Text.StringBuilder();
        var command = Commands.FirstOrDefault(c => c.Name == commandName);
        if (command is null)
        {
            sb.AppendLine("HospitalOps — IT operations platform for hospitals (server and command line)");
            sb.AppendLine();
            sb.AppendLine("Usage: HospitalOps.Host [command] [options]");
            sb.AppendLine();
            sb.AppendLine("Commands:");
            foreach (var c in Commands)
            {
                sb.AppendLine($"  {c.Name,-22} {c.Summary}");
            }

            sb.AppendLine();
            sb.AppendLine("Options of every command:");
            AppendOptions(sb, Common);
            sb.AppendLine();
            sb.AppendLine("Every option is also read from appsettings.json and from HOSPITALOPS_* environment variables");
            sb.AppendLine("(e.g. HOSPITALOPS_DataDir, HOSPITALOPS_ConnectionStrings__Config). 'COMMAND --help' shows a command's options.");
            return sb.ToString();
        }

        sb.AppendLine($"Usage: HospitalOps.Host {command.Name} [options]");
        sb.AppendLine();
        sb.AppendLine(command.Summary);
        sb.AppendLine();
        sb.AppendLine("Options:");
        AppendOptions(sb, command.Options);
        AppendOptions(sb, Common);
        return sb.ToString();
    }

    private static void AppendOptions(System.Text.StringBuilder sb, IEnumerable<OptionSpec> options)
    {
        foreach (var o in options)
        {
            sb.AppendLine($"  {(o.TakesValue ? o.Name + " VALUE" : o.Name),-24} {o.Help}");
        }
    }
}

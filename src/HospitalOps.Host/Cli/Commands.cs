using Dapper;
using HospitalOps.Host.Platform;
using HospitalOps.Identity;
using HospitalOps.Identity.Passwords;
using HospitalOps.Identity.Users;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Host.Cli;

/// <summary>The commands of the HospitalOps.Host binary; each returns its process exit code.</summary>
internal static class Commands
{
    public static async Task<int> RunAsync(string[] args)
    {
        ParsedCommand command;
        try
        {
            command = CommandLine.Parse(args);
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        if (command.Help)
        {
            Console.WriteLine(CommandLine.Usage(command.Name == "help" ? null : command.Name));
            return 0;
        }

        try
        {
            return command.Name switch
            {
                "serve" => await ServeAsync(command),
                "migrate" => await WithServicesAsync(command, async s => { await PlatformStartup.PrepareAsync(s, true, default); return 0; }),
                "demo" => await WithServicesAsync(command, async s =>
                {
                    await PlatformStartup.PrepareAsync(s, true, default);
                    await PlatformStartup.LoadDemoAsync(s, default);
                    return 0;
                }),
                "admin create-user" => await WithServicesAsync(command, s => CreateUserAsync(s, command)),
                "admin reset-password" => await WithServicesAsync(command, s => ResetPasswordAsync(s, command)),
                "audit verify" => await WithServicesAsync(command, VerifyAuditAsync),
                "history import" => await WithServicesAsync(command, s => ImportHistoryAsync(s, command)),
                _ => 2,
            };
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
        catch (AppProblem problem)
        {
            await Console.Error.WriteLineAsync($"{problem.Code}: {ErrorCatalog.Message(problem.Code, "en", problem.Args)}"
                + (problem.FieldErrors is { Count: > 0 } f ? " " + string.Join("; ", f.Select(e => $"{e.Key}: {ErrorCatalog.Message(e.Value, "en", problem.Args)}")) : string.Empty));
            return 1;
        }
        catch (MigrationFailedException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    private static async Task<int> ServeAsync(ParsedCommand command)
    {
        var app = PlatformHost.Build(command.Configuration);
        var migrate = !command.Flag("--no-migrate") && app.Services.GetRequiredService<PlatformOptions>().MigrateOnStart;
        await PlatformStartup.PrepareAsync(app.Services, migrate, default);
        if (command.Flag("--demo") && await PlatformStartup.IsEmptyAsync(app.Services, default))
        {
            await PlatformStartup.LoadDemoAsync(app.Services, default);
        }

        await app.RunAsync();
        return 0;
    }

    private static async Task<int> WithServicesAsync(ParsedCommand command, Func<IServiceProvider, Task<int>> action)
    {
        await using var app = PlatformHost.Build(command.Configuration);
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    private static async Task<int> ImportHistoryAsync(IServiceProvider services, ParsedCommand command)
    {
        var file = command.Value("--openmetrics") ?? throw new UsageException("'history import' needs --openmetrics FILE.");
        await PlatformStartup.PrepareAsync(services, services.GetRequiredService<PlatformOptions>().MigrateOnStart, default);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await services.GetRequiredService<Monitoring.Import.OpenMetricsImport>().RunAsync(file, line => Console.Error.WriteLine(line), default);
        if (!outcome.Imported)
        {
            await Console.Error.WriteLineAsync($"Nothing was imported from {file}:");
            foreach (var error in outcome.Errors)
            {
                await Console.Error.WriteLineAsync("  " + error);
            }

            return 1;
        }

        Console.WriteLine($"Imported {outcome.Samples:N0} samples of {outcome.Series:N0} series ({DateTimeOffset.FromUnixTimeMilliseconds(outcome.MinT):u} to {DateTimeOffset.FromUnixTimeMilliseconds(outcome.MaxT):u}) from {file} in {started.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    private static async Task<int> CreateUserAsync(IServiceProvider services, ParsedCommand command)
    {
        await PlatformStartup.PrepareAsync(services, services.GetRequiredService<PlatformOptions>().MigrateOnStart, default);
        var userName = command.Value("--user-name") ?? throw new UsageException("'admin create-user' needs --user-name.");
        var password = command.Flag("--password-stdin") ? ReadPassword() : PasswordPolicy.Generate();
        var user = await services.GetRequiredService<CreateUser>().Handle(
            new CreateUserRequest(userName, command.Value("--display-name") ?? userName, password, command.Values("--role"), null, null, null), default);
        Console.WriteLine($"Created user '{user.UserName}' (id {user.Id}) with roles: {string.Join(", ", user.Roles.Select(r => r.Name))}.");
        if (!command.Flag("--password-stdin"))
        {
            Console.WriteLine($"Initial password (shown once; must be changed at first login): {password}");
        }

        return 0;
    }

    private static async Task<int> ResetPasswordAsync(IServiceProvider services, ParsedCommand command)
    {
        var userName = command.Value("--user-name") ?? throw new UsageException("'admin reset-password' needs --user-name.");
        await using var connection = await services.GetRequiredService<Databases>().Config.OpenAsync();
        var id = await connection.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE lower(user_name) = lower(@userName)", new { userName });
        if (id is null)
        {
            await Console.Error.WriteLineAsync($"No user named '{userName}'.");
            return 1;
        }

        var password = command.Flag("--password-stdin") ? ReadPassword() : PasswordPolicy.Generate();
        await services.GetRequiredService<ResetPassword>().Handle(id.Value, password, new AuditActor(null, "cli", null), default);
        Console.WriteLine($"Password of '{userName}' reset; the account is unlocked and its sessions ended.");
        if (!command.Flag("--password-stdin"))
        {
            Console.WriteLine($"New initial password (shown once; must be changed at next login): {password}");
        }

        return 0;
    }

    private static async Task<int> VerifyAuditAsync(IServiceProvider services)
    {
        var result = await IdentityStartup.VerifyAuditAsync(services, default);
        if (result.Ok)
        {
            Console.WriteLine($"Audit trail intact: {result.Checked} record(s) verified.");
            return 0;
        }

        await Console.Error.WriteLineAsync($"Audit trail BROKEN at record {result.FirstBrokenSeq}: {result.Reason}");
        return 1;
    }

    private static string ReadPassword() =>
        Console.In.ReadLine()?.TrimEnd('\r', '\n') is { Length: > 0 } p ? p : throw new UsageException("--password-stdin: no password on standard input.");
}

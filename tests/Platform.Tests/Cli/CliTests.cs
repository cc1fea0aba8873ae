using System.Diagnostics;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Tests.Support;

namespace HospitalOps.Platform.Tests.Cli;

/// <summary>The real binary, run as a process the way an operator runs it.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "hospitalops-tests", Guid.NewGuid().ToString("N"));
    private readonly (string Config, string History) _databases;

    public CliTests()
    {
        _databases = TestDatabases.Create(_dataDir);

    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, true);
        }
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(string arguments, string? stdin = null, bool withData = true)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "HospitalOps.Host.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in SplitArguments(arguments))
        {
            info.ArgumentList.Add(arg);
        }

        if (withData)
        {
            info.Environment["HOSPITALOPS_DataDir"] = _dataDir;
            info.Environment["HOSPITALOPS_ConnectionStrings__Config"] = _databases.Config;
            info.Environment["HOSPITALOPS_ConnectionStrings__History"] = _databases.History;
        }

        info.Environment["HOSPITALOPS_Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(info)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }

    private static IEnumerable<string> SplitArguments(string arguments) =>
        arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var (exit, output, _) = await RunAsync("--help", withData: false);
        exit.ShouldBe(0);
        foreach (var command in new[] { "serve", "migrate", "demo", "admin create-user", "admin reset-password", "audit verify" })
        {
            output.ShouldContain(command);
        }

        var (serveExit, serveHelp, _) = await RunAsync("serve --help", withData: false);
        serveExit.ShouldBe(0);
        serveHelp.ShouldContain("--urls");
    }

    [Theory]
    [InlineData("serve --bogus", "Unknown option '--bogus'")]
    [InlineData("serve --urls", "needs a value")]
    [InlineData("serve --urls ftp://x", "not a list of http(s) addresses")]
    [InlineData("frobnicate", "Unknown command 'frobnicate'")]
    [InlineData("admin create-user --role engineer", "needs --user-name")]
    public async Task BadCommandLine_ExitsWith2AndSaysWhy(string arguments, string message)
    {
        var (exit, _, error) = await RunAsync(arguments);
        exit.ShouldBe(2);
        error.ShouldContain(message);
    }

    [Fact]
    public async Task Migrate_ThenCreateUser_ThenResetPassword()
    {
        (await RunAsync("migrate")).Exit.ShouldBe(0);
        File.Exists(Path.Combine(_dataDir, "initial-admin-password")).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(_dataDir, "initial-admin-password")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(_dataDir).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.GetUnixFileMode(Path.Combine(_dataDir, "keys")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var (exit, output, error) = await RunAsync("admin create-user --user-name cli.engineer --display-name 命令行工程师 --role engineer");
        exit.ShouldBe(0, error);
        output.ShouldContain("Initial password");

        var (weakExit, _, weakError) = await RunAsync("admin create-user --user-name cli.weak --role engineer --password-stdin", stdin: "weak");
        weakExit.ShouldBe(1);
        weakError.ShouldContain("password");

        var (resetExit, resetOutput, _) = await RunAsync("admin reset-password --user-name cli.engineer");
        resetExit.ShouldBe(0);
        resetOutput.ShouldContain("New initial password");
        (await RunAsync("admin reset-password --user-name nobody")).Exit.ShouldBe(1);
    }

    [Fact]
    public async Task Demo_IsIdempotent()
    {
        (await RunAsync("demo")).Exit.ShouldBe(0);
        await using var database = new Database(DatabaseRole.Config, _databases.Config);
        long Count(System.Data.Common.DbConnection c) => c.ExecuteScalar<long>("SELECT COUNT(*) FROM users") + c.ExecuteScalar<long>("SELECT COUNT(*) FROM org_units")
            + c.ExecuteScalar<long>("SELECT COUNT(*) FROM sd_tickets") + c.ExecuteScalar<long>("SELECT COUNT(*) FROM sd_ticket_log");
        long first;
        await using (var c = await database.OpenAsync())
        {
            first = Count(c);
            first.ShouldBeGreaterThan(20);
            // Two months of the service desk, most tickets closed and rated, some still open.
            c.ExecuteScalar<long>("SELECT COUNT(*) FROM sd_tickets").ShouldBeGreaterThan(200);
            c.ExecuteScalar<long>("SELECT COUNT(*) FROM sd_tickets WHERE state_category <> 'closed'").ShouldBeGreaterThan(5);
            c.ExecuteScalar<long>("SELECT COUNT(*) FROM sd_tickets WHERE rating IS NOT NULL").ShouldBeGreaterThan(100);
        }

        (await RunAsync("demo")).Exit.ShouldBe(0);
        await using var again = await database.OpenAsync();
        Count(again).ShouldBe(first);
    }

    [Fact]
    public async Task AuditVerify_TamperedRow_ExitsNonZeroAndNamesIt()
    {
        (await RunAsync("demo")).Exit.ShouldBe(0);
        var (okExit, okOutput, _) = await RunAsync("audit verify");
        okExit.ShouldBe(0);
        okOutput.ShouldContain("intact");

        await using (var database = new Database(DatabaseRole.Config, _databases.Config))
        {
            await using var connection = await database.OpenAsync();
            if (database.Engine == DatabaseEngine.Sqlite)
            {
                await connection.ExecuteAsync("DROP TRIGGER audit_log_no_update");
            }
            else
            {
                await connection.ExecuteAsync("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change");
            }

            await connection.ExecuteAsync("UPDATE audit_log SET user_name = 'someone-else' WHERE seq = 2");
        }

        var (exit, _, error) = await RunAsync("audit verify");
        exit.ShouldBe(1);
        error.ShouldContain("Record 2");
    }
}

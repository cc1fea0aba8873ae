using System.Data.Common;
using System.Text.Json;
using Dapper;
using HospitalOps.Tests.Support;

namespace HospitalOps.ServiceDesk.Tests.Tickets;

/// <summary>
/// The ticket list searched for words that thousands of tickets hold: the list reads such words differently (past
/// <c>TicketSearch.Candidates</c> matches; a word in a tenth of all tickets or more is looked up ticket by ticket on the first
/// pages; the count starts from the word when only the status narrows the list; PostgreSQL looks words up ticket by ticket past
/// 1,000 matches and reads an unresolved range's matches once), so its pages and totals (counted to 1,000) are checked here
/// against the same tickets found the plain way. 24,000 copies of three tickets are written straight into the tables.
/// </summary>
public sealed class TicketListOfCommonWordsTests : IAsyncLifetime
{
    private const int Copies = 24_000;
    private TicketDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _desk = await TicketDesk.StartAsync();
        // 挂号 (closed): every 4th copy that is not the 11th, 5,456 tickets with the first, over a fifth of all. 打印机 (open): two thirds. 液氦 (open): every 11th
        // copy, 2,182 tickets with the first: past the candidates but under a tenth.
        var registration = await CreateAsync("门诊挂号 窗口 缓慢", "挂号 窗口 提交 缓慢", priority: 1);
        registration = await _desk.StepOkAsync(_desk.Engineer, registration, "accept");
        registration = await _desk.StepOkAsync(_desk.Engineer, registration, "resolve", new { fields = new Dictionary<string, string> { ["resolution"] = "重建索引" } });
        await _desk.StepOkAsync(_desk.Reporter, await _desk.GetAsync(_desk.Reporter, registration.GetProperty("id").GetInt64()), "confirm", new { rating = 5 });
        var printer = await CreateAsync("打印机 卡纸", "二楼 打印机 卡纸", priority: 3);
        var helium = await CreateAsync("磁共振 液氦 液位 低", "液氦 液位 报警", priority: 3);

        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        var columns = (connection is Microsoft.Data.Sqlite.SqliteConnection
                ? await connection.QueryAsync<string>("SELECT name FROM pragma_table_info('sd_tickets')")
                : await connection.QueryAsync<string>("SELECT column_name FROM information_schema.columns WHERE table_name = 'sd_tickets'"))
            .Where(c => c is not ("id" or "number" or "opened_at")).ToList();
        await connection.ExecuteAsync(
            $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Copies})
            INSERT INTO sd_tickets ({string.Join(", ", columns)}, number, opened_at)
            SELECT {string.Join(", ", columns.Select(c => "t." + c))}, t.number || '-' || CAST(n.i AS TEXT), t.opened_at + n.i * 1000
            FROM n JOIN sd_tickets t ON t.id = CASE WHEN n.i % 11 = 0 THEN @helium WHEN n.i % 4 = 0 THEN @registration ELSE @printer END
            """,
            new { helium = Id(helium), registration = Id(registration), printer = Id(printer) });
        await connection.ExecuteAsync(connection is Microsoft.Data.Sqlite.SqliteConnection
            ? """
              INSERT INTO sd_ticket_search (rowid, title, body)
              SELECT c.id, s.title, s.body FROM sd_tickets c JOIN sd_tickets t ON c.number LIKE t.number || '-%' JOIN sd_ticket_search s ON s.rowid = t.id
              """
            : """
              INSERT INTO sd_ticket_search (ticket_id, document)
              SELECT c.id, s.document FROM sd_tickets c JOIN sd_tickets t ON c.number LIKE t.number || '-%' JOIN sd_ticket_search s ON s.ticket_id = t.id;
              ANALYZE sd_tickets; ANALYZE sd_ticket_search
              """);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private static long Id(JsonElement ticket) => ticket.GetProperty("id").GetInt64();

    private Task<JsonElement> CreateAsync(string title, string description, int priority) =>
        _desk.CreateAsync(_desk.Reporter, new { type = "incident", title, description, impact = priority == 1 ? 1 : 3, urgency = priority == 1 ? 1 : 3, businessSystemId = _desk.His });

    /// <summary>The tickets whose title holds the word, with the list's other conditions, in the list's order: the plain way.</summary>
    private async Task<List<long>> ExpectedAsync(string word, string conditions, string order)
    {
        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        return (await connection.QueryAsync<long>(
            $"SELECT t.id FROM sd_tickets t WHERE t.title LIKE @like {conditions} ORDER BY {order}, t.id DESC", new { like = $"%{word}%" })).ToList();
    }

    /// <summary>A page of the list and its total; a text search counts to 1,000 and past that says "more than 1,000".</summary>
    private async Task<(long Total, bool Exact, List<long> Ids)> ListAsync(string query, int page)
    {
        var list = await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets?{query}&page={page}&pageSize=20")).JsonAsync();
        return (list.GetProperty("total").GetInt64(), list.GetProperty("totalIsExact").GetBoolean(),
            list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList());
    }

    [Theory]
    [InlineData("挂号", "status=all&sort=opened", "", "t.opened_at DESC", 5_456)]
    [InlineData("挂号", "status=closed&sort=opened", "AND t.state_category = 'closed'", "t.opened_at DESC", 5_456)]
    [InlineData("挂号", "status=all&priority=1&sort=opened", "AND t.priority = 1", "t.opened_at DESC", 5_456)]
    [InlineData("挂号", "status=all", "", "t.priority, t.opened_at DESC", 5_456)]
    [InlineData("打印机", "status=all&sort=opened", "", "t.opened_at DESC", 16_365)]
    [InlineData("打印机", "status=open&sort=opened", "AND t.state_category IN ('new', 'open', 'waiting')", "t.opened_at DESC", 16_365)]
    [InlineData("液氦", "status=all&sort=opened", "", "t.opened_at DESC", 2_182)]
    [InlineData("液氦", "status=all&priority=3&sort=opened", "AND t.priority = 3", "t.opened_at DESC", 2_182)]
    [InlineData("液氦", "status=closed&sort=opened", "AND t.state_category = 'closed'", "t.opened_at DESC", 0)]
    public async Task ACommonWord_ListsTheSameTicketsAndTotal_AsThePlainWay(string word, string query, string conditions, string order, int count)
    {
        var expected = await ExpectedAsync(word, conditions, order);
        expected.Count.ShouldBe(count);
        var q = $"{query}&q={Uri.EscapeDataString(word)}";
        // the first pages (looked up ticket by ticket for a common word) and deeper ones (checked against the matches)
        foreach (var page in new[] { 1, 2, 5, 6, 40 })
        {
            var (total, exact, ids) = await ListAsync(q, page);
            (total, exact).ShouldBe((Math.Min(count, 1_000), count <= 1_000), $"{q} page {page}");
            ids.ShouldBe(expected.Skip((page - 1) * 20).Take(20).ToList(), $"{q} page {page}");
        }
    }

    [Fact]
    public async Task ANumbersStart_FindsTheTicketsNumberedSo_AmongCommonWords()
    {
        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        var numbers = (await connection.QueryAsync<(long Id, string Number)>(
            "SELECT id, number FROM sd_tickets WHERE title LIKE '%挂号%' ORDER BY opened_at DESC, id DESC")).ToList();
        var registration = numbers[^1].Number;

        // The copies' numbers start with the first ticket's, and their text holds it: both ways find the same 5,456 tickets, once.
        var (total, exact, ids) = await ListAsync($"status=all&sort=opened&q={Uri.EscapeDataString(registration)}", 1);
        (total, exact).ShouldBe((1_000L, false));
        ids.ShouldBe(numbers.Take(20).Select(n => n.Id).ToList());
        (total, exact, ids) = await ListAsync($"status=all&sort=opened&q={Uri.EscapeDataString(numbers[0].Number)}", 1);
        (total, exact).ShouldBe((1L, true));
        ids.ShouldBe([numbers[0].Id]);
    }

    [Theory]
    [InlineData("挂号", 5_456)]
    [InlineData("液氦", 2_182)]
    public async Task TheRecordsExportOfACommonWord_HoldsEveryMatchingTicketOnce_InOpeningOrder(string word, int count)
    {
        var expected = await ExpectedAsync(word, "", "t.opened_at DESC");
        expected.Count.ShouldBe(count);
        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        var numbers = (await connection.QueryAsync<(long Id, string Number)>("SELECT id, number FROM sd_tickets")).ToDictionary(n => n.Id, n => n.Number);

        var response = await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/export?status=all&q={Uri.EscapeDataString(word)}");
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var rows = Records.Workbook.Open(await response.Content.ReadAsByteArrayAsync())["工单记录"];

        // Written in batches of 500 in the order tickets were opened: past the first, each batch is chosen as a page of the list is.
        rows.Skip(1).Select(r => r[0]).ShouldBe(Enumerable.Reverse(expected).Select(id => numbers[id]).ToList());
    }
}

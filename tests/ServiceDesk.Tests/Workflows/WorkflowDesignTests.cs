using System.Net;
using System.Text.Json;
using HospitalOps.ServiceDesk.Tests.Tickets;
using HospitalOps.Tests.Support;

namespace HospitalOps.ServiceDesk.Tests.Workflows;

/// <summary>
/// An administrator adds a kind of work without development: a workflow of their own and a ticket type with its own fields,
/// used at once; a new version of the workflow leaves the tickets already open on theirs; definitions that could strand a
/// ticket are refused on their field.
/// </summary>
public sealed class WorkflowDesignTests : IAsyncLifetime
{
    private TicketDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TicketDesk.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private static object State(string key, string name, string category, string sla = "running") => new { key, name, nameEn = key, category, sla };

    private static object Step(string key, string name, string[] from, string to, string[]? roles = null, string[]? requiredFields = null, string? milestone = null) =>
        new { key, name, nameEn = key, from, to, roles = roles ?? [], requiredFields = requiredFields ?? [], milestone };

    private static object LoanWorkflow(bool withOverdue = false) => new
    {
        initial = "requested",
        states = new List<object>
        {
            State("requested", "已申请", "new"),
            State("lent", "已借出", "open"),
            State("returned", "已归还", "resolved", "stopped"),
            State("closed", "已关闭", "closed", "stopped"),
        }.Concat(withOverdue ? [State("overdue", "逾期未还", "open")] : []).ToList(),
        transitions = new List<object>
        {
            Step("lend", "借出", ["requested"], "lent", requiredFields: ["device"], milestone: "response"),
            Step("return", "归还", withOverdue ? ["lent", "overdue"] : ["lent"], "returned", milestone: "resolution"),
            Step("close", "关闭", ["returned"], "closed", roles: ["servicedesk.dispatch"]),
        }.Concat(withOverdue ? [Step("remind", "催还", ["lent"], "overdue")] : []).ToList(),
    };

    [Fact]
    public async Task ANewTypeWithItsOwnWorkflow_IsUsedAtOnce_AndANewVersionLeavesOpenTicketsOnTheirs()
    {
        var created = await _desk.Admin.PostAsync($"{TicketDesk.Path}/workflows", new { key = "device-loan", name = "设备借用", nameEn = "Device loan", definition = LoanWorkflow() });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var workflow = await created.JsonAsync();
        var workflowId = workflow.GetProperty("id").GetInt64();
        workflow.GetProperty("currentVersion").GetInt32().ShouldBe(1);

        var type = await _desk.Admin.PostAsync($"{TicketDesk.Path}/types", new
        {
            key = "loan",
            name = "设备借用",
            nameEn = "Device loan",
            prefix = "LOAN",
            workflowId,
            defaultImpact = 3,
            defaultUrgency = 3,
            fields = new object[]
            {
                new { key = "device", name = "设备", nameEn = "Device", kind = "select", options = new[] { new { value = "laptop", name = "笔记本电脑", nameEn = "Laptop" }, new { value = "projector", name = "投影仪", nameEn = "Projector" } } },
                new { key = "returnBy", name = "归还日期", nameEn = "Return by", kind = "datetime" },
            },
        });
        type.StatusCode.ShouldBe(HttpStatusCode.Created);

        var first = await _desk.CreateAsync(_desk.Reporter, new { type = "loan", title = "门诊部借用投影仪开会", businessSystemId = _desk.FollowUp });
        first.GetProperty("number").GetString().ShouldBe("LOAN-20261102-0001");
        first.GetProperty("stateName").GetString().ShouldBe("已申请");
        first.GetProperty("workflowVersion").GetInt32().ShouldBe(1);
        (await (await _desk.StepAsync(_desk.Engineer, first, "lend")).FieldErrorAsync("device")).ShouldBe("required");
        first = await _desk.StepOkAsync(_desk.Engineer, first, "lend", new { fields = new Dictionary<string, string> { ["device"] = "projector" } });
        first.GetProperty("state").GetString().ShouldBe("lent");

        var current = await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/workflows/{workflowId}")).JsonAsync();
        var updated = await _desk.Admin.PutAsync($"{TicketDesk.Path}/workflows/{workflowId}", new { name = "设备借用", nameEn = "Device loan", definition = LoanWorkflow(withOverdue: true), version = current.GetProperty("currentVersion").GetInt32() });
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var v2 = await updated.JsonAsync();
        v2.GetProperty("currentVersion").GetInt32().ShouldBe(2);
        v2.GetProperty("versions").EnumerateArray().Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("openTickets").GetInt64())).ShouldBe([(2, 0L), (1, 1L)]);

        // The ticket opened before stays on version 1: no 催还 for it; a new ticket gets version 2 with it.
        first = await _desk.GetAsync(_desk.Engineer, first.GetProperty("id").GetInt64());
        first.GetProperty("workflowVersion").GetInt32().ShouldBe(1);
        TicketDesk.Offered(first).ShouldBe(["return"]);
        var second = await _desk.CreateAsync(_desk.Reporter, new { type = "loan", title = "信息科借用笔记本", fields = new Dictionary<string, string> { ["device"] = "laptop" } });
        second.GetProperty("workflowVersion").GetInt32().ShouldBe(2);
        second = await _desk.StepOkAsync(_desk.Engineer, second, "lend");
        TicketDesk.Offered(second).ShouldBe(["return", "remind"]);

        first = await _desk.StepOkAsync(_desk.Engineer, first, "return");
        first.GetProperty("stateCategory").GetString().ShouldBe("resolved");

        // Saving the same definition again makes no new version; a stale version number is refused.
        (await (await _desk.Admin.PutAsync($"{TicketDesk.Path}/workflows/{workflowId}", new { name = "设备借用", nameEn = "Device loan", definition = LoanWorkflow(withOverdue: true), version = 2 })).JsonAsync())
            .GetProperty("currentVersion").GetInt32().ShouldBe(2);
        (await _desk.Admin.PutAsync($"{TicketDesk.Path}/workflows/{workflowId}", new { name = "设备借用", nameEn = "Device loan", definition = LoanWorkflow(), version = 1 })).StatusCode
            .ShouldBe(HttpStatusCode.Conflict);

        var types = (await (await _desk.Reporter.GetAsync($"{TicketDesk.Path}/types")).JsonAsync()).EnumerateArray().Select(t => t.GetProperty("key").GetString()).ToList();
        types.ShouldBe(["event", "incident", "request", "problem", "change", "release", "requirement", "task", "loan"]);
    }

    [Fact]
    public async Task ADefinitionThatCouldStrandATicket_IsRefusedOnItsField_AndNothingIsSaved()
    {
        async Task<(string? Code, string Field)> RefusalAsync(object definition)
        {
            var response = await _desk.Admin.PostAsync($"{TicketDesk.Path}/workflows", new { key = "broken", name = "坏流程", nameEn = "Broken", definition });
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var errors = (await response.JsonAsync()).GetProperty("errors").EnumerateObject().Single();
            return (errors.Value.GetProperty("code").GetString(), errors.Name);
        }

        var unreachable = new
        {
            initial = "a",
            states = new[] { State("a", "甲", "new"), State("b", "乙", "open"), State("z", "关闭", "closed", "stopped") },
            transitions = new[] { Step("finish", "完成", ["a"], "z"), Step("back", "退回", ["b"], "a") },
        };
        (await RefusalAsync(unreachable)).ShouldBe(("workflow_unreachable_state", "definition.states"));

        var deadEnd = new
        {
            initial = "a",
            states = new[] { State("a", "甲", "new"), State("b", "乙", "open"), State("z", "关闭", "closed", "stopped") },
            transitions = new[] { Step("go", "开始", ["a"], "b"), Step("finish", "完成", ["a"], "z") },
        };
        (await RefusalAsync(deadEnd)).ShouldBe(("workflow_dead_end", "definition.states"));

        var badRole = new
        {
            initial = "a",
            states = new[] { State("a", "甲", "new"), State("z", "关闭", "closed", "stopped") },
            transitions = new[] { Step("finish", "完成", ["a"], "z", roles: ["chief.of.everything"]) },
        };
        (await RefusalAsync(badRole)).ShouldBe(("workflow_unknown_role", "definition.transitions[0].roles"));

        var badTarget = new
        {
            initial = "a",
            states = new[] { State("a", "甲", "new"), State("z", "关闭", "closed", "stopped") },
            transitions = new[] { Step("finish", "完成", ["a"], "nowhere") },
        };
        (await RefusalAsync(badTarget)).ShouldBe(("workflow_unknown_state", "definition.transitions[0].to"));

        var english = _desk.Host.Client("en-US");
        (await english.LoginAsync("admin", TestHost.AdminPassword)).EnsureSuccessStatusCode();
        var message = await (await english.PostAsync($"{TicketDesk.Path}/workflows", new { key = "broken", name = "坏流程", nameEn = "Broken", definition = deadEnd })).JsonAsync();
        message.GetProperty("title").GetString().ShouldBe("\"乙\" has no way out: tickets would be stuck there.");

        var list = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/workflows")).JsonAsync()).EnumerateArray().Select(w => w.GetProperty("key").GetString()).ToList();
        list.ShouldBe(["incident", "request", "problem", "change"]);
    }

    [Fact]
    public async Task EveryBuiltInWorkflow_SavesBackAsItIs()
    {
        foreach (var summary in (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/workflows")).JsonAsync()).EnumerateArray())
        {
            var id = summary.GetProperty("id").GetInt64();
            var workflow = await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/workflows/{id}")).JsonAsync();
            var saved = await _desk.Admin.PutAsync($"{TicketDesk.Path}/workflows/{id}", new
            {
                name = workflow.GetProperty("name").GetString(),
                nameEn = workflow.GetProperty("nameEn").GetString(),
                definition = workflow.GetProperty("definition"),
                version = workflow.GetProperty("currentVersion").GetInt32(),
            });
            saved.StatusCode.ShouldBe(HttpStatusCode.OK, $"{summary.GetProperty("key").GetString()}: {await saved.Content.ReadAsStringAsync()}");
            (await saved.JsonAsync()).GetProperty("currentVersion").GetInt32().ShouldBe(1);
        }
    }
}

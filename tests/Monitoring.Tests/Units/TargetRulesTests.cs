using HospitalOps.Cmdb.Contracts;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Targets;

namespace HospitalOps.Monitoring.Tests.Units;

public sealed class TargetRulesTests
{
    [Theory]
    [InlineData("tcp", "10.1.2.3:1433", null)]
    [InlineData("tcp", "his-db-01.hospital.local:1521", null)]
    [InlineData("tcp", "[fe80::1]:104", null)]
    [InlineData("tcp", "10.1.2.3", "invalid_host_port")]
    [InlineData("tcp", "10.1.2.3:70000", "invalid_host_port")]
    [InlineData("icmp", "10.1.2.3", null)]
    [InlineData("icmp", "bad host!", "invalid_host")]
    [InlineData("prometheus", "http://10.1.2.3:9100/metrics", null)]
    [InlineData("prometheus", "ftp://10.1.2.3/metrics", "invalid_url")]
    [InlineData("http", "", "required")]
    public void CheckAddress_FollowsTheKindsAddressForm(string kind, string address, string? error) =>
        TargetKind.Find(kind)!.CheckAddress(address).ShouldBe(error);

    [Fact]
    public void Expand_FillsCiValues_AndReportsAMissingAttribute()
    {
        var ci = new CiFacts(5, "his-app-01", "HIS 应用 01", "os-instance", [], null, new Dictionary<string, string> { ["ip"] = "10.1.0.11" });

        BulkCreateTargets.Expand("http://{attr.ip}:9100/metrics", ci).ShouldBe("http://10.1.0.11:9100/metrics");
        BulkCreateTargets.Expand("{name} ({code}, #{id})", ci).ShouldBe("HIS 应用 01 (his-app-01, #5)");
        BulkCreateTargets.Expand("{attr.hostname}:22", ci).ShouldBeNull();
    }

    [Fact]
    public void Owner_SpreadsTargetsAndMovesOnlyTheShareOfAJoiningNode()
    {
        string[] two = ["node-a", "node-b"];
        string[] three = ["node-a", "node-b", "node-c"];
        var before = Enumerable.Range(1, 3000).ToDictionary(id => id, id => TargetOwnership.Owner(two, id));
        var after = Enumerable.Range(1, 3000).ToDictionary(id => id, id => TargetOwnership.Owner(three, id));

        before.Values.Count(n => n == "node-a").ShouldBeInRange(1300, 1700);
        var moved = before.Count(p => after[p.Key] != p.Value);
        after.Where(p => before[p.Key] != p.Value).ShouldAllBe(p => p.Value == "node-c");
        moved.ShouldBeInRange(800, 1200);
    }
}

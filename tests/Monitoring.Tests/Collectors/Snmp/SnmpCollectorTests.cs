using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Snmp;

namespace Monitoring.Tests.Collectors.Snmp;

public sealed class SnmpCollectorTests
{
    private static Dictionary<string, SnmpValue> SwitchMib() => new()
    {
        ["1.3.6.1.2.1.1.1.0"] = SnmpValue.FromString("Ward switch, firmware 7.2"),
        ["1.3.6.1.2.1.1.2.0"] = SnmpValue.FromOid(SnmpOid.Parse("1.3.6.1.4.1.9.1.1208")),
        ["1.3.6.1.2.1.1.3.0"] = SnmpValue.FromTimeTicks(8_640_050),
        ["1.3.6.1.2.1.1.5.0"] = SnmpValue.FromString("ward3-sw"),
        ["1.3.6.1.2.1.1.6.0"] = SnmpValue.FromString("住院楼 3 层弱电间"),
        // ifTable: port 1 (10G uplink, counters in HC), port 2 (down, no ifXTable row)
        ["1.3.6.1.2.1.2.2.1.2.1"] = SnmpValue.FromString("TenGigabitEthernet1/0/1"),
        ["1.3.6.1.2.1.2.2.1.2.2"] = SnmpValue.FromString("GigabitEthernet1/0/2"),
        ["1.3.6.1.2.1.2.2.1.5.1"] = SnmpValue.FromGauge32(uint.MaxValue),
        ["1.3.6.1.2.1.2.2.1.5.2"] = SnmpValue.FromGauge32(1_000_000_000),
        ["1.3.6.1.2.1.2.2.1.7.1"] = SnmpValue.FromInteger(1),
        ["1.3.6.1.2.1.2.2.1.7.2"] = SnmpValue.FromInteger(1),
        ["1.3.6.1.2.1.2.2.1.8.1"] = SnmpValue.FromInteger(1),
        ["1.3.6.1.2.1.2.2.1.8.2"] = SnmpValue.FromInteger(2),
        ["1.3.6.1.2.1.2.2.1.10.1"] = SnmpValue.FromCounter32(1000),
        ["1.3.6.1.2.1.2.2.1.10.2"] = SnmpValue.FromCounter32(2000),
        ["1.3.6.1.2.1.2.2.1.13.1"] = SnmpValue.FromCounter32(3),
        ["1.3.6.1.2.1.2.2.1.14.1"] = SnmpValue.FromCounter32(4),
        ["1.3.6.1.2.1.2.2.1.16.1"] = SnmpValue.FromCounter32(5000),
        ["1.3.6.1.2.1.2.2.1.16.2"] = SnmpValue.FromCounter32(6000),
        ["1.3.6.1.2.1.2.2.1.19.1"] = SnmpValue.FromCounter32(7),
        ["1.3.6.1.2.1.2.2.1.20.1"] = SnmpValue.FromCounter32(8),
        ["1.3.6.1.2.1.31.1.1.1.1.1"] = SnmpValue.FromString("Te1/0/1"),
        ["1.3.6.1.2.1.31.1.1.1.6.1"] = SnmpValue.FromCounter64(50_000_000_000),
        ["1.3.6.1.2.1.31.1.1.1.10.1"] = SnmpValue.FromCounter64(ulong.MaxValue),
        ["1.3.6.1.2.1.31.1.1.1.15.1"] = SnmpValue.FromGauge32(10_000),
        // extra OIDs: a temperature as text, a gauge
        ["1.3.6.1.4.1.99999.1.0"] = SnmpValue.FromString("41.5"),
        ["1.3.6.1.4.1.99999.2.0"] = SnmpValue.FromGauge32(87),
        ["1.3.6.1.4.1.99999.3.0"] = SnmpValue.FromString("not a number"),
    };

    private static double Value(SampleBatch batch, string metric, string? ifIndex = null) =>
        batch.Samples.Single(s => s.Metric == metric && (ifIndex is null || s.Labels.Contains(new Label("if_index", ifIndex)))).Value;

    [Fact]
    public async Task CollectAsync_SwitchMib_FillsSystemInterfacesAndExtraOids()
    {
        await using var agent = new TestSnmpAgent(TestSnmpAgent.Serving(SwitchMib()));
        var batch = new SampleBatch();

        await SnmpCollector.CollectAsync(agent.Client(), [SnmpOid.Parse("1.3.6.1.4.1.99999.1.0"), SnmpOid.Parse("1.3.6.1.4.1.99999.2.0"), SnmpOid.Parse("1.3.6.1.4.1.99999.3.0"), SnmpOid.Parse("1.3.6.1.4.1.99999.4.0")], batch, CancellationToken.None);

        Value(batch, "snmp_sys_uptime_seconds").ShouldBe(86_400.5);
        var info = batch.Samples.Single(s => s.Metric == "snmp_system_info");
        info.Value.ShouldBe(1);
        info.Labels.ShouldBe([
            new Label("sys_name", "ward3-sw"),
            new Label("sys_descr", "Ward switch, firmware 7.2"),
            new Label("sys_object_id", "1.3.6.1.4.1.9.1.1208"),
            new Label("sys_location", "住院楼 3 层弱电间"),
        ]);

        // Port 1: the 64-bit counters and ifHighSpeed win over the 32-bit ones.
        Value(batch, "snmp_if_in_octets_total", "1").ShouldBe(50_000_000_000);
        Value(batch, "snmp_if_out_octets_total", "1").ShouldBe(ulong.MaxValue);
        Value(batch, "snmp_if_speed_bits", "1").ShouldBe(10e9);
        Value(batch, "snmp_if_in_discards_total", "1").ShouldBe(3);
        Value(batch, "snmp_if_in_errors_total", "1").ShouldBe(4);
        Value(batch, "snmp_if_out_discards_total", "1").ShouldBe(7);
        Value(batch, "snmp_if_out_errors_total", "1").ShouldBe(8);
        batch.Samples.First(s => s.Metric == "snmp_if_oper_status").Labels.ShouldBe([
            new Label("if_index", "1"), new Label("if_name", "Te1/0/1"), new Label("if_descr", "TenGigabitEthernet1/0/1"),
        ]);

        // Port 2: no ifXTable row, so the 32-bit counters, ifSpeed, and ifDescr as the name.
        Value(batch, "snmp_if_in_octets_total", "2").ShouldBe(2000);
        Value(batch, "snmp_if_out_octets_total", "2").ShouldBe(6000);
        Value(batch, "snmp_if_speed_bits", "2").ShouldBe(1e9);
        Value(batch, "snmp_if_oper_status", "2").ShouldBe(2);
        Value(batch, "snmp_if_admin_status", "2").ShouldBe(1);
        batch.Samples.Any(s => s.Metric == "snmp_if_in_errors_total" && s.Labels.Contains(new Label("if_index", "2"))).ShouldBeFalse();
        batch.Samples.First(s => s.Metric == "snmp_if_oper_status" && s.Labels.Contains(new Label("if_index", "2")))
            .Labels.ShouldContain(new Label("if_name", "GigabitEthernet1/0/2"));

        // Extra OIDs: numbers and numeric text; the text and the missing object are left out.
        batch.Samples.Where(s => s.Metric == "snmp_oid_value").Select(s => (s.Labels.Single().Value, s.Value))
            .ShouldBe([("1.3.6.1.4.1.99999.1.0", 41.5), ("1.3.6.1.4.1.99999.2.0", 87.0)]);
    }

    [Fact]
    public async Task CollectAsync_AgentWithoutIfXTable_UsesIfTableOnly()
    {
        var mib = SwitchMib().Where(kv => !kv.Key.StartsWith("1.3.6.1.2.1.31.", StringComparison.Ordinal)).ToDictionary();
        await using var agent = new TestSnmpAgent(TestSnmpAgent.Serving(mib));
        var batch = new SampleBatch();

        await SnmpCollector.CollectAsync(agent.Client(), [], batch, CancellationToken.None);

        Value(batch, "snmp_if_in_octets_total", "1").ShouldBe(1000);
        Value(batch, "snmp_if_speed_bits", "1").ShouldBe(uint.MaxValue);
        batch.Samples.Count(s => s.Metric == "snmp_if_oper_status").ShouldBe(2);
    }

    [Fact]
    public async Task CollectAsync_SilentAgent_FailsTimeoutWithoutSamples()
    {
        await using var agent = new TestSnmpAgent(_ => []);
        var batch = new SampleBatch();

        var failure = await Should.ThrowAsync<CollectionFailure>(() => SnmpCollector.CollectAsync(agent.Client(retries: 0, timeoutMs: 300), [], batch, CancellationToken.None));

        failure.Code.ShouldBe(SnmpErrors.Timeout);
        batch.Samples.ShouldBeEmpty();
    }
}

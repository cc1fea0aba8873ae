using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Snmp;
using HospitalOps.Tests.Support;

namespace Monitoring.Tests.Collectors.Snmp;

/// <summary>Against the Net-SNMP agent scripts/snmpd.sh starts (HOSPITALOPS_TEST_SNMP=host:port:community).</summary>
public sealed class SnmpAgentTests
{
    private const string Variable = "HOSPITALOPS_TEST_SNMP";

    // What scripts/snmpd.sh writes into the agent's config.
    private const string ConfiguredSysName = "hops-snmp-peer";
    private const string ConfiguredSysLocation = "Server room B2, rack 7";

    private static SnmpClient Client(string? community = null, TimeSpan? timeout = null)
    {
        var parts = Environment.GetEnvironmentVariable(Variable)!.Split(':', 3);
        return new SnmpClient(new SnmpClientOptions(parts[0], community ?? parts[2])
        {
            Port = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
            Timeout = timeout ?? TimeSpan.FromSeconds(2),
            Retries = 1,
        });
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task GetAsync_SysNameAndLocation_AreTheConfiguredOnes()
    {
        var result = await Client().GetAsync([Mib2.SysName, Mib2.SysLocation], CancellationToken.None);

        result[0].Oid.ShouldBe(Mib2.SysName);
        result[0].Value.Type.ShouldBe(SnmpType.OctetString);
        result[0].Value.AsText().ShouldBe(ConfiguredSysName);
        result[1].Value.AsText().ShouldBe(ConfiguredSysLocation);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task GetAsync_NonExistentObject_GivesNoSuchObjectNextToRealValue()
    {
        var missing = SnmpOid.Parse("1.3.6.1.2.1.1.99.0");
        var missingInstance = SnmpOid.Parse("1.3.6.1.2.1.1.5.1");

        var result = await Client().GetAsync([missing, Mib2.SysName, missingInstance], CancellationToken.None);

        result[0].Oid.ShouldBe(missing);
        result[0].Value.Type.ShouldBe(SnmpType.NoSuchObject);
        result[1].Value.AsText().ShouldBe(ConfiguredSysName);
        result[2].Value.Type.ShouldBe(SnmpType.NoSuchInstance);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task GetNextAsync_SysUpTime_IsTimeTicksOfTheNextObject()
    {
        var result = await Client().GetNextAsync([SnmpOid.Parse("1.3.6.1.2.1.1.3")], CancellationToken.None);

        result.Single().Oid.ShouldBe(Mib2.SysUpTime);
        result.Single().Value.Type.ShouldBe(SnmpType.TimeTicks);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task GetBulkAsync_NonRepeaterAndRepeater_AreInterleavedAsRfc3416Says()
    {
        var result = await Client().GetBulkAsync(1, 3, [SnmpOid.Parse("1.3.6.1.2.1.1.4"), SnmpOid.Parse("1.3.6.1.2.1.1")], CancellationToken.None);

        result.Count.ShouldBe(4);
        result[0].Oid.ToString().ShouldBe("1.3.6.1.2.1.1.4.0");
        result.Skip(1).Select(v => v.Oid.ToString()).ShouldBe(["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0"]);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task WalkAsync_IfTable_FindsLoopbackInterface()
    {
        var ifTable = SnmpOid.Parse("1.3.6.1.2.1.2.2");

        var result = await Client().WalkAsync(ifTable, CancellationToken.None);

        result.ShouldAllBe(v => v.Oid.IsBelow(ifTable));
        result.Select(v => v.Oid).ShouldBe(result.Select(v => v.Oid).Order());
        result.Where(v => v.Oid.IsBelow(Mib2.IfDescr)).Select(v => v.Value.AsText()).ShouldContain("lo");
        // ifType of lo is softwareLoopback(24).
        var loIndex = result.First(v => v.Oid.IsBelow(Mib2.IfDescr) && v.Value.AsText() == "lo").Oid.SuffixAfter(Mib2.IfDescr)[0];
        result.Single(v => v.Oid.Equals(Mib2.IfEntry.Append(3, loIndex))).Value.Integer.ShouldBe(24);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task WalkAsync_SmallCap_FailsTooManyVarBinds()
    {
        var parts = Environment.GetEnvironmentVariable(Variable)!.Split(':', 3);
        var client = new SnmpClient(new SnmpClientOptions(parts[0], parts[2]) { Port = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), MaxWalkVarBinds = 5, MaxRepetitions = 3 });

        var failure = await Should.ThrowAsync<CollectionFailure>(() => client.WalkAsync(SnmpOid.Parse("1.3.6.1.2.1"), CancellationToken.None));

        failure.Code.ShouldBe(SnmpErrors.TooManyVarBinds);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task CollectAsync_RealAgent_FillsSystemAndInterfaceSamples()
    {
        var batch = new SampleBatch();

        await SnmpCollector.CollectAsync(Client(), [Mib2.SysUpTime, SnmpOid.Parse("1.3.6.1.2.1.1.7.0")], batch, CancellationToken.None);

        batch.Samples.Single(s => s.Metric == "snmp_sys_uptime_seconds").Value.ShouldBeGreaterThan(0);
        var info = batch.Samples.Single(s => s.Metric == "snmp_system_info");
        info.Labels.ShouldContain(new Label("sys_name", ConfiguredSysName));
        info.Labels.ShouldContain(new Label("sys_location", ConfiguredSysLocation));
        info.Labels.Single(l => l.Name == "sys_object_id").Value.ShouldStartWith("1.3.6.1.4.1.8072.");
        info.Labels.Single(l => l.Name == "sys_descr").Value.ShouldStartWith("Linux");

        bool IsLo(CollectedSample s) => s.Labels.Contains(new Label("if_name", "lo")) && s.Labels.Contains(new Label("if_descr", "lo"));
        batch.Samples.Single(s => s.Metric == "snmp_if_oper_status" && IsLo(s)).Value.ShouldBe(1);
        batch.Samples.Single(s => s.Metric == "snmp_if_admin_status" && IsLo(s)).Value.ShouldBe(1);
        batch.Samples.Single(s => s.Metric == "snmp_if_in_octets_total" && IsLo(s)).Value.ShouldBeGreaterThan(0);
        batch.Samples.Single(s => s.Metric == "snmp_if_speed_bits" && IsLo(s)).Value.ShouldBe(10e6);
        batch.Samples.Single(s => s.Metric == "snmp_if_oper_status" && IsLo(s)).Labels[0].Name.ShouldBe("if_index");
        foreach (var metric in new[] { "snmp_if_out_octets_total", "snmp_if_in_errors_total", "snmp_if_out_errors_total", "snmp_if_in_discards_total", "snmp_if_out_discards_total" })
        {
            batch.Samples.Count(s => s.Metric == metric && IsLo(s)).ShouldBe(1, metric);
        }

        // hrStorage: sizes multiplied out of allocation units, equal to what the kernel says of the same machine.
        double Storage(string metric, string name) => batch.Samples.Single(s => s.Metric == metric && s.Labels.Contains(new Label("storage", name))).Value;
        var memTotalKb = double.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        Storage("snmp_storage_size_bytes", "Physical memory").ShouldBe(memTotalKb * 1024);
        Storage("snmp_storage_size_bytes", "/").ShouldBe(new DriveInfo("/").TotalSize);
        Storage("snmp_storage_used_bytes", "/").ShouldBeInRange(1, Storage("snmp_storage_size_bytes", "/"));

        // sysServices from the config (72), read as an extra OID.
        batch.Samples.Single(s => s.Metric == "snmp_oid_value" && s.Labels[0].Value == "1.3.6.1.2.1.1.7.0").Value.ShouldBe(72);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task GetAsync_WrongCommunity_FailsTimeout()
    {
        var failure = await Should.ThrowAsync<CollectionFailure>(() =>
            Client(community: "wrong-community", timeout: TimeSpan.FromMilliseconds(500)).GetAsync([Mib2.SysName], CancellationToken.None));

        failure.Code.ShouldBe(SnmpErrors.Timeout);
        failure.Args["attempts"].ShouldBe("2");
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Snmp;

namespace Monitoring.Tests.Collectors.Snmp;

public sealed class SnmpClientHostilePeerTests
{
    private static readonly SnmpOid SysName = SnmpOid.Parse("1.3.6.1.2.1.1.5.0");

    [Fact]
    public async Task GetAsync_GarbageAndStrayAnswersBeforeTheRealOne_ReturnsTheRealOne()
    {
        await using var agent = new TestSnmpAgent(request => request is null ? [] :
        [
            [0xDE, 0xAD, 0xBE, 0xEF],
            [0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x01],
            TestSnmpAgent.Answer(request, [new(SysName, SnmpValue.FromString("stray"))], requestId: request.Pdu.RequestId + 1),
            TestSnmpAgent.Answer(request, [new(SysName, SnmpValue.FromString("other community"))], community: "secret"u8.ToArray()),
            TestSnmpAgent.Answer(request, [new(SysName, SnmpValue.FromString("ward-3-switch"))]),
        ]);

        var result = await agent.Client().GetAsync([SysName], CancellationToken.None);

        result.Single().Value.AsText().ShouldBe("ward-3-switch");
    }

    [Fact]
    public async Task GetAsync_PeerSendsOnlyGarbage_FailsMalformedWithReason()
    {
        await using var agent = new TestSnmpAgent(_ => [[0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x01]]);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => agent.Client(timeoutMs: 300).GetAsync([SysName], CancellationToken.None));

        failure.Code.ShouldBe(SnmpErrors.Malformed);
        failure.Args["reason"].ShouldContain("claims 2147483647 bytes");
        failure.Args["target"].ShouldBe($"127.0.0.1:{agent.Port}");
    }

    [Fact]
    public async Task GetAsync_PeerAnswersOnlyWithWrongRequestId_RetriesThenFailsTimeout()
    {
        await using var agent = new TestSnmpAgent(request => request is null ? [] :
            [TestSnmpAgent.Answer(request, [new(SysName, SnmpValue.FromString("x"))], requestId: request.Pdu.RequestId ^ 0x5555)]);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => agent.Client(retries: 2, timeoutMs: 300).GetAsync([SysName], CancellationToken.None));

        failure.Code.ShouldBe(SnmpErrors.Timeout);
        failure.Args["attempts"].ShouldBe("3");
        // The third datagram left the client a whole timeout ago; give the peer's loop a deadline to count it.
        var deadline = Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency;
        while (agent.Requests < 3 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10);
        }

        agent.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task GetAsync_SilentPeer_FailsTimeout()
    {
        await using var agent = new TestSnmpAgent(_ => []);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => agent.Client(retries: 0, timeoutMs: 300).GetAsync([SysName], CancellationToken.None));

        failure.Code.ShouldBe(SnmpErrors.Timeout);
        failure.Args["attempts"].ShouldBe("1");
    }

    [Fact]
    public async Task GetAsync_ErrorStatusInAnswer_FailsWithStatusNameAndOid()
    {
        var second = SnmpOid.Parse("1.3.6.1.2.1.1.6.0");
        await using var agent = new TestSnmpAgent(request => request is null ? [] :
            [TestSnmpAgent.Answer(request, request.Pdu.VarBinds, errorStatus: 5, errorIndex: 2)]);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => agent.Client().GetAsync([SysName, second], CancellationToken.None));

        failure.Code.ShouldBe(SnmpErrors.ErrorStatus);
        failure.Args["status"].ShouldBe("genErr");
        failure.Args["index"].ShouldBe("2");
        failure.Args["oid"].ShouldBe("1.3.6.1.2.1.1.6.0");
    }

    [Fact]
    public async Task GetAsync_AnswerWithWrongNumberOfVarBinds_FailsMalformed()
    {
        await using var agent = new TestSnmpAgent(request => request is null ? [] : [TestSnmpAgent.Answer(request, [])]);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => agent.Client().GetAsync([SysName], CancellationToken.None));

        failure.Code.ShouldBe(SnmpErrors.Malformed);
        failure.Args["reason"].ShouldContain("asked for 1 variables");
    }

    [Fact]
    public async Task GetAsync_AnswerNamesAnotherObject_FailsMalformed()
    {
        await using var agent = new TestSnmpAgent(request => request is null ? [] :
            [TestSnmpAgent.Answer(request, [new(SnmpOid.Parse("1.3.6.1.2.1.1.6.0"), SnmpValue.FromString("elsewhere"))])]);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => agent.Client().GetAsync([SysName], CancellationToken.None));

        failure.Code.ShouldBe(SnmpErrors.Malformed);
        failure.Args["reason"].ShouldContain("answered as 1.3.6.1.2.1.1.6.0");
    }

    [Fact]
    public async Task WalkAsync_HugeValuesUnderTheVarBindCap_FailsOnTheByteCap()
    {
        var subtree = SnmpOid.Parse("1.3.6.1.4.1.99999");
        var big = new byte[60_000];
        await using var agent = new TestSnmpAgent(request =>
        {
            if (request is null)
            {
                return [];
            }

            var from = request.Pdu.VarBinds[0].Oid;
            var next = from.Length > subtree.Length ? from[subtree.Length] + 1 : 1;
            return [TestSnmpAgent.Answer(request, [new SnmpVarBind(subtree.Append(next), SnmpValue.FromOctets(big))])];
        });
        var client = new SnmpClient(agent.Client().Options with { MaxWalkBytes = 1_000_000 });

        var failure = await Should.ThrowAsync<CollectionFailure>(() => client.WalkAsync(subtree, CancellationToken.None));

        failure.Code.ShouldBe(SnmpErrors.TooManyVarBinds);
        failure.Args["limit"].ShouldBe("1000000 bytes");
        agent.Requests.ShouldBe(17);
    }

    [Fact]
    public async Task WalkAsync_AgentRepeatsTheSameOid_StopsInsteadOfLooping()
    {
        var subtree = SnmpOid.Parse("1.3.6.1.2.1.2.2.1.2");
        await using var agent = new TestSnmpAgent(request => request is null ? [] :
            [TestSnmpAgent.Answer(request, [new(subtree.Append(1), SnmpValue.FromString("lo")), new(subtree.Append(1), SnmpValue.FromString("lo"))])]);

        var result = await agent.Client().WalkAsync(subtree, CancellationToken.None);

        result.Select(v => v.Oid.ToString()).ShouldBe(["1.3.6.1.2.1.2.2.1.2.1"]);
        agent.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task WalkAsync_AgentGoesBackwards_Stops()
    {
        var subtree = SnmpOid.Parse("1.3.6.1.2.1.2.2.1.2");
        await using var agent = new TestSnmpAgent(request => request is null ? [] :
            [TestSnmpAgent.Answer(request, [new(subtree.Append(5), SnmpValue.FromString("eth0")), new(subtree.Append(3), SnmpValue.FromString("eth1"))])]);

        var result = await agent.Client().WalkAsync(subtree, CancellationToken.None);

        result.Select(v => v.Value.AsText()).ShouldBe(["eth0"]);
    }

    [Fact]
    public async Task WalkAsync_EndlessSubtree_FailsTooManyVarBinds()
    {
        var subtree = SnmpOid.Parse("1.3.6.1.4.1.99999");
        await using var agent = new TestSnmpAgent(request =>
        {
            if (request is null)
            {
                return [];
            }

            // Always the next 10 OIDs after the one asked for: a subtree without end.
            var from = request.Pdu.VarBinds[0].Oid;
            var start = from.Length > subtree.Length ? from[subtree.Length] + 1 : 1;
            return [TestSnmpAgent.Answer(request, [.. Enumerable.Range(0, 10).Select(i => new SnmpVarBind(subtree.Append((uint)(start + i)), SnmpValue.FromInteger(i)))])];
        });

        var failure = await Should.ThrowAsync<CollectionFailure>(() => agent.Client(maxWalkVarBinds: 55).WalkAsync(subtree, CancellationToken.None));

        failure.Code.ShouldBe(SnmpErrors.TooManyVarBinds);
        failure.Args["limit"].ShouldBe("55");
        failure.Args["oid"].ShouldBe("1.3.6.1.4.1.99999");
        agent.Requests.ShouldBe(6);
    }

    [Fact]
    public async Task WalkAsync_SubtreeEndsInsidePage_ReturnsOnlyTheSubtree()
    {
        await using var agent = new TestSnmpAgent(TestSnmpAgent.Serving(new Dictionary<string, SnmpValue>
        {
            ["1.3.6.1.2.1.2.2.1.1.1"] = SnmpValue.FromInteger(1),
            ["1.3.6.1.2.1.2.2.1.2.1"] = SnmpValue.FromString("lo"),
            ["1.3.6.1.2.1.2.2.1.2.2"] = SnmpValue.FromString("eth0"),
            ["1.3.6.1.2.1.2.2.1.3.1"] = SnmpValue.FromInteger(24),
        }));

        var result = await agent.Client(maxRepetitions: 1).WalkAsync(SnmpOid.Parse("1.3.6.1.2.1.2.2.1.2"), CancellationToken.None);

        result.Select(v => v.Value.AsText()).ShouldBe(["lo", "eth0"]);
        agent.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task GetAsync_NothingListensOnThePort_FailsUnreachableOrTimeout()
    {
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var client = new SnmpClient(new SnmpClientOptions("127.0.0.1", "public") { Port = port, Timeout = TimeSpan.FromMilliseconds(300), Retries = 1 });

        var failure = await Should.ThrowAsync<CollectionFailure>(() => client.GetAsync([SysName], CancellationToken.None));

        // Usually the ICMP port-unreachable the connected socket reports; but Linux rate-limits those
        // and a parallel test may bind the freed port, and then there is just no answer.
        failure.Code.ShouldBeOneOf(SnmpErrors.Unreachable, SnmpErrors.Timeout);
        failure.Args["target"].ShouldBe($"127.0.0.1:{port}");
    }
}

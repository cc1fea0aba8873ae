using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HospitalOps.Monitoring.Collectors.Probes;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Collectors.Probes;

public sealed class DnsProbeTests
{
    private const string Variable = "HOSPITALOPS_TEST_DNS";
    // Long enough for the hostile peer's datagrams to arrive even on a loaded test machine; a probe
    // that gets its answer returns at once, only ignored datagrams make it wait this long.
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SilenceTimeout = TimeSpan.FromMilliseconds(700);

    public DnsProbeTests() => ProbeErrors.Register();

    private static IPEndPoint RealServer() => IPEndPoint.Parse(Environment.GetEnvironmentVariable(Variable)!);

    [RequiresEnvironmentFact(Variable)]
    public async Task ProbeAsync_KnownName_ResolvesToTheConfiguredAddress()
    {
        var probe = new DnsProbe(new DnsProbeOptions(RealServer(), "his.hospital.test", ExpectedAddress: IPAddress.Parse("10.20.30.40")));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure.ShouldBeNull();
        result.Value("probe_success").ShouldBe(1);
        result.Value("probe_dns_rcode").ShouldBe(0);
        result.Value("probe_dns_answer_count").ShouldBe(1);
        result.Value("probe_dns_truncated").ShouldBe(0);
        result.Value("probe_dns_lookup_seconds")!.Value.ShouldBeGreaterThan(0);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task ProbeAsync_KnownNameButOtherExpectedAddress_FailsWithActualAddresses()
    {
        var probe = new DnsProbe(new DnsProbeOptions(RealServer(), "his.hospital.test", ExpectedAddress: IPAddress.Parse("10.20.30.41")));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_unexpected_address");
        result.Failure.Args["actual"].ShouldBe("10.20.30.40");
        result.Value("probe_success").ShouldBe(0);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task ProbeAsync_UnknownNameWithoutUpstream_IsRefusedByDnsmasq()
    {
        // dnsmasq with --no-resolv and no upstream server refuses names it is not authoritative for.
        var probe = new DnsProbe(new DnsProbeOptions(RealServer(), "pacs.unknown.test"));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_rcode");
        result.Failure.Args["rcode"].ShouldBe("REFUSED");
        result.Value("probe_dns_rcode").ShouldBe(5);
        result.Value("probe_dns_answer_count").ShouldBe(0);
        result.Value("probe_success").ShouldBe(0);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task ProbeAsync_AaaaForIpv4OnlyName_IsRefusedByDnsmasq()
    {
        // dnsmasq 2.90: --address=/name/IPv4 answers only A; the AAAA question would be forwarded
        // and, with no upstream, is refused.
        var probe = new DnsProbe(new DnsProbeOptions(RealServer(), "his.hospital.test", DnsRecordType.Aaaa));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_rcode");
        result.Failure.Args["rcode"].ShouldBe("REFUSED");
    }

    [Fact]
    public async Task ProbeAsync_NoErrorWithoutAnswers_IsNoAnswer()
    {
        using var peer = new HostilePeer(query => [[.. Header(query, questions: 1, answers: 0), .. query[12..]]]);
        var probe = new DnsProbe(new DnsProbeOptions(peer.Endpoint, "his.hospital.test", DnsRecordType.Aaaa, AnswerTimeout));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_no_answer");
        result.Failure.Args["type"].ShouldBe("AAAA");
        result.Value("probe_dns_rcode").ShouldBe(0);
        result.Value("probe_dns_answer_count").ShouldBe(0);
    }

    [Fact]
    public async Task ProbeAsync_ServerThatNeverAnswers_TimesOut()
    {
        using var silent = new HostilePeer(_ => []);
        var probe = new DnsProbe(new DnsProbeOptions(silent.Endpoint, "his.hospital.test", QueryTimeout: SilenceTimeout));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.timeout");
        result.Value("probe_success").ShouldBe(0);
    }

    [Fact]
    public async Task ProbeAsync_NothingListening_IsConnectionRefused()
    {
        int port;
        using (var closed = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)closed.Client.LocalEndPoint!).Port;
        }
        var probe = new DnsProbe(new DnsProbeOptions(new IPEndPoint(IPAddress.Loopback, port), "his.hospital.test", QueryTimeout: AnswerTimeout));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.connection_refused");
    }

    [Fact]
    public async Task ProbeAsync_GarbageWithOtherIds_IsMalformedNotAHang()
    {
        using var garbage = new HostilePeer(query => [[(byte)(query[0] ^ 0xFF), 0x13, 0x37, 0x00, 0xFF], new byte[1], new byte[4000]]);
        var probe = new DnsProbe(new DnsProbeOptions(garbage.Endpoint, "his.hospital.test", QueryTimeout: AnswerTimeout));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_malformed");
        result.Failure.Args["reason"].ShouldStartWith("3 datagram(s)");
    }

    [Fact]
    public async Task ProbeAsync_EchoOfTheQuery_IsNotTakenForAnAnswer()
    {
        using var echo = new HostilePeer(query => [query]);
        var probe = new DnsProbe(new DnsProbeOptions(echo.Endpoint, "his.hospital.test", QueryTimeout: AnswerTimeout));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_malformed");
        result.Failure.Args["reason"].ShouldStartWith("1 datagram(s)");
    }

    [Fact]
    public async Task ProbeAsync_RightIdButShortHeader_IsMalformed()
    {
        using var peer = new HostilePeer(query => [[query[0], query[1], 0x81, 0x80, 0x00]]);
        var probe = new DnsProbe(new DnsProbeOptions(peer.Endpoint, "his.hospital.test", QueryTimeout: AnswerTimeout));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_malformed");
        result.Failure.Args["reason"].ShouldContain("12-byte header");
    }

    [Fact]
    public async Task ProbeAsync_CompressionPointerToItself_IsMalformed()
    {
        using var peer = new HostilePeer(query =>
        {
            var reply = Header(query, questions: 1, answers: 0);
            return [[.. reply, 0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01]];
        });
        var probe = new DnsProbe(new DnsProbeOptions(peer.Endpoint, "his.hospital.test", QueryTimeout: AnswerTimeout));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_malformed");
        result.Failure.Args["reason"].ShouldContain("compression pointer");
    }

    [Fact]
    public async Task ProbeAsync_HugeAnswerCountInShortMessage_IsMalformed()
    {
        using var peer = new HostilePeer(query => [Header(query, questions: 0, answers: 65535)]);
        var probe = new DnsProbe(new DnsProbeOptions(peer.Endpoint, "his.hospital.test", QueryTimeout: AnswerTimeout));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_malformed");
    }

    [Fact]
    public async Task ProbeAsync_AnswerWithCompressedNameAndTruncationFlag_IsParsedAndTruncationNoted()
    {
        using var peer = new HostilePeer(query =>
        {
            var reply = Header(query, questions: 1, answers: 1, truncated: true);
            var question = query[12..];
            byte[] answer = [0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0E, 0x10, 0x00, 0x04, 10, 20, 30, 40];
            return [[.. reply, .. question, .. answer]];
        });
        var probe = new DnsProbe(new DnsProbeOptions(peer.Endpoint, "his.hospital.test", QueryTimeout: AnswerTimeout));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure.ShouldBeNull();
        result.Value("probe_dns_truncated").ShouldBe(1);
        result.Value("probe_dns_answer_count").ShouldBe(1);
    }

    [Fact]
    public async Task ProbeAsync_SpoofedAnswerForAnotherName_IsIgnored()
    {
        using var peer = new HostilePeer(query =>
        {
            var reply = Header(query, questions: 1, answers: 1);
            byte[] question = [5, (byte)'e', (byte)'v', (byte)'i', (byte)'l', (byte)'!', 0, 0x00, 0x01, 0x00, 0x01];
            byte[] answer = [0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0E, 0x10, 0x00, 0x04, 6, 6, 6, 6];
            return [[.. reply, .. question, .. answer]];
        });
        var probe = new DnsProbe(new DnsProbeOptions(peer.Endpoint, "his.hospital.test", QueryTimeout: AnswerTimeout));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_malformed");
        result.Failure.Args["reason"].ShouldStartWith("1 datagram(s)");
    }

    [Fact]
    public void BuildQuery_Name_IsRfc1035Wire()
    {
        var query = DnsMessage.BuildQuery(0xBEEF, "his.hospital.test", DnsRecordType.A);

        query.ShouldBe(new byte[]
        {
            0xBE, 0xEF, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            3, (byte)'h', (byte)'i', (byte)'s', 8, (byte)'h', (byte)'o', (byte)'s', (byte)'p', (byte)'i', (byte)'t', (byte)'a', (byte)'l',
            4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0, 0x00, 0x01, 0x00, 0x01,
        });
    }

    [Fact]
    public void ReadName_ForwardPointerPair_IsRejected()
    {
        // Two pointers pointing at each other: the forward one is refused before any loop starts.
        byte[] message = [.. new byte[12], 0xC0, 0x0E, 0xC0, 0x0C];
        var position = 12;

        Should.Throw<DnsFormatException>(() => DnsMessage.ReadName(message, ref position));
    }

    [Fact]
    public void ReadName_NameLongerThan255Bytes_IsRejected()
    {
        var labels = Enumerable.Repeat<byte[]>([63, .. Enumerable.Repeat((byte)'a', 63)], 5).SelectMany(l => l);
        byte[] message = [.. new byte[12], .. labels, 0];
        var position = 12;

        Should.Throw<DnsFormatException>(() => DnsMessage.ReadName(message, ref position)).Message.ShouldContain("255");
    }

    private static byte[] Header(byte[] query, ushort questions, ushort answers, bool truncated = false)
    {
        var header = new byte[12];
        header[0] = query[0];
        header[1] = query[1];
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(0x8180 | (truncated ? 0x0200 : 0)));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), questions);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), answers);
        return header;
    }

    /// <summary>A UDP "DNS server" on 127.0.0.1 that answers each query with whatever the test scripts.</summary>
    private sealed class HostilePeer : IDisposable
    {
        private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();

        public HostilePeer(Func<byte[], byte[][]> respond)
        {
            Endpoint = (IPEndPoint)_socket.Client.LocalEndPoint!;
            _ = Task.Run(async () =>
            {
                try
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        var query = await _socket.ReceiveAsync(_stop.Token);
                        foreach (var datagram in respond(query.Buffer))
                        {
                            await _socket.SendAsync(datagram, query.RemoteEndPoint, _stop.Token);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // test over
                }
                catch (ObjectDisposedException)
                {
                    // test over
                }
            });
        }

        public IPEndPoint Endpoint { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
            _stop.Dispose();
        }
    }
}

using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Collectors.Snmp;

namespace Monitoring.Tests.Collectors.Snmp;

public sealed class SnmpErrorsTests
{
    [Fact]
    public void Register_AllCodes_HaveChineseAndEnglishWithPlaceholdersFilled()
    {
        SnmpErrors.Register();
        string[] codes = [SnmpErrors.Timeout, SnmpErrors.ErrorStatus, SnmpErrors.Malformed, SnmpErrors.TooManyVarBinds, SnmpErrors.InvalidOid, SnmpErrors.Unreachable];
        foreach (var code in codes)
        {
            ErrorCatalog.IsKnown(code).ShouldBeTrue(code);
        }

        var args = new Dictionary<string, string> { ["target"] = "10.1.2.3:161", ["seconds"] = "2", ["attempts"] = "2" };
        ErrorCatalog.Message(SnmpErrors.Timeout, "zh-CN", args).ShouldBe("SNMP 设备 10.1.2.3:161 在 2 秒内（共尝试 2 次）没有应答。请检查设备地址、UDP 端口、团体名（团体名错误时设备不会应答）以及防火墙。");
        ErrorCatalog.Message(SnmpErrors.Timeout, "en", args).ShouldStartWith("The SNMP agent 10.1.2.3:161 did not answer within 2 s (2 attempts).");
    }
}

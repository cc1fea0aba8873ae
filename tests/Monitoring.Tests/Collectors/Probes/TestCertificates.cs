using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HospitalOps.Monitoring.Tests.Collectors.Probes;

/// <summary>Self-signed server certificates for 127.0.0.1 / localhost, made in the test.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 SelfSigned(DateTimeOffset notBefore, DateTimeOffset notAfter, string dnsName = "localhost")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName + ", O=HospitalOps test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        if (dnsName == "localhost")
        {
            names.AddIpAddress(IPAddress.Loopback);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        // Kestrel needs the private key in a form SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, "t"), "t");
    }
}

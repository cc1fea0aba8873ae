using System.Text.Json;
using HospitalOps.Kernel.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HospitalOps.Platform.Tests.Http;

public sealed class BufferedResponseBodyTests
{
    private static (DefaultHttpContext Context, MemoryStream Sent) NewContext()
    {
        var sent = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(sent));
        return (context, sent);
    }

    private static async Task<byte[]> WriteJsonAsync(HttpResponse response, BufferedResponseBody body, int values)
    {
        var expected = new MemoryStream();
        await using (var reference = new Utf8JsonWriter(expected))
        {
            Write(reference, values);
        }

        await using (var writer = new Utf8JsonWriter(body))
        {
            Write(writer, values);
            await writer.FlushAsync();
        }

        await body.CompleteAsync(CancellationToken.None);
        await response.BodyWriter.FlushAsync();
        return expected.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, int values)
    {
        writer.WriteStartArray();
        for (var i = 0; i < values; i++)
        {
            writer.WriteStringValue($"value number {i}");
        }

        writer.WriteEndArray();
    }

    [Fact]
    public async Task SmallBody_IsSentWhole_WithItsContentLength()
    {
        var (context, sent) = NewContext();
        using var body = new BufferedResponseBody(context.Response);
        var expected = await WriteJsonAsync(context.Response, body, 50);

        body.IsStreaming.ShouldBeFalse();
        context.Response.ContentLength.ShouldBe(expected.Length);
        sent.ToArray().ShouldBe(expected);
    }

    [Fact]
    public async Task BodyGrowingBeyondTheBuffer_IsStillSentWhole_WithItsContentLength()
    {
        // 16 KiB is the first buffer; 2,000 values are about 36 KB, within the default limit.
        var (context, sent) = NewContext();
        using var body = new BufferedResponseBody(context.Response);
        var expected = await WriteJsonAsync(context.Response, body, 2_000);

        expected.Length.ShouldBeGreaterThan(16 * 1024);
        body.IsStreaming.ShouldBeFalse();
        context.Response.ContentLength.ShouldBe(expected.Length);
        sent.ToArray().ShouldBe(expected);
    }

    [Fact]
    public async Task BodyBeyondTheLimit_IsStreamed_WithoutALength_AndNothingLostOrReordered()
    {
        var (context, sent) = NewContext();
        using var body = new BufferedResponseBody(context.Response, limit: 4096);
        var expected = await WriteJsonAsync(context.Response, body, 5_000);

        body.IsStreaming.ShouldBeTrue();
        context.Response.ContentLength.ShouldBeNull();
        sent.ToArray().ShouldBe(expected);
    }
}

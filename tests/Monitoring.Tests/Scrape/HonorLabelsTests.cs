using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Scrape;

namespace HospitalOps.Monitoring.Tests.Scrape;

public sealed class HonorLabelsTests
{
    private static readonly Label[] Target = [new("job", "node"), new("instance", "his-db-01:9100")];

    private static string Show(Label[] labels) => string.Join(",", labels.Select(l => l.Name + "=" + l.Value));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Merge_NoConflict_AddsTheTargetLabels(bool honor)
    {
        Show(HonorLabels.Merge([new("__name__", "up"), new("cpu", "0")], Target, honor))
            .ShouldBe("__name__=up,cpu=0,job=node,instance=his-db-01:9100");
    }

    [Fact]
    public void Merge_ConflictWithHonorLabels_KeepsTheScrapedValue()
    {
        Show(HonorLabels.Merge([new("__name__", "up"), new("job", "pushgateway-client")], Target, honorLabels: true))
            .ShouldBe("__name__=up,job=pushgateway-client,instance=his-db-01:9100");
    }

    [Fact]
    public void Merge_ConflictWithoutHonorLabels_RenamesTheScrapedOneToExported()
    {
        Show(HonorLabels.Merge([new("__name__", "up"), new("job", "batch"), new("instance", "x")], Target, honorLabels: false))
            .ShouldBe("__name__=up,job=node,instance=his-db-01:9100,exported_job=batch,exported_instance=x");
    }

    [Fact]
    public void Merge_ExportedNameAlreadyTaken_PrefixesAgain()
    {
        Show(HonorLabels.Merge([new("__name__", "up"), new("job", "a"), new("exported_job", "b")], Target, honorLabels: false))
            .ShouldBe("__name__=up,job=node,exported_job=b,instance=his-db-01:9100,exported_exported_job=a");
    }

    [Fact]
    public void Merge_EmptyValues_MeanAbsent()
    {
        // An empty scraped value is no conflict; an empty target value removes the label when the target wins.
        Show(HonorLabels.Merge([new("__name__", "up"), new("job", "")], Target, honorLabels: false))
            .ShouldBe("__name__=up,job=node,instance=his-db-01:9100");
        Show(HonorLabels.Merge([new("__name__", "up"), new("zone", "a")], [new("zone", "")], honorLabels: false))
            .ShouldBe("__name__=up,exported_zone=a");
        Show(HonorLabels.Merge([new("__name__", "up"), new("zone", "a")], [new("zone", "")], honorLabels: true))
            .ShouldBe("__name__=up,zone=a");
    }
}

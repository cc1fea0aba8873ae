using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.History;

namespace HospitalOps.Monitoring.Tests.History;

public sealed class SeriesPostingsTests
{
    private static SeriesLabels Series(string metric, params (string Name, string Value)[] labels) =>
        SeriesLabels.Of(metric, labels.Select(l => new Label(l.Name, l.Value)));

    private static SeriesPostings Hospital()
    {
        var postings = new SeriesPostings();
        var id = 1L;
        foreach (var host in new[] { "his-db-01", "his-db-02", "emr-app-01", "pacs-01" })
        {
            foreach (var mode in new[] { "idle", "user", "system" })
            {
                postings.Add(id++, Series("node_cpu_seconds_total", ("instance", host), ("mode", mode)));
            }

            postings.Add(id++, Series("node_load1", ("instance", host)));
        }

        postings.Add(id, Series("node_load1", ("instance", "lis-01"), ("zone", "lab")));
        return postings;
    }

    private static List<string> Select(SeriesPostings postings, int limit, params LabelMatcher[] matchers) =>
        postings.Select(matchers, limit).Select(s => s.Labels.Text).ToList();

    private static LabelMatcher Name(string metric) => new(SeriesLabels.MetricLabel, MatchKind.Equal, metric);

    [Fact]
    public void Select_EveryMatcherKind_MatchesWhatTheLabelsSay()
    {
        var postings = Hospital();
        Select(postings, 100, Name("node_load1")).Count.ShouldBe(5);
        Select(postings, 100, Name("node_load1"), new LabelMatcher("instance", MatchKind.Regex, "his-.*")).Count.ShouldBe(2);
        Select(postings, 100, Name("node_load1"), new LabelMatcher("instance", MatchKind.NotRegex, "his-.*")).Count.ShouldBe(3);
        Select(postings, 100, Name("node_cpu_seconds_total"), new LabelMatcher("mode", MatchKind.NotEqual, "idle")).Count.ShouldBe(8);
        Select(postings, 100, new LabelMatcher("instance", MatchKind.Equal, "pacs-01")).Count.ShouldBe(4);

        // A matcher that matches the empty value: series without the label count as having it empty.
        Select(postings, 100, Name("node_load1"), new LabelMatcher("zone", MatchKind.Equal, string.Empty)).Count.ShouldBe(4);
        Select(postings, 100, Name("node_load1"), new LabelMatcher("zone", MatchKind.NotEqual, string.Empty)).ShouldHaveSingleItem().ShouldContain("lis-01");

        Select(postings, 100, Name("node_load1"), new LabelMatcher("instance", MatchKind.Equal, "nowhere")).ShouldBeEmpty();
        Select(postings, 100, Name("no_such_metric")).ShouldBeEmpty();
        Select(postings, 100, new LabelMatcher("instance", MatchKind.Regex, ".*")).ShouldBeEmpty();
    }

    [Fact]
    public void Select_ReturnsIdsInAscendingOrder_UpToTheLimit()
    {
        var postings = Hospital();
        var ids = postings.Select([new LabelMatcher("instance", MatchKind.Regex, ".+")], 100).Select(s => s.Id).ToList();
        ids.Count.ShouldBe(17);
        ids.ShouldBe(ids.Order().ToList());
        postings.Select([Name("node_cpu_seconds_total")], 5).Select(s => s.Id).ShouldBe([1L, 2, 3, 5, 6]);
    }

    [Fact]
    public void AddAndRemove_KeepTheListsSorted_AndAReusedIdTakesItsNewLabels()
    {
        var postings = new SeriesPostings();
        postings.Add(10, Series("up", ("job", "his")));
        postings.Add(3, Series("up", ("job", "his")));
        postings.Add(7, Series("up", ("job", "lis")));
        postings.Add(3, Series("up", ("job", "his")));
        postings.Count.ShouldBe(3);
        postings.Select([Name("up")], 10).Select(s => s.Id).ShouldBe([3L, 7, 10]);

        postings.Remove(7);
        postings.Select([new LabelMatcher("job", MatchKind.Equal, "lis")], 10).ShouldBeEmpty();
        postings.Select([Name("up")], 10).Select(s => s.Id).ShouldBe([3L, 10]);

        // SQLite can hand out the id of a removed series again, for another label set.
        postings.Add(10, Series("node_load1", ("instance", "pacs-01")));
        postings.Select([Name("up")], 10).Select(s => s.Id).ShouldBe([3L]);
        postings.Select([Name("node_load1")], 10).ShouldHaveSingleItem().Labels.Get("instance").ShouldBe("pacs-01");
        postings.Count.ShouldBe(2);
    }

    [Fact]
    public void Select_IntersectsVeryUnevenLists()
    {
        var postings = new SeriesPostings();
        for (var id = 1L; id <= 20_000; id++)
        {
            postings.Add(id, Series("node_network_receive_bytes_total", ("instance", $"vm-{id / 4:D5}"), ("device", $"eth{id % 4}")));
        }

        var one = postings.Select([Name("node_network_receive_bytes_total"), new LabelMatcher("instance", MatchKind.Equal, "vm-01234")], 100);
        one.Select(s => s.Id).ShouldBe([4936L, 4937, 4938, 4939]);
        postings.Select([new LabelMatcher("device", MatchKind.Equal, "eth1"), Name("node_network_receive_bytes_total")], 100_000).Count.ShouldBe(5_000);
    }
}

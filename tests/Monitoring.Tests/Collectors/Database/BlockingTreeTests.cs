using HospitalOps.Monitoring.Collectors.Database;

namespace HospitalOps.Monitoring.Tests.Collectors.Database;

public sealed class BlockingTreeTests
{
    private static RunningStatement S(int pid, params int[] blockedBy) =>
        new(pid, "u", "db", "app", "10.0.0.1", "active", null, null, null, null, 1.5, blockedBy, "SELECT 1", false);

    [Fact]
    public void Build_ChainAndFanOut_RootsAreUnblockedBlockers()
    {
        // 1 blocks 2 and 3; 2 blocks 4; 5 is alone; 6 is blocked by a session not in the list.
        var roots = BlockingTree.Build([S(4, 2), S(3, 1), S(2, 1), S(1), S(5), S(6, 99)]);

        roots.Count.ShouldBe(1);
        roots[0].Session.Pid.ShouldBe(1);
        roots[0].Blocks.Select(n => n.Session.Pid).ShouldBe([2, 3]);
        roots[0].Blocks[0].Blocks.Single().Session.Pid.ShouldBe(4);
        roots[0].Blocks[1].Blocks.ShouldBeEmpty();
    }

    [Fact]
    public void Build_SessionBlockedByTwoRoots_AppearsUnderBoth()
    {
        var roots = BlockingTree.Build([S(1), S(2), S(3, 1, 2)]);

        roots.Select(r => r.Session.Pid).ShouldBe([1, 2]);
        roots.ShouldAllBe(r => r.Blocks.Single().Session.Pid == 3);
    }

    [Fact]
    public void Build_WaitCycle_HasNoRootAndDoesNotLoop()
    {
        BlockingTree.Build([S(1, 2), S(2, 1)]).ShouldBeEmpty();
    }

    [Fact]
    public void Build_CycleBelowARoot_EndsAtTheRepeat()
    {
        var roots = BlockingTree.Build([S(1), S(2, 1, 3), S(3, 2)]);

        var two = roots.Single().Blocks.Single();
        two.Session.Pid.ShouldBe(2);
        two.Blocks.Single().Session.Pid.ShouldBe(3);
        two.Blocks.Single().Blocks.ShouldBeEmpty();
    }
}

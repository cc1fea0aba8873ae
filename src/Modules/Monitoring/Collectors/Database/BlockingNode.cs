namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>A session in the blocking tree and the sessions it blocks directly.</summary>
internal sealed record BlockingNode(RunningStatement Session, IReadOnlyList<BlockingNode> Blocks);

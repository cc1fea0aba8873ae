namespace HospitalOps.Monitoring.Collection;

/// <summary>
/// A collection that did not get what it came for: the peer refused, timed out, answered
/// garbage. <see cref="Code"/> is a code of the error catalog (shown in zh-CN or en on the
/// target's health); <see cref="Args"/> fill its {name} placeholders. The exception message is
/// the English detail for the server log.
/// </summary>
internal sealed class CollectionFailure : Exception
{
    public CollectionFailure(string code, params (string Name, string Value)[] args)
        : base(code + (args.Length == 0 ? "" : ": " + string.Join(", ", args.Select(a => a.Name + "=" + a.Value))))
    {
        Code = code;
        Args = args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
    }

    public string Code { get; }

    public IReadOnlyDictionary<string, string> Args { get; }
}

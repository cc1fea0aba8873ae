namespace HospitalOps.Kernel.Paging;

/// <summary>One page of a list and the total count, as every list endpoint returns it.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, int PageNumber, int PageSize);

/// <summary>Page number (1-based) and size from the query string, clamped to sane bounds.</summary>
public readonly record struct PageRequest(int PageNumber, int PageSize)
{
    public const int MaxPageSize = 500;

    public int Offset => (PageNumber - 1) * PageSize;

    public static PageRequest From(int? page, int? pageSize) =>
        new(Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 20, 1, MaxPageSize));
}

namespace HospitalOps.Cmdb.Availability;

/// <summary>What one component failing alone does to a business system; the values are the letters shown in the matrix.</summary>
internal enum FailureCell
{
    /// <summary>In the closure, but the business system stays up (a hot standby or a surviving cluster covers it).</summary>
    A = 'A',

    /// <summary>The business system is down until someone switches to a cold standby.</summary>
    M = 'M',

    /// <summary>Single point of failure: the business system is down.</summary>
    X = 'X',
}

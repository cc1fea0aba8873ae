namespace HospitalOps.TextSearch;

/// <summary>One index term a query looks for; <see cref="Prefix"/> also accepts longer terms starting with it.</summary>
public sealed record QueryTerm(string Text, bool Prefix);

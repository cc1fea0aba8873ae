using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Parsing;

/// <summary>Raised inside the parser with a character offset; turned into a positioned <see cref="PromQLParseException"/> at the boundary.</summary>
internal sealed class ParseFailure(int pos, string message) : Exception(message)
{
    public int Pos { get; } = pos;

    public PromQLParseException ToException(string query)
    {
        var pos = Math.Clamp(Pos, 0, query.Length);
        var line = 1;
        var lastBreak = -1;
        for (var i = 0; i < pos; i++)
        {
            if (query[i] == '\n')
            {
                line++;
                lastBreak = i;
            }
        }

        var column = pos - lastBreak;
        return new PromQLParseException($"{line}:{column}: parse error: {Message}", line, column, pos);
    }
}

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// Walks the labels of a sample the reader has already validated (the text between the braces),
/// so it never fails; usable in <c>foreach</c>.
/// </summary>
internal ref struct ExpositionLabelEnumerator
{
    private readonly ReadOnlySpan<byte> _text;
    private int _position;

    public ExpositionLabelEnumerator(ReadOnlySpan<byte> labelText)
    {
        _text = labelText;
        _position = 0;
        Current = default;
    }

    public ExpositionLabel Current { get; private set; }

    public readonly ExpositionLabelEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        var text = _text;
        var i = _position;
        while (i < text.Length && (text[i] == (byte)',' || ExpositionSyntax.IsSpace(text[i])))
        {
            i++;
        }

        if (i >= text.Length)
        {
            _position = i;
            return false;
        }

        var nameLength = ExpositionSyntax.LabelNameLength(text[i..]);
        var name = text.Slice(i, nameLength);
        i = text[(i + nameLength)..].IndexOf((byte)'"') + i + nameLength + 1;
        var valueStart = i;
        var hasEscapes = false;
        while (true)
        {
            var stop = text[i..].IndexOfAny((byte)'"', (byte)'\\');
            i += stop;
            if (text[i] == (byte)'"')
            {
                break;
            }

            hasEscapes = true;
            i += 2;
        }

        Current = new ExpositionLabel(name, text[valueStart..i], hasEscapes);
        _position = i + 1;
        return true;
    }
}

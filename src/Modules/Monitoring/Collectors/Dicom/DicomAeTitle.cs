using System.Text;

namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>
/// Application Entity titles (PS3.5 §6.2, VR "AE"): 1 to 16 characters of the default
/// repertoire, no backslash, no control characters; leading and trailing spaces do not count.
/// </summary>
internal static class DicomAeTitle
{
    public const string InvalidCode = "monitoring.dicom.invalid_ae_title";

    public const int MaxLength = 16;

    public const string DefaultCalling = "HOSPITALOPS";

    /// <summary>Null when <paramref name="value"/> is a usable AE title, else the error code <see cref="InvalidCode"/>.</summary>
    public static string? Validate(string? value)
    {
        if (value is null)
        {
            return InvalidCode;
        }

        var trimmed = value.Trim(' ');
        if (trimmed.Length is 0 or > MaxLength)
        {
            return InvalidCode;
        }

        foreach (var c in trimmed)
        {
            if (c < 0x20 || c > 0x7E || c == '\\')
            {
                return InvalidCode;
            }
        }

        return null;
    }

    /// <summary>The 16 bytes of the title in an A-ASSOCIATE-RQ: the trimmed title, space-padded. The title must be valid.</summary>
    public static byte[] Encode(string value)
    {
        var bytes = new byte[MaxLength];
        Array.Fill(bytes, (byte)' ');
        Encoding.ASCII.GetBytes(value.Trim(' '), bytes);
        return bytes;
    }
}

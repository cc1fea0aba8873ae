namespace HospitalOps.Monitoring.Scrape;

/// <summary>Why a line of an exposition body was rejected (each has a code in <see cref="ScrapeErrors"/>).</summary>
internal enum ExpositionErrorReason
{
    None,
    LineTooLong,
    InvalidMetricName,
    InvalidLabelName,
    InvalidLabelSet,
    InvalidEscape,
    DuplicateLabelName,
    TooManyLabels,
    InvalidUtf8,
    MissingValue,
    InvalidValue,
    InvalidTimestamp,
    UnexpectedTrailingData,
    InvalidExemplar,
    InvalidMetadata,
    InvalidType,
    InvalidEof,
    DataAfterEof,
    MissingEof,
}

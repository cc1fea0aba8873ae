using HospitalOps.Monitoring.Collectors.Dicom;

namespace HospitalOps.Monitoring.Tests.Collectors.Dicom;

public sealed class DicomAeTitleTests
{
    [Theory]
    [InlineData("PACS")]
    [InlineData("A")]
    [InlineData("ABCDEFGHIJKLMNOP")]
    [InlineData(" CT 01 ")]
    [InlineData("MR-2_ROOM.3")]
    public void Validate_UsableTitle_ReturnsNull(string title) => DicomAeTitle.Validate(title).ShouldBeNull();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("    ")]
    [InlineData("ABCDEFGHIJKLMNOPQ")]
    [InlineData(@"PACS\1")]
    [InlineData("PACS\t1")]
    [InlineData("PACS\n")]
    [InlineData("影像科")]
    public void Validate_UnusableTitle_ReturnsInvalidAeTitleCode(string? title) =>
        DicomAeTitle.Validate(title).ShouldBe("monitoring.dicom.invalid_ae_title");
}

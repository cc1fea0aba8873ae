namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>Where and as whom to run a DICOM verification (C-ECHO).</summary>
/// <param name="Host">Host name or IP address of the DICOM node.</param>
/// <param name="Port">Its DICOM port (104, 11112, …).</param>
/// <param name="CalledAeTitle">The AE title of the node.</param>
/// <param name="Timeout">For the whole exchange, from connect to release.</param>
/// <param name="CallingAeTitle">Our AE title, as the node knows us.</param>
internal sealed record DicomEchoRequest(
    string Host,
    int Port,
    string CalledAeTitle,
    TimeSpan Timeout,
    string CallingAeTitle = DicomAeTitle.DefaultCalling);

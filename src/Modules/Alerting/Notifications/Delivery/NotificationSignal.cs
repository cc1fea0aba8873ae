namespace HospitalOps.Alerting.Notifications.Delivery;

/// <summary>
/// Wakes this node's notification worker as soon as something was written that may need notifying, so a message is
/// queued and sent within a fraction of a second rather than at the next poll (other nodes still find it by polling).
/// </summary>
internal sealed class NotificationSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Pulse()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another pulse got there first; one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}

namespace CrmBlazor.Core.Webhooks;

/// <summary>The <c>Crm:Webhooks</c> settings: timeouts and the retry schedule of outgoing webhooks.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Crm:Webhooks";

    /// <summary>Whether this server runs the sender (the web app's hosted <c>WebhookSender</c>); several servers may all run it.</summary>
    public bool SenderEnabled { get; set; } = true;

    /// <summary>How long a receiver may take to answer before the try counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed try; it doubles after each further failure, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a delivery is retried before it is given up (and how long a webhook may fail before it is switched off).</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often a server looks for due deliveries when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many deliveries one server claims and sends at once.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// How long a claim holds: another server takes the delivery over only after it (the claiming server crashed).
    /// Always longer than <see cref="Timeout"/>, so a slow receiver never gets one delivery from two servers at once.
    /// </summary>
    public TimeSpan Lease => Timeout * 3 + TimeSpan.FromSeconds(30);

    /// <summary>The wait after failed try number <paramref name="attempts"/> (1 for the first).</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var ticks = Math.Min(FirstRetryDelay.Ticks * factor, MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}

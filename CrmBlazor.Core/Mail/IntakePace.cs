namespace CrmBlazor.Core.Mail;

/// <summary>
/// Keeps the reader's filing of a backlog to a share of the time (<see cref="MailOptions.IntakeShare"/>, decision 018).
/// Before each piece of its work (a FETCH, and each transaction of a batch: the new senders' leads, the messages) the
/// reader rests in proportion to its work since the last rest, so its CPU comes in short pieces spread over the pass,
/// not in one burst per batch: a user's move then shares the cores with a few milliseconds of it at most.
/// </summary>
public sealed class IntakePace(double share, TimeProvider? time = null)
{
    // The machine's own clock, not the app's: the reader's work is measured in real time.
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long? _since;

    /// <summary>The share of the time the work takes (1: no rest).</summary>
    public double Share { get; } = Math.Clamp(share, MailOptions.MinIntakeShare, 1);

    /// <summary>Counts the work from now: what went before (the wait for the IMAP server) was not the reader's.</summary>
    public void Restart() => _since = _time.GetTimestamp();

    /// <summary>Rests for the work since the last rest (or <see cref="Restart"/>) times (1 / share - 1); no rest before the first work.</summary>
    public async Task RestAsync(CancellationToken ct)
    {
        var worked = _since is { } since ? _time.GetElapsedTime(since) : TimeSpan.Zero;
        if (Share < 1 && worked > TimeSpan.Zero)
        {
            await Task.Delay(worked * (1 / Share - 1), _time, ct).ConfigureAwait(false);
        }
        _since = _time.GetTimestamp();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Hubs;

/// <summary>
/// Live CRM events for anything that is not a Blazor page (other front ends, integrations, tests). Signed-in users
/// only. Each connection hears <c>countersChanged</c> when its user's counters may have changed; the Watch methods add
/// the events of a pipeline's board, the leads, or one element's page, each event once per watched group it concerns.
/// Nothing here changes data.
/// </summary>
/// <remarks>
/// Each connection hears only what its user may read (<see cref="AccessPolicy.Shown"/>, through
/// <see cref="HubEventForwarder"/>): a deal given to someone outside the user's scope arrives with <c>after</c> null
/// (it leaves their board), a lead, contact or company as <c>elementHidden</c>. Watching what the user's role does
/// not read at all is refused with a hub error.
/// </remarks>
[Authorize]
public sealed class CrmHub(RecordAccess access, AccessProfiles profiles, HubAudience audience, IDbContextFactory<CrmDbContext> contextFactory) : Hub
{
    public const string Path = "/hubs/crm";

    /// <summary>The most events one <see cref="EventsSince"/> answers; <see cref="CatchUp.More"/> says to ask again.</summary>
    public const int CatchUpBatch = 1000;

    public override async Task OnConnectedAsync()
    {
        var actor = CurrentUser.FromPrincipal(Context.User!);
        audience.Connect(Context, actor.UserId);
        await base.OnConnectedAsync();
        CrmMetrics.HubConnections.Add(1);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        audience.Disconnect(Context.ConnectionId);
        CrmMetrics.HubConnections.Add(-1);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Adds the events of a pipeline's board (of the deals the user may read). Refused when the role reads no deals.</summary>
    public async Task WatchPipeline(int pipelineId)
    {
        await RequireAsync(AccessEntity.Deal);
        audience.Watch(Context.ConnectionId, LiveTopics.Pipeline(pipelineId));
    }

    /// <summary>Adds the events of the lead list (of the leads the user may read). Refused when the role reads no leads.</summary>
    public async Task WatchLeads()
    {
        await RequireAsync(AccessEntity.Lead);
        audience.Watch(Context.ConnectionId, LiveTopics.Leads);
    }

    /// <summary>Adds the events of one element's page: its changes, activities and comments.</summary>
    /// <remarks>Refused (a hub error) for a record the user's role may not read.</remarks>
    public async Task WatchElement(ElementKind kind, int id)
    {
        var actor = await CurrentUser.ActorAsync(Context.User!, profiles, Context.ConnectionAborted);
        if (!await access.MayReadAsync(new ElementRef(kind, id), actor, Context.ConnectionAborted))
        {
            throw new HubException("Not readable.");
        }
        audience.Watch(Context.ConnectionId, LiveTopics.Element(new ElementRef(kind, id)));
    }

    public void UnwatchElement(ElementKind kind, int id) => audience.Unwatch(Context.ConnectionId, LiveTopics.Element(new ElementRef(kind, id)));

    public void UnwatchPipeline(int pipelineId) => audience.Unwatch(Context.ConnectionId, LiveTopics.Pipeline(pipelineId));

    /// <summary>
    /// Catch-up after a reconnect (decision 022): every event's <c>sequence</c> is its place among all events, so a
    /// client that remembers the last one it saw watches again what it watched (a new connection watches nothing) and
    /// asks for the events after it. The answer holds those of the watched topics, as the user may hear them, in
    /// order, at most <see cref="CatchUpBatch"/> (<see cref="CatchUp.More"/>: ask again from <see cref="CatchUp.Sequence"/>);
    /// <see cref="CatchUp.CountersChanged"/> when any concerned the user's counters; <see cref="CatchUp.Reload"/> when
    /// the server no longer keeps them all (older than an hour): load afresh.
    /// </summary>
    public async Task<CatchUp> EventsSince(long sequence)
    {
        var actor = await CurrentUser.ActorAsync(Context.User!, profiles, Context.ConnectionAborted);
        await using var db = await contextFactory.CreateDbContextAsync(Context.ConnectionAborted);
        var stored = await LiveUpdates.ReadAfterAsync(db, Math.Max(0, sequence), CatchUpBatch, Context.ConnectionAborted);
        if (stored is null)
        {
            return new CatchUp([], await LiveUpdates.LastSequenceAsync(db, Context.ConnectionAborted), Reload: true, More: false, CountersChanged: true);
        }
        var events = new List<CrmEvent>();
        var counters = false;
        var mine = LiveTopics.User(actor.UserId);
        foreach (var change in stored.Events)
        {
            counters |= change.Topics.Contains(mine);
            if (change.Topics.Any(t => !LiveTopics.IsUser(t) && audience.IsWatching(Context.ConnectionId, t))
                && AccessPolicy.Shown(change, actor) is { } shown)
            {
                events.Add(shown);
            }
        }
        var last = stored.Rows > 0 ? stored.Last : Math.Max(sequence, await LiveUpdates.LastSequenceAsync(db, Context.ConnectionAborted));
        return new CatchUp(events, last, Reload: false, More: stored.Rows == CatchUpBatch, CountersChanged: counters);
    }

    /// <summary>The answer of <see cref="EventsSince"/>.</summary>
    /// <param name="Events">The missed events of the watched topics, as the user may hear them, in order (each with its <c>type</c>).</param>
    /// <param name="Sequence">The last sequence the answer covers: the next catch-up starts after it.</param>
    /// <param name="Reload">The events asked for are no longer kept: read the state afresh.</param>
    /// <param name="More">More events follow: ask again from <paramref name="Sequence"/>.</param>
    /// <param name="CountersChanged">Some concerned the user's counters: read them again.</param>
    public sealed record CatchUp(IReadOnlyList<CrmEvent> Events, long Sequence, bool Reload, bool More, bool CountersChanged);

    /// <summary>A round trip with no work, for measuring the transport's own latency.</summary>
    public long Echo(long value) => value;

    private async Task RequireAsync(AccessEntity entity)
    {
        var actor = await CurrentUser.ActorAsync(Context.User!, profiles, Context.ConnectionAborted);
        if (!AccessPolicy.MayAtAll(actor, entity, AccessAction.Read))
        {
            throw new HubException("Not readable.");
        }
    }
}

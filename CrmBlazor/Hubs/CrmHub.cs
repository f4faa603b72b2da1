using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

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
public sealed class CrmHub(RecordAccess access, AccessProfiles profiles, HubAudience audience) : Hub
{
    public const string Path = "/hubs/crm";

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

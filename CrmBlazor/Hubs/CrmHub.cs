using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CrmBlazor.Hubs;

/// <summary>
/// Live CRM events for anything that is not a Blazor page (other front ends, integrations, tests). Signed-in users
/// only. Each connection hears <c>countersChanged</c> when its user's counters may have changed; the Watch methods add
/// the events of a pipeline's board, the leads, or one element's page, each event once per watched group it concerns.
/// Nothing here changes data.
/// </summary>
[Authorize]
public sealed class CrmHub(RecordAccess access, AccessProfiles profiles) : Hub
{
    public const string Path = "/hubs/crm";

    public override async Task OnConnectedAsync()
    {
        var actor = CurrentUser.FromPrincipal(Context.User!);
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveTopics.User(actor.UserId));
        await base.OnConnectedAsync();
        CrmMetrics.HubConnections.Add(1);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        CrmMetrics.HubConnections.Add(-1);
        return base.OnDisconnectedAsync(exception);
    }

    public Task WatchPipeline(int pipelineId) => Groups.AddToGroupAsync(Context.ConnectionId, LiveTopics.Pipeline(pipelineId));

    public Task WatchLeads() => Groups.AddToGroupAsync(Context.ConnectionId, LiveTopics.Leads);

    /// <summary>Adds the events of one element's page: its changes, activities and comments.</summary>
    /// <remarks>Refused (a hub error) for a record the user's role may not read.</remarks>
    public async Task WatchElement(ElementKind kind, int id)
    {
        var actor = await CurrentUser.ActorAsync(Context.User!, profiles, Context.ConnectionAborted);
        if (!await access.MayReadAsync(new ElementRef(kind, id), actor, Context.ConnectionAborted))
        {
            throw new HubException("Not readable.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveTopics.Element(new ElementRef(kind, id)));
    }

    public Task UnwatchElement(ElementKind kind, int id) => Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveTopics.Element(new ElementRef(kind, id)));

    public Task UnwatchPipeline(int pipelineId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveTopics.Pipeline(pipelineId));

    /// <summary>A round trip with no work, for measuring the transport's own latency.</summary>
    public long Echo(long value) => value;
}

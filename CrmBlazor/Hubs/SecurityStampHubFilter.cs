using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Hubs;

/// <summary>
/// A hub connection authenticates once, when it connects. At its next call after the revalidation interval this
/// checks the user's security stamp again, like open pages do, and ends the connection of a user who has signed out
/// (or been shut out) since. Registered for <see cref="CrmHub"/> alone: a page's circuit is revalidated by
/// <see cref="IdentityRevalidatingAuthenticationStateProvider"/>, which can still send the page to the sign-in form.
/// Connections that call nothing are ended by <see cref="HubSessionSweeper"/>.
/// </summary>
internal sealed class SecurityStampHubFilter(
    UserManager<CrmUser> users,
    IOptions<IdentityOptions> identityOptions,
    IOptions<CrmSignInOptions> signInOptions,
    TimeProvider clock) : IHubFilter
{
    private static readonly object CheckedAtKey = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        var now = clock.GetUtcNow();
        if (context.Items.TryGetValue(CheckedAtKey, out var value) && value is DateTimeOffset checkedAt && now - checkedAt < signInOptions.Value.RevalidationInterval)
        {
            return await next(invocationContext);
        }
        if (context.User is null || !await IdentityRevalidatingAuthenticationStateProvider.IsStillValidAsync(users, identityOptions.Value, context.User))
        {
            context.Abort();
            throw new HubException("Signed out.");
        }
        context.Items[CheckedAtKey] = now;
        return await next(invocationContext);
    }
}

using Microsoft.AspNetCore.Diagnostics;

namespace CrmBlazor.Security;

public static class StatusPages
{
    /// <summary>
    /// This response keeps its bare status: the app's status page (for example "not found") is not re-executed in its
    /// place. For machines (the API, the hub, calendar apps) and for answers that explain themselves.
    /// </summary>
    public static void SkipStatusPages(this HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }
    }
}

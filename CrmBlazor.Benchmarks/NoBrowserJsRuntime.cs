using System.Collections.Concurrent;
using Microsoft.JSInterop;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// JavaScript interop for pages rendered without a browser: every call completes at once, with the default value, an
/// object reference for module imports, and "yes" to MudBlazor's check that its script is loaded. It stands in for the
/// round trip to the browser, whose cost the benchmark does not measure; calls are counted so the report can say how
/// many round trips a real circuit would add.
/// </summary>
internal sealed class NoBrowserJsRuntime : IJSRuntime
{
    private static readonly ConcurrentDictionary<string, long> CallCounts = new(StringComparer.Ordinal);

    public static long Calls => CallCounts.Values.Sum();

    public static IReadOnlyList<KeyValuePair<string, long>> TopCalls(int count) =>
        CallCounts.OrderByDescending(c => c.Value).Take(count).ToList();

    public static void Reset() => CallCounts.Clear();

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => Answer<TValue>(identifier);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => Answer<TValue>(identifier);

    private static ValueTask<TValue> Answer<TValue>(string identifier)
    {
        CallCounts.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        object? value = typeof(TValue) == typeof(IJSObjectReference) ? new NoBrowserObjectReference()
            : identifier == "window.hasOwnProperty" && typeof(TValue) == typeof(bool) ? true
            : default(TValue);
        return ValueTask.FromResult((TValue)value!);
    }

    private sealed class NoBrowserObjectReference : IJSObjectReference
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => Answer<TValue>(identifier);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => Answer<TValue>(identifier);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

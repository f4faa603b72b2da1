namespace CrmBlazor.Tests.Core.Live;

/// <summary>
/// Users' writes before background ones for SQLite's write lock (<see cref="WriteTurns"/>). The turns are the
/// process's: other tests' writes may pass through them meanwhile, which only makes a background turn wait longer.
/// </summary>
public class WriteTurnsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AUsersWrite_WaitsForARunningBackgroundTransaction_AndGoesOnWhenItEnds()
    {
        var background = await WriteTurns.BackgroundAsync(CancellationToken.None);
        var user = WriteTurns.UserAsync().AsTask();

        Assert.False(user.IsCompleted);
        background.Dispose();
        var turn = await user.WaitAsync(Limit);
        turn.Began();
    }

    [Fact]
    public async Task ABackgroundWrite_DoesNotBegin_WhileAUsersWriteWaitsToBegin()
    {
        var user = await WriteTurns.UserAsync().AsTask().WaitAsync(Limit);
        var background = WriteTurns.BackgroundAsync(CancellationToken.None).AsTask();
        await Task.Yield();

        Assert.False(background.IsCompleted);
        user.Began();
        (await background.WaitAsync(Limit)).Dispose();
        user.Dispose(); // a second end changes nothing
    }

    [Fact]
    public async Task Background_MarksTheFlowsWrites_UntilDisposed_AndNotTheCallers()
    {
        async Task<(bool Inside, bool AfterDisposed)> MarkedAsync()
        {
            bool inside;
            using (WriteTurns.Background())
            {
                await Task.Yield();
                inside = await Task.Run(() => WriteTurns.IsBackground);
            }
            return (inside, WriteTurns.IsBackground);
        }

        Assert.Equal((true, false), await MarkedAsync());
        Assert.False(WriteTurns.IsBackground);
    }

    [Fact]
    public async Task ABackgroundWrite_WaitingForUsers_StopsWhenCancelled()
    {
        var user = await WriteTurns.UserAsync().AsTask().WaitAsync(Limit);
        using var cancel = new CancellationTokenSource();
        var background = WriteTurns.BackgroundAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => background.WaitAsync(Limit));
        user.Began();
    }
}

using System.Collections.Concurrent;
using CrmBlazor.Core.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Tests.Core.Webhooks;

/// <summary>Deliveries reach a real HTTP receiver (Kestrel on a loopback port) signed, and failed tries are retried.</summary>
public class WebhookDeliveryTests(TestDatabase? db = null) : CoreTest(db)
{
    private WebApplication _receiver = default!;
    private readonly ConcurrentQueue<(string Body, string? Signature, string? EventId)> _received = new();
    private int _failuresLeft;
    private string _url = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            _received.Enqueue((body, request.Headers[WebhookSignature.SignatureHeader], request.Headers[WebhookSignature.EventIdHeader]));
            return Interlocked.Decrement(ref _failuresLeft) >= 0 ? Results.StatusCode(500) : Results.Ok();
        });
        await _receiver.StartAsync();
        _url = _receiver.Urls.First() + "/hook";
    }

    public override async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    private Actor _admin = default!;

    private async Task<string> AddWebhookAsync()
    {
        _admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        var saved = await Db.Get<WebhookService>().SaveAsync(null, new WebhookInput { Url = _url, Events = [WebhookEventTypes.DealCreated] }, _admin);
        Assert.True(saved.IsOk);
        return saved.Value!.Secret!;
    }

    /// <summary>A second server's sender: its own dispatcher on the same database.</summary>
    private WebhookDispatcher SecondServer() =>
        new(Db.Factory, Db.Get<IWebhookSecretProtector>(), Db.Get<IOptions<WebhookOptions>>(), Db.Clock, NullLogger<WebhookDispatcher>.Instance, Db.Get<ILiveUpdates>());

    [Fact]
    public async Task TwoServersSendingAtOnce_SendEachDeliveryExactlyOnce()
    {
        await AddWebhookAsync();
        const int deals = 30;
        for (var i = 0; i < deals; i++)
        {
            await Db.AddDealAsync(Anna, Pipeline.NewStageId, $"Twice {i}");
        }
        var first = Db.Get<WebhookDispatcher>();
        using var second = SecondServer();

        async Task<int> DrainAsync(WebhookDispatcher dispatcher)
        {
            var sent = 0;
            for (var round = 0; round < 100; round++)
            {
                var n = await dispatcher.DeliverDueAsync();
                if (n == 0)
                {
                    break;
                }
                sent += n;
            }
            return sent;
        }

        var counts = await Task.WhenAll(DrainAsync(first), DrainAsync(second));
        var rest = await DrainAsync(first);

        Assert.Equal(deals, counts.Sum() + rest);
        Assert.Equal(deals, _received.Count);
        Assert.Equal(deals, _received.Select(r => r.EventId).Distinct().Count());
        await using var context = await Db.Factory.CreateDbContextAsync();
        Assert.All(await context.Set<WebhookDelivery>().ToListAsync(), d => Assert.Equal((WebhookDeliveryStatus.Delivered, 1), (d.Status, d.Attempts)));
        Assert.Equal(deals, await context.Set<WebhookAttempt>().CountAsync());
    }

    [Fact]
    public async Task FailingForTheWholeRetryWindow_SwitchesTheWebhookOff_AndTellsAdminsOnly()
    {
        await AddWebhookAsync();
        _failuresLeft = int.MaxValue;
        using var log = new EventLog(Db.Live);
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Never arrives");
        var dispatcher = Db.Get<WebhookDispatcher>();

        Assert.Equal(1, await dispatcher.DeliverDueAsync());
        Db.Clock.Now += dispatcher.Options.RetryWindow;
        Assert.Equal(1, await dispatcher.DeliverDueAsync());

        var list = (await Db.Get<WebhookService>().ListAsync(_admin)).Value!;
        var hook = Assert.Single(list);
        Assert.False(hook.Enabled);
        Assert.NotNull(hook.DisabledAt);
        Assert.Contains("HTTP 500", hook.DisabledReason);
        Assert.Equal(1, hook.Failed);
        WebhookSwitchedOff notice;
        lock (log.Events)
        {
            notice = Assert.Single(log.Events.OfType<WebhookSwitchedOff>());
        }
        Assert.Equal((hook.Id, _url), (notice.WebhookId, notice.Url));
        Assert.NotNull(AccessPolicy.Shown(notice, _admin));
        Assert.Null(AccessPolicy.Shown(notice, Anna));
        Assert.Null(AccessPolicy.Shown(notice, Manager));

        // A switched-off webhook gets no more deliveries, and the switch-on clears the switch-off.
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "While off");
        await using (var context = await Db.Factory.CreateDbContextAsync())
        {
            Assert.Equal(1, await context.Set<WebhookDelivery>().CountAsync());
        }
        var on = await Db.Get<WebhookService>().SaveAsync(hook.Id, new WebhookInput { Url = _url, Events = [.. hook.Events], Enabled = true, Version = hook.Version }, _admin);
        Assert.True(on.IsOk);
        Assert.Equal((true, null, null), (on.Value!.Webhook.Enabled, on.Value.Webhook.DisabledAt, on.Value.Webhook.DisabledReason));
    }

    [Fact]
    public async Task SendTest_StoresASignedTestDelivery_ThatIsSentAndLogged_AndSendAgainSendsItOnceMore()
    {
        var secret = await AddWebhookAsync();
        var service = Db.Get<WebhookService>();
        var hookId = (await service.ListAsync(_admin)).Value!.Single().Id;
        Assert.Equal(ResultStatus.Forbidden, (await service.SendTestAsync(hookId, Manager)).Status);

        var test = await service.SendTestAsync(hookId, _admin);
        Assert.True(test.IsOk);
        var dispatcher = Db.Get<WebhookDispatcher>();
        Assert.Equal(1, await dispatcher.DeliverDueAsync());

        var (body, signature, _) = Assert.Single(_received);
        Assert.Contains("\"type\":\"webhook.test\"", body);
        Assert.True(WebhookSignature.Verify(secret, signature, body, Db.Clock.Now, TimeSpan.FromMinutes(5)));
        var row = Assert.Single((await service.DeliveriesAsync(hookId, null, 0, 50, _admin)).Value!.Items);
        Assert.Equal((test.Value, WebhookDeliveryStatus.Delivered, 200), (row.Id, row.Status, row.LastStatusCode));

        Assert.True((await service.SendAgainAsync(row.Id, _admin)).IsOk);
        Assert.Equal(1, await dispatcher.DeliverDueAsync());
        Assert.Equal(2, _received.Count);
        Assert.Equal(2, (await service.AttemptsAsync(row.Id, _admin)).Value!.Count);
    }

    [Fact]
    public async Task DealCreated_IsDeliveredOnce_WithAValidSignature()
    {
        var secret = await AddWebhookAsync();
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Hooked");

        Assert.Equal(1, await Db.Get<WebhookDispatcher>().DeliverDueAsync());
        Assert.Equal(0, await Db.Get<WebhookDispatcher>().DeliverDueAsync());

        var (body, signature, _) = Assert.Single(_received);
        Assert.Contains("\"type\":\"deal.created\"", body);
        Assert.Contains("Hooked", body);
        Assert.True(WebhookSignature.Verify(secret, signature, body, Db.Clock.Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(secret, signature, body + " ", Db.Clock.Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task ReceiverAnswering500Twice_GetsTheThirdTry_AfterTheBackOff()
    {
        await AddWebhookAsync();
        _failuresLeft = 2;
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Retried");
        var dispatcher = Db.Get<WebhookDispatcher>();

        Assert.Equal(1, await dispatcher.DeliverDueAsync());
        Assert.Equal(0, await dispatcher.DeliverDueAsync());
        Db.Clock.Now += dispatcher.Options.DelayAfter(1);
        Assert.Equal(1, await dispatcher.DeliverDueAsync());
        Db.Clock.Now += dispatcher.Options.DelayAfter(2);
        Assert.Equal(1, await dispatcher.DeliverDueAsync());

        Assert.Equal(3, _received.Count);
        Assert.Single(_received.Select(r => r.EventId).Distinct());
        await using var context = await Db.Factory.CreateDbContextAsync();
        var delivery = await context.Set<WebhookDelivery>().SingleAsync();
        Assert.Equal((WebhookDeliveryStatus.Delivered, 3, 200), (delivery.Status, delivery.Attempts, delivery.LastStatusCode));
    }
}

public sealed class PostgresWebhookDeliveryTests(PostgresServer server) : WebhookDeliveryTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;

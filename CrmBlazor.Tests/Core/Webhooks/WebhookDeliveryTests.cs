using System.Collections.Concurrent;
using CrmBlazor.Core.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

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

    private async Task<string> AddWebhookAsync()
    {
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        var saved = await Db.Get<WebhookService>().SaveAsync(null, new WebhookInput { Url = _url, Events = [WebhookEventTypes.DealCreated] }, admin);
        Assert.True(saved.IsOk);
        return saved.Value!.Secret!;
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

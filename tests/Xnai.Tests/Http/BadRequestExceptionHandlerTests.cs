using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Xnai.ServiceDefaults.Http;

namespace Xnai.Tests.Http;

/// <summary>
/// The shared mechanism on its own, in a minimal app on Kestrel in Development (developer exception page included):
/// reader exceptions become 4xx problems logged at Information, a genuine fault stays a logged Error and a bare 500.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BadRequestExceptionHandlerTests : IAsyncLifetime
{
    private const string Secret = "secret-internal-detail /srv/x 10.1.2.3:6379";
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public static TheoryData<Exception, int?> Exceptions => new()
    {
        { new BadHttpRequestException("too big", StatusCodes.Status413PayloadTooLarge), 413 },
        { new BadHttpRequestException("slow", StatusCodes.Status408RequestTimeout), 408 },
        { new BadHttpRequestException("bad"), 400 },
        { new JsonException("bad"), 400 },
        { new InvalidDataException("Missing content-type boundary."), 400 },
        { new DecoderFallbackException("bad bytes"), 400 },
        { new InvalidOperationException("a bug"), null },
        { new IOException("disk full"), null },
        { new NullReferenceException(), null },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Classify_ReaderExceptions_AreBadRequests_OthersAreFaults(Exception exception, int? status) =>
        Assert.Equal(status, BadRequestExceptionHandler.Classify(exception)?.Status);

    [Fact]
    public async Task UnknownCharset_ReadByHand_Is415Problem_LoggedAsInformation()
    {
        using var content = new StringContent("{}", Encoding.UTF8);
        content.Headers.ContentType = new("application/json") { CharSet = "x-no-such-charset" };

        using var response = await _client.PostAsync("/echo", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ContractJson.Web);
        Assert.Equal("Unsupported charset", problem!.Title);
        var logs = _app.Services.GetFakeLogCollector().GetSnapshot();
        Assert.DoesNotContain(logs, r => r.Level >= LogLevel.Error);
        Assert.Contains(logs, r => r.Level == LogLevel.Information && r.Message.Contains("Bad request answered 415", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenuineFault_Is500WithoutExceptionText_AndLoggedAsError()
    {
        using var response = await _client.GetAsync("/fault");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.Contains(_app.Services.GetFakeLogCollector().GetSnapshot(), r => r.Level == LogLevel.Error && r.Exception?.Message == Secret);
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddFakeLogging();
        builder.Services.AddXnaiProblemDetails();
        _app = builder.Build();
        _app.UseXnaiProblemDetails();
        _app.MapPost("/echo", async (HttpRequest request) => await request.ReadFromJsonAsync<JsonElement>());
        _app.MapGet("/fault", string () => throw new InvalidOperationException(Secret));
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }
}

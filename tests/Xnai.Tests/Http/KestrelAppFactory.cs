using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Xnai.Tests.Http;

/// <summary>
/// One service's real Program on real Kestrel (127.0.0.1, port 0): Kestrel's own limits (body size, data rate) only
/// exist there, not in TestServer. Development environment, so the developer exception page is in the pipeline too.
/// Logs go to a <see cref="FakeLogCollector"/> so tests can prove what bad input logs.
/// </summary>
public class KestrelAppFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public KestrelAppFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        _settings = new(settings) { ["Xnai:AdminKey"] = AdminKey };
        _services = services;
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public const string AdminKey = "test-admin-key";

    /// <summary>Every log record the app wrote.</summary>
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>The address Kestrel listens on.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>A client for the running server; with <paramref name="admin"/>, it sends the admin key.</summary>
    public HttpClient CreateServiceClient(bool admin = false)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (admin)
        {
            client.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        }

        return client;
    }

    /// <summary>Log records at Error or above.</summary>
    public IReadOnlyList<FakeLogRecord> Errors() => [.. Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error)];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddFakeLogging(options => options.CollectRecordsForDisabledLogLevels = false);
            _services?.Invoke(services);
        });
    }
}

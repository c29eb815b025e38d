using Xnai.ChatApi.Diagnostics;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

// The client's own health check would report chatapi unhealthy while Redis is down; chatapi still serves then.
builder.AddRedisClient("cache", settings => settings.DisableHealthChecks = true, options =>
{
    options.AbortOnConnectFail = false;
    options.ConnectTimeout = 2000;
    options.SyncTimeout = 1000;
    options.AsyncTimeout = 1000;
});

builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddHttpClient(DependencyProbe.ProbeClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
builder.Services.AddSingleton<DependencyProbe>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
app.MapDiagnosticsEndpoints();
app.MapDefaultEndpoints();

app.Run();

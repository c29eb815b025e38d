using Xnai.ServiceDefaults.Chaos;
using Xnai.ServiceDefaults.Http;
using Xnai.VoiceWorker;
using Xnai.VoiceWorker.Endpoints;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddVoiceEngines();
builder.Services.AddXnaiProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseXnaiProblemDetails();
app.UseXnaiHttpLimits();

app.MapOpenApi();
app.MapDefaultEndpoints();
app.MapVoiceEndpoints();
app.MapFaultEndpoints();
app.Run();

// Internal on purpose: .NET 10 would make the top-level Program public, which clashes with the benchmark console's Program.
internal sealed partial class Program;

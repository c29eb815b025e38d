using Xnai.ServiceDefaults.Chaos;
using Xnai.VoiceWorker;
using Xnai.VoiceWorker.Endpoints;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddVoiceEngines();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();
// Malformed JSON and oversized bodies surface as BadHttpRequestException (thrown in Development): keep their 4xx.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();

app.MapOpenApi();
app.MapDefaultEndpoints();
app.MapVoiceEndpoints();
app.MapFaultEndpoints();
app.Run();

// Internal on purpose: .NET 10 would make the top-level Program public, which clashes with the benchmark console's Program.
internal sealed partial class Program;

using Xnai.VoiceWorker;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddVoiceWorkerServices();

var app = builder.Build();
app.MapVoiceWorkerEndpoints();
app.Run();

// Internal on purpose: .NET 10 would make the top-level Program public, which clashes with the benchmark console's Program.
internal sealed partial class Program;

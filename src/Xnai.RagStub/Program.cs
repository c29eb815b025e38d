using Xnai.RagStub;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRagStub();

var app = builder.Build();
app.MapRagStub();
app.Run();

// Internal on purpose: the benchmarks reference this assembly and have a Program of their own.
internal partial class Program;

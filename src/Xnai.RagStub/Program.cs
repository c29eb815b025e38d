using Xnai.RagStub;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRagStubServices();

var app = builder.Build();
app.MapRagStubEndpoints();
app.Run();

// Internal on purpose: the benchmarks reference this assembly and have a Program of their own.
internal partial class Program;

using Xnai.RagStub;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRagStub();

var app = builder.Build();
app.MapRagStub();
app.Run();

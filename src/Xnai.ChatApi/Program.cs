using Xnai.ChatApi;
using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Circuits;
using Xnai.ChatApi.Diagnostics;
using Xnai.ChatApi.Health;
using Xnai.ChatApi.Web;
using Xnai.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChatServices();

builder.Services.AddXnaiProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseXnaiProblemDetails();
app.UseChatPage();
app.UseXnaiHttpLimits();

app.MapOpenApi();
app.MapChatEndpoints();
app.MapCircuitEndpoints();
app.MapDiagnosticsEndpoints();
app.MapChatHealth();
app.MapDefaultEndpoints(mapHealth: false);

app.Run();

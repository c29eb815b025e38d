using Xnai.ChatApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChatApiServices();

var app = builder.Build();
app.MapChatApiEndpoints();
app.Run();

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/bare", () => Results.Ok(new { id = 1, userName = "admin", displayName = "系统管理员" }));
app.Run();

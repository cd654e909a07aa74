using Fowergram;
using Fowergram.Functions;
using Fowergram.Functions.Middleware;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Azure twin of Fowergram.Server's FowergramServer.Build: the same AddFowergram, plus the
// Azure adapters where the Server host registers its in-process stand-ins.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// Registered after the ASP.NET Core integration, so both run inside it: after a function returns and
// before its IResult is written. The relay wraps the error handler, so it also runs after a failure.
builder.UseMiddleware<OutboxRelayMiddleware>();
builder.UseMiddleware<UnhandledErrorMiddleware>();

builder.Services.AddFowergram(builder.Configuration);
builder.Services.AddFowergramFunctionsHost(builder.Configuration);

builder.Build().Run();

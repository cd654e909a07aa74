using Fowergram.Functions;
using Microsoft.Extensions.Hosting;

FowergramFunctionsApp.Build(args).Run();

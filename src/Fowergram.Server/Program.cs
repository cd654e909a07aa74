using Fowergram.Server;

return await ServerCli.RunAsync(args);

using EcsRtma.Cli;

return await CliApp.RunAsync(args, CliIo.Standard());

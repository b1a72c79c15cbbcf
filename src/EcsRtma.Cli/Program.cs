using EcsRtma.Cli;
using EcsRtma.LocalHost.Terminal;

return await CliApp.RunAsync(args, CliIo.Standard());

using EcsRtma.Load;
using EcsRtma.LocalHost.Terminal;

return await LoadApp.RunAsync(args, CliIo.Standard());

using MetaDsl.Cli;

using var stop = StopSignal.ForProcess();
return CliApp.Run(args, CliEnvironment.ForConsole(stop));

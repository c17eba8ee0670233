using MetaDsl.Cli;
using MetaDsl.Distributed;

using var stop = StopSignal.ForProcess();
// Under mpirun every rank runs the command; rank 0 alone prints and writes files, the others report only errors.
var environment = Cluster.Current.IsRoot
    ? CliEnvironment.ForConsole(stop)
    : CliEnvironment.ForWriters(TextWriter.Null, Console.Error, stop.Token);
return CliApp.Run(args, environment);

using MetaDsl.Cli;
using MetaDsl.Distributed;

using var stop = StopSignal.ForProcess();
// Under mpirun every rank runs the command; rank 0 alone prints and writes files, the others report only errors.
var environment = Cluster.Current.IsRoot
    ? CliEnvironment.ForConsole(stop)
    : CliEnvironment.ForWriters(TextWriter.Null, Console.Error, stop.Token);
int code = CliApp.Run(args, environment);
// A failed rank ends the job at once (other ranks may be waiting for it); the root has already saved its checkpoint.
if (code != 0) Cluster.Current.Abort(code);
return code;

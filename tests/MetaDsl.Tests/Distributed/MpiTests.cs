using MetaDsl.Distributed;
using MetaDsl.Tests.Packaging;
using MetaDsl.Tests.Training;

namespace MetaDsl.Tests.Distributed;

/// <summary>
/// Real <c>mpirun</c> jobs of the command line on this machine (Open MPI; <c>.ci/run</c> installs it):
/// a meta-batch split across ranks gives the single-process checkpoint bit for bit, and a rank that
/// dies ends the job. Skipped, with the reason, where <c>mpirun</c> is absent.
/// </summary>
public sealed class MpiTests : IDisposable
{
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string? MpiRun()
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "mpirun")).FirstOrDefault(File.Exists);

    private (int Code, string Output) Run(string file, IEnumerable<string> arguments, TimeSpan limit)
        => DotnetProcess.RunToEnd(file, arguments, _directory, limit);

    private static string[] Mpi(int ranks, params string[] command)
        => ["--allow-run-as-root", "--oversubscribe", "-np", ranks.ToString(), "dotnet", Path.Combine(AppContext.BaseDirectory, "MetaDsl.Cli.dll"), .. command];

    private static string[] Train(string output) => ["train", "sine", "--steps", "12", "--meta-batch", "5", "--eval-tasks", "10", "--threads", "1", "--output", output];

    [SkippableTheory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_meta_batch_split_across_ranks_gives_the_single_process_checkpoint_bit_for_bit(int ranks)
    {
        string? mpirun = MpiRun();
        Skip.If(mpirun is null, "mpirun is not on the PATH (Debian: apt-get install openmpi-bin; .ci/run installs it)");
        string single = Path.Combine(_directory, "single.safetensors"), split = Path.Combine(_directory, $"ranks{ranks}.safetensors");
        var alone = Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "MetaDsl.Cli.dll"), .. Train(single)], TimeSpan.FromMinutes(3));
        Assert.True(alone.Code == 0, alone.Output);
        // 5 tasks over 3 ranks: shares of 2, 2 and 1.
        var job = Run(mpirun!, Mpi(ranks, Train(split)), TimeSpan.FromMinutes(3));
        Assert.True(job.Code == 0, job.Output);
        Assert.Contains($"on each of {ranks} MPI ranks", job.Output);
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(split));
    }

    [SkippableTheory]
    [InlineData(2, "pes")]
    [InlineData(3, "pes")]
    [InlineData(3, "tbptt")]
    public void A_population_split_across_ranks_gives_the_single_process_optimizer_bit_for_bit(int ranks, string estimator)
    {
        string? mpirun = MpiRun();
        Skip.If(mpirun is null, "mpirun is not on the PATH (Debian: apt-get install openmpi-bin; .ci/run installs it)");
        string single = Path.Combine(_directory, "lopt.safetensors"), split = Path.Combine(_directory, $"lopt{ranks}.safetensors");
        string[] Lopt(string output) => ["train", "lopt", "--estimator", estimator, "--steps", "5", "--pairs", "5", "--truncation", "3", "--horizon", "7", "--eval-tasks", "2", "--threads", "1", "--output", output];
        var alone = Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "MetaDsl.Cli.dll"), .. Lopt(single)], TimeSpan.FromMinutes(3));
        Assert.True(alone.Code == 0, alone.Output);
        // 5 pairs over 3 ranks: shares of 2, 2 and 1 (truncated backprop's 10 particles: 4, 3 and 3).
        var job = Run(mpirun!, Mpi(ranks, Lopt(split)), TimeSpan.FromMinutes(3));
        Assert.True(job.Code == 0, job.Output);
        Assert.Contains($"on each of {ranks} MPI ranks, the population split", MetaDsl.Tests.Cli.CliHarness.Flat(job.Output));
        Assert.Contains("wins", job.Output);
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(split));
    }

    [SkippableFact]
    public void A_rank_that_fails_ends_the_job_with_an_error_rather_than_a_hang()
    {
        string? mpirun = MpiRun();
        Skip.If(mpirun is null, "mpirun is not on the PATH (Debian: apt-get install openmpi-bin; .ci/run installs it)");
        // Rank 1 dies at once with an error; rank 0 trains and would wait for it at the first gather forever.
        string script = Path.Combine(_directory, "rank.sh");
        string cli = Path.Combine(AppContext.BaseDirectory, "MetaDsl.Cli.dll");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            if [ "$OMPI_COMM_WORLD_RANK" = "1" ]; then exit 3; fi
            exec dotnet "{{cli}}" train sine --steps 100000 --meta-batch 4 --threads 1 --output "{{Path.Combine(_directory, "x.safetensors")}}"
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var job = Run(mpirun!, ["--allow-run-as-root", "--oversubscribe", "-np", "2", script], TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, job.Code);
        Assert.Contains("exit", job.Output, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public void A_rank_whose_command_fails_alone_aborts_the_job_rather_than_leaving_the_others_waiting()
    {
        string? mpirun = MpiRun();
        Skip.If(mpirun is null, "mpirun is not on the PATH (Debian: apt-get install openmpi-bin; .ci/run installs it)");
        // Two programs in one job: rank 0 trains and waits for rank 1 at the first gather; rank 1 fails on a
        // missing resume file. MPI_Finalize would wait for rank 0, so only an abort ends the job.
        string cli = Path.Combine(AppContext.BaseDirectory, "MetaDsl.Cli.dll");
        string[] train = ["train", "sine", "--steps", "100000", "--meta-batch", "4", "--threads", "1", "--output", Path.Combine(_directory, "a.safetensors")];
        var job = Run(mpirun!, ["--allow-run-as-root", "--oversubscribe",
            "-np", "1", "dotnet", cli, .. train, ":",
            "-np", "1", "dotnet", cli, .. train[..^1], Path.Combine(_directory, "b.safetensors"), "--resume", Path.Combine(_directory, "missing.safetensors")],
            TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, job.Code);
        Assert.Contains("missing.safetensors", job.Output);
    }

    [Fact]
    public void Outside_mpirun_the_cluster_is_this_process_alone()
    {
        var cluster = Cluster.Current;
        Assert.Equal((0, 1, true), (cluster.Rank, cluster.Size, cluster.IsRoot));
        Assert.Equal((0, 7), cluster.Share(7, 0));
        Assert.True(cluster.Any(true));
        Assert.False(cluster.Any(false));
    }
}

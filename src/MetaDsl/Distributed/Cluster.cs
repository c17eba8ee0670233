using System.Runtime.InteropServices;

namespace MetaDsl.Distributed;

/// <summary>
/// The processes of one <c>mpirun</c> job, through Open MPI. A process started by <c>mpirun</c>
/// (Open MPI sets <c>OMPI_COMM_WORLD_SIZE</c>) joins on first use of <see cref="Current"/>; any other
/// process is a cluster of one and never loads MPI. Collectives move bytes only, and every reduction
/// is done by each rank in the same fixed order, so results do not depend on the MPI library's
/// reduction order.
/// </summary>
public sealed class Cluster
{
    private static readonly Lazy<Cluster> s_current = new(Join, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly nint _world, _byte, _int, _max;

    private Cluster(int rank, int size, nint world, nint byteType, nint intType, nint max)
    {
        Rank = rank;
        Size = size;
        _world = world;
        _byte = byteType;
        _int = intType;
        _max = max;
    }

    /// <summary>This process's cluster: the <c>mpirun</c> job it was started in, or itself alone.</summary>
    public static Cluster Current => s_current.Value;

    /// <summary>This process's rank, 0 to <see cref="Size"/> - 1.</summary>
    public int Rank { get; }

    /// <summary>The number of processes.</summary>
    public int Size { get; }

    /// <summary>Whether this is rank 0, the one that prints and writes files.</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>The items <c>[Start, End)</c> of <paramref name="count"/> that rank <paramref name="rank"/> handles: contiguous blocks, the first ranks one larger.</summary>
    public (int Start, int End) Share(int count, int rank)
    {
        int quotient = count / Size, remainder = count % Size;
        int start = rank * quotient + Math.Min(rank, remainder);
        return (start, start + quotient + (rank < remainder ? 1 : 0));
    }

    /// <summary>
    /// Every rank passes the whole of <paramref name="items"/> (<paramref name="count"/> items of
    /// <paramref name="itemLength"/> values) with its own <see cref="Share"/> filled in; afterwards
    /// every rank holds every share.
    /// </summary>
    public unsafe void Gather<T>(Span<T> items, int count, int itemLength) where T : unmanaged
    {
        if (Size == 1) return;
        int bytesPerItem = checked(itemLength * sizeof(T));
        Span<int> counts = stackalloc int[Size];
        Span<int> offsets = stackalloc int[Size];
        for (int r = 0; r < Size; r++)
        {
            var (start, end) = Share(count, r);
            counts[r] = checked((end - start) * bytesPerItem);
            offsets[r] = checked(start * bytesPerItem);
        }
        var bytes = MemoryMarshal.AsBytes(items);
        fixed (byte* buffer = bytes)
        fixed (int* c = counts)
        fixed (int* o = offsets)
        {
            // MPI_IN_PLACE: each rank's own block is already in the receive buffer.
            Check(OpenMpi.Allgatherv((void*)1, 0, _byte, buffer, c, o, _byte, _world), "MPI_Allgatherv");
        }
    }

    /// <summary>True on every rank when any rank passes true: a stop every rank takes at the same step.</summary>
    public unsafe bool Any(bool mine)
    {
        if (Size == 1) return mine;
        int local = mine ? 1 : 0, any = 0;
        Check(OpenMpi.Allreduce(&local, &any, 1, _int, _max, _world), "MPI_Allreduce");
        return any != 0;
    }

    /// <summary>
    /// Ends the whole job with <paramref name="exitCode"/> when this process fails while others run:
    /// MPI_Finalize waits for every rank, so a rank that stops alone must abort the job rather than
    /// leave the others waiting in a collective. Does nothing in a cluster of one.
    /// </summary>
    public void Abort(int exitCode)
    {
        if (Size > 1) OpenMpi.Abort(_world, exitCode);
    }

    private static Cluster Join()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE"), out int size) || size <= 1)
            return new Cluster(0, 1, 0, 0, 0, 0);
        nint world, byteType, intType, max;
        try
        {
            Check(OpenMpi.Init(0, 0), "MPI_Init");
            world = OpenMpi.Handle("ompi_mpi_comm_world");
            byteType = OpenMpi.Handle("ompi_mpi_byte");
            intType = OpenMpi.Handle("ompi_mpi_int");
            max = OpenMpi.Handle("ompi_mpi_op_max");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new InvalidOperationException(
                $"This process was started by mpirun ({size} ranks) but Open MPI's {OpenMpi.Library} cannot be loaded: install Open MPI 4 (Debian: openmpi-bin). {e.Message}", e);
        }
        Check(OpenMpi.CommRank(world, out int rank), "MPI_Comm_rank");
        Check(OpenMpi.CommSize(world, out int worldSize), "MPI_Comm_size");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => OpenMpi.Finalize();
        return new Cluster(rank, worldSize, world, byteType, intType, max);
    }

    private static void Check(int code, string call)
    {
        if (code != OpenMpi.Success) throw new InvalidOperationException($"{call} failed with MPI error code {code}.");
    }
}

using System.Runtime.InteropServices;

namespace MetaDsl.Distributed;

/// <summary>
/// The few functions of Open MPI's C API that the cluster uses, bound with <c>LibraryImport</c>.
/// Open MPI's handles (MPI_COMM_WORLD, MPI_BYTE, MPI_INT) are the addresses of exported objects,
/// looked up once.
/// </summary>
internal static partial class OpenMpi
{
    /// <summary>Open MPI 4's library, as Debian's <c>libopenmpi3</c> installs it.</summary>
    public const string Library = "libmpi.so.40";

    public const int Success = 0;

    [LibraryImport(Library, EntryPoint = "MPI_Init")]
    public static partial int Init(nint argc, nint argv);

    [LibraryImport(Library, EntryPoint = "MPI_Finalize")]
    public static partial int Finalize();

    [LibraryImport(Library, EntryPoint = "MPI_Comm_rank")]
    public static partial int CommRank(nint comm, out int rank);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_size")]
    public static partial int CommSize(nint comm, out int size);

    [LibraryImport(Library, EntryPoint = "MPI_Allgatherv")]
    public static unsafe partial int Allgatherv(void* sendBuffer, int sendCount, nint sendType, void* receiveBuffer, int* receiveCounts, int* displacements, nint receiveType, nint comm);

    [LibraryImport(Library, EntryPoint = "MPI_Allreduce")]
    public static unsafe partial int Allreduce(void* sendBuffer, void* receiveBuffer, int count, nint type, nint op, nint comm);

    [LibraryImport(Library, EntryPoint = "MPI_Abort")]
    public static partial int Abort(nint comm, int code);

    /// <summary>The address of an exported handle object such as <c>ompi_mpi_comm_world</c>.</summary>
    public static nint Handle(string symbol)
    {
        var library = NativeLibrary.Load(Library, typeof(OpenMpi).Assembly, null);
        return NativeLibrary.GetExport(library, symbol);
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Graph.Ops;

namespace MetaDsl.Generators.Emit
{
    /// <summary>How a node of a rolled block reads one argument.</summary>
    internal enum ReadKind
    {
        /// <summary>A node of the same iteration: the body's own local.</summary>
        Intra,

        /// <summary>The same node in every iteration, computed before the loop.</summary>
        Invariant,

        /// <summary>A node of the previous iteration; in the first, the node before the loop.</summary>
        Carried,

        /// <summary>A node of an earlier rolled loop, at an iteration affine in this one's (a backward pass reading its forward pass).</summary>
        Across,
    }

    /// <summary>One argument read of a rolled node.</summary>
    /// <param name="Kind">How it is read.</param>
    /// <param name="Position">Carried: the block position read; Across: the block position in <paramref name="Run"/>.</param>
    /// <param name="First">Carried: the node read in the first iteration. Across: the iteration read in the first iteration.</param>
    /// <param name="Run">Across: the earlier run.</param>
    /// <param name="Step">Across: iterations of <paramref name="Run"/> advanced per iteration of this one.</param>
    internal sealed record RolledRead(ReadKind Kind, int Position = -1, int First = -1, int Run = -1, int Step = 0);

    /// <summary>
    /// A stretch of the emission order that repeats one block of nodes <see cref="Count"/> times
    /// (a loop the body unrolled, or its derivative): emitted as a C# loop over per-iteration
    /// buffers instead of being written out, which keeps generated code linear in the program.
    /// </summary>
    internal sealed class RolledRun
    {
        public RolledRun(int start, int length, int count)
        {
            Start = start;
            Length = length;
            Count = count;
            Depth = Enumerable.Repeat(1, length).ToArray();
            Reads = new List<RolledRead>[length];
            for (int j = 0; j < length; j++) Reads[j] = new List<RolledRead>();
        }

        /// <summary>Position in the emission order of the first node of the first iteration.</summary>
        public int Start { get; }

        /// <summary>Nodes per iteration.</summary>
        public int Length { get; }

        /// <summary>Iterations.</summary>
        public int Count { get; }

        public int End => Start + Length * Count;

        /// <summary>Iterations of each block node's buffer kept at once (a ring indexed by k mod depth); <see cref="Count"/> keeps all.</summary>
        public int[] Depth { get; }

        /// <summary>For each block node, its reads in the order of <see cref="FusionPlan.Reads"/>.</summary>
        public List<RolledRead>[] Reads { get; }

        /// <summary>Block nodes read after the loop, with the iterations read: each gets a local after the loop.</summary>
        public SortedSet<(int Position, int Iteration)> ReadAfter { get; } = new SortedSet<(int, int)>();
    }

    /// <summary>Finds the stretches of the emission order that repeat, and how each repeated node reads its arguments.</summary>
    internal static class LoopRoller
    {
        /// <summary>Fewer nodes than this stay written out: a short loop reads better unrolled.</summary>
        public const int MinRolledNodes = 64;

        private const int MinIterations = 4;
        private const int CandidatesPerStart = 32;

        public static List<RolledRun> Find(IReadOnlyList<Node> nodes, IReadOnlyList<int> order, FusionPlan fusion, ISet<int> fixedNodes, CancellationToken cancellationToken)
        {
            int n = order.Count;
            var position = new Dictionary<int, int>(n);
            for (int p = 0; p < n; p++) position[order[p]] = p;
            // Each node's reads as positions in the order, found once: runs are tried and extended over them many times.
            var readsAt = new int[n][];
            for (int p = 0; p < n; p++)
            {
                var reads = fusion.Reads(nodes[order[p]]);
                readsAt[p] = new int[reads.Count];
                for (int a = 0; a < reads.Count; a++) readsAt[p][a] = position[reads[a]];
            }
            var signatures = new NodeSignatures(nodes, fusion);
            var signature = new int[n];
            for (int p = 0; p < n; p++)
                signature[p] = Rollable(nodes[order[p]], fixedNodes) ? signatures.Of(nodes[order[p]]) : -1;
            var next = new int[n];
            var last = new Dictionary<int, int>();
            for (int p = n - 1; p >= 0; p--)
            {
                next[p] = signature[p] >= 0 && last.TryGetValue(signature[p], out var q) ? q : -1;
                if (signature[p] >= 0) last[signature[p]] = p;
            }

            var runs = new List<RolledRun>();
            var runAt = new int[n];
            for (int p = 0; p < n; p++) runAt[p] = -1;
            int start = 0;
            while (start < n)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RolledRun? found = null;
                int candidate = next[start];
                for (int tries = 0; candidate > 0 && tries < CandidatesPerStart && found is null; tries++)
                {
                    found = TryRun(nodes, order, readsAt, signature, runs, runAt, start, candidate - start);
                    candidate = next[candidate];
                }
                if (found is null)
                {
                    start++;
                    continue;
                }
                for (int p = found.Start; p < found.End; p++) runAt[p] = runs.Count;
                runs.Add(found);
                start = found.End;
            }
            MarkReadsAfter(nodes, order, readsAt, runs, runAt);
            return runs;
        }

        /// <summary>Sources, outputs and caller-memory nodes stay outside loops.</summary>
        private static bool Rollable(Node node, ISet<int> fixedNodes) => !BufferPlan.IsSource(node) && !fixedNodes.Contains(node.Id);

        private static RolledRun? TryRun(IReadOnlyList<Node> nodes, IReadOnlyList<int> order, int[][] readsAt, int[] signature, List<RolledRun> runs, int[] runAt, int start, int length)
        {
            int n = order.Count;
            // Signatures alone rule out almost every candidate, before any read is classified.
            int needed = System.Math.Max(MinIterations, (MinRolledNodes + length - 1) / length);
            if (start + needed * length > n) return null;
            for (int k = 1; k < needed; k++)
                for (int j = 0; j < length; j++)
                    if (signature[start + j] < 0 || signature[start + k * length + j] != signature[start + j]) return null;
            var reads = new List<RolledRead>[length];
            var steps = new List<int>[length];
            for (int j = 0; j < length; j++)
            {
                int p0 = start + j, p1 = start + length + j;
                if (signature[p0] < 0 || signature[p0] != signature[p1]) return null;
                var args0 = readsAt[p0];
                var args1 = readsAt[p1];
                if (args0.Length != args1.Length) return null;
                reads[j] = new List<RolledRead>(args0.Length);
                steps[j] = new List<int>(args0.Length);
                var seen = new Dictionary<int, int>();
                for (int a = 0; a < args0.Length; a++)
                {
                    int r0 = args0[a], r1 = args1[a];
                    // One argument node read two ways by one node cannot be given one local.
                    if (seen.TryGetValue(r0, out var other) && other != r1) return null;
                    seen[r0] = r1;
                    var read = Classify(nodes, order, runs, runAt, start, length, j, r0, r1);
                    if (read is null) return null;
                    reads[j].Add(read);
                    steps[j].Add(r1 - r0);
                }
                if (OpTable.Get(nodes[order[p0]].Op).IsAlias && reads[j][0].Kind != ReadKind.Intra) return null;
            }

            int count = 2;
            while (start + (count + 1) * length <= n && Extends(readsAt, signature, runs, start, length, count, reads, steps)) count++;
            if (count < MinIterations || count * length < MinRolledNodes) return null;
            var run = new RolledRun(start, length, count);
            for (int j = 0; j < length; j++) run.Reads[j].AddRange(reads[j]);
            return run;
        }

        private static RolledRead? Classify(IReadOnlyList<Node> nodes, IReadOnlyList<int> order, List<RolledRun> runs, int[] runAt,
            int start, int length, int j, int r0, int r1)
        {
            int step = r1 - r0;
            if (step == 0)
                return r0 < start ? new RolledRead(ReadKind.Invariant) : null;
            if (step == length && r0 >= start) return r0 < start + j ? new RolledRead(ReadKind.Intra) : null;
            if (step == length && r0 >= start - length) return new RolledRead(ReadKind.Carried, Position: r0 - start + length, First: order[r0]);
            // Further back, a step equal to the block length is an earlier loop of the same length read in step.
            if (r0 >= start || r1 >= start || runAt[r0] < 0 || runAt[r0] != runAt[r1]) return null;
            var earlier = runs[runAt[r0]];
            if (step % earlier.Length != 0) return null;
            int offset = r0 - earlier.Start;
            return new RolledRead(ReadKind.Across, Position: offset % earlier.Length, First: offset / earlier.Length, Run: runAt[r0], Step: step / earlier.Length);
        }

        /// <summary>Whether iteration <paramref name="count"/> repeats the block with every read as classified.</summary>
        private static bool Extends(int[][] readsAt, int[] signature, List<RolledRun> runs, int start, int length, int count, List<RolledRead>[] reads, List<int>[] steps)
        {
            for (int j = 0; j < length; j++)
            {
                int p = start + count * length + j;
                if (signature[p] != signature[start + j]) return false;
                var args = readsAt[p];
                var args0 = readsAt[start + j];
                for (int a = 0; a < args.Length; a++)
                {
                    int r = args[a], r0 = args0[a];
                    if (r != r0 + steps[j][a] * count) return false;
                    if (reads[j][a] is { Kind: ReadKind.Across } across)
                    {
                        int iteration = across.First + across.Step * count;
                        if (iteration < 0 || iteration >= runs[across.Run].Count) return false;
                    }
                }
            }
            return true;
        }

        /// <summary>Sets each block node's buffer depth from who reads it, and collects the reads after each loop.</summary>
        private static void MarkReadsAfter(IReadOnlyList<Node> nodes, IReadOnlyList<int> order, int[][] readsAt, List<RolledRun> runs, int[] runAt)
        {
            void need(RolledRun run, int j, int depth)
            {
                j = Root(nodes, order, run, j);
                run.Depth[j] = System.Math.Min(run.Count, System.Math.Max(run.Depth[j], depth));
            }

            foreach (var run in runs)
                for (int j = 0; j < run.Length; j++)
                    foreach (var read in run.Reads[j])
                    {
                        if (read.Kind == ReadKind.Carried) need(run, read.Position, 2);
                        if (read.Kind == ReadKind.Across) need(runs[read.Run], read.Position, runs[read.Run].Count);
                    }

            // Reads of a node inside a loop by anything outside it (later nodes, later loops' invariants).
            for (int p = 0; p < order.Count; p++)
            {
                int reader = runAt[p];
                if (reader >= 0 && p >= runs[reader].Start + runs[reader].Length) continue;
                var args = readsAt[p];
                for (int a = 0; a < args.Length; a++)
                {
                    int r = args[a];
                    int owner = runAt[r];
                    if (owner < 0 || owner == reader) continue;
                    if (reader >= 0 && runs[reader].Reads[p - runs[reader].Start][a].Kind is not (ReadKind.Invariant or ReadKind.Carried)) continue;
                    var run = runs[owner];
                    int j = (r - run.Start) % run.Length, iteration = (r - run.Start) / run.Length;
                    need(run, j, run.Count - iteration);
                    run.ReadAfter.Add((j, iteration));
                }
            }
        }

        /// <summary>The block position whose buffer node <paramref name="j"/> lives in (aliases share their argument's).</summary>
        public static int Root(IReadOnlyList<Node> nodes, IReadOnlyList<int> order, RolledRun run, int j)
        {
            while (OpTable.Get(nodes[order[run.Start + j]].Op).IsAlias)
                j = IndexOfArgInBlock(nodes, order, run, j);
            return j;
        }

        private static int IndexOfArgInBlock(IReadOnlyList<Node> nodes, IReadOnlyList<int> order, RolledRun run, int j)
        {
            int arg = nodes[order[run.Start + j]].Args[0];
            for (int q = 0; q < j; q++)
                if (order[run.Start + q] == arg) return q;
            throw new System.InvalidOperationException("an alias in a rolled block reads outside its iteration");
        }
    }
}

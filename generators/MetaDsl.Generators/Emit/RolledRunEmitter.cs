using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Graph.Ops;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// Writes each <see cref="RolledRun"/> as a <c>for</c> loop whose body computes one iteration's
    /// nodes into per-iteration buffers (a ring of <see cref="RolledRun.Depth"/> iterations), then
    /// names the buffers that code after the loop reads.
    /// </summary>
    internal sealed class RolledRunEmitter
    {
        private readonly IndentedWriter _w;
        private readonly IReadOnlyList<Node> _nodes;
        private readonly IReadOnlyList<int> _order;
        private readonly FusionPlan _fusion;
        private readonly List<RolledRun> _runs;
        private readonly Dictionary<(int Run, int Position), string> _regions = new Dictionary<(int, int), string>();

        public RolledRunEmitter(IndentedWriter w, IReadOnlyList<Node> nodes, IReadOnlyList<int> order, FusionPlan fusion, List<RolledRun> runs)
        {
            _w = w;
            _nodes = nodes;
            _order = order;
            _fusion = fusion;
            _runs = runs;
            for (int r = 0; r < runs.Count; r++)
                for (int j = 0; j < runs[r].Length; j++)
                {
                    if (OpTable.Get(NodeAt(r, j).Op).IsAlias) continue;
                    var name = $"__r{r}_{j}";
                    _regions[(r, j)] = name;
                    RegionNames.Add(name);
                    var size = Shapes.Size(NodeAt(r, j).Shape);
                    RegionSizes.Add(new Dim(size.Coefficient * runs[r].Depth[j], size.Symbols));
                }
        }

        /// <summary>Workspace regions the loops need, in the order of <see cref="RegionSizes"/>.</summary>
        public List<string> RegionNames { get; } = new List<string>();

        /// <summary>Elements of each region: a block node's size times its depth.</summary>
        public List<Dim> RegionSizes { get; } = new List<Dim>();

        public void Emit(int r, Dictionary<int, string> locals)
        {
            var run = _runs[r];
            string k = "__k" + r;
            _w.Line($"// {run.Count} iterations of the same {run.Length} nodes, as a loop");
            using (_w.Block($"for (int {k} = 0; {k} < {run.Count}; {k}++)"))
            {
                for (int j = 0; j < run.Length; j++)
                {
                    var node = NodeAt(r, j);
                    var reads = _fusion.Reads(node).ToList();
                    var view = new Dictionary<int, string>();
                    foreach (var a in node.Args)
                        if (locals.TryGetValue(a, out var outer)) view[a] = outer;
                    for (int a = 0; a < reads.Count; a++)
                        view[reads[a]] = Read(r, j, a, reads[a], locals, k);
                    string local = "__l" + node.Id;
                    view[node.Id] = local;
                    var def = OpTable.Get(node.Op);
                    string comment = ProgramEmitter.Describe(node, def, string.Join(", ", node.Args.Select(a => view.TryGetValue(a, out var v) ? v : Identifiers.NodeLocal(a)))) + " " + Shapes.Format(node.Shape);
                    if (def.IsAlias)
                    {
                        _w.Line($"var {local} = {view[node.Args[0]]}; // {comment}");
                        continue;
                    }
                    _w.Line($"var {local} = {Slice(r, j, k)}; // {comment}");
                    ProgramEmitter.EmitKernel(new CpuEmitContext(_w, _nodes, view), _nodes, node, _fusion, view);
                }
            }
            foreach (var (j, iteration) in run.ReadAfter)
            {
                int id = _order[run.Start + iteration * run.Length + j];
                string local = Identifiers.NodeLocal(id);
                _w.Line($"var {local} = {Slice(r, j, iteration.ToString(CultureInfo.InvariantCulture), iteration)}; // iteration {iteration} of the loop above");
                locals[id] = local;
            }
        }

        /// <summary>The local holding read <paramref name="a"/> of block node <paramref name="j"/>, declared here when it depends on the iteration.</summary>
        private string Read(int r, int j, int a, int arg, Dictionary<int, string> locals, string k)
        {
            var read = _runs[r].Reads[j][a];
            var node = NodeAt(r, j);
            switch (read.Kind)
            {
                case ReadKind.Intra:
                    return "__l" + arg;
                case ReadKind.Carried:
                {
                    string name = $"__c{node.Id}_{a}";
                    _w.Line($"global::System.ReadOnlySpan<T> {name} = {k} == 0 ? {locals[read.First]} : {Slice(r, read.Position, k + " - 1")};");
                    return name;
                }
                case ReadKind.Across:
                {
                    string name = $"__x{node.Id}_{a}";
                    string iteration = $"{read.First} + {read.Step} * {k}";
                    _w.Line($"var {name} = {Slice(read.Run, read.Position, iteration)};");
                    return name;
                }
                default:
                    return locals[arg];
            }
        }

        /// <summary>The buffer of block node <paramref name="j"/> of run <paramref name="r"/> at iteration <paramref name="iteration"/>.</summary>
        private string Slice(int r, int j, string iteration, int? constant = null)
        {
            var run = _runs[r];
            j = LoopRoller.Root(_nodes, _order, run, j);
            string region = _regions[(r, j)];
            int depth = run.Depth[j];
            if (depth == 1) return region;
            string size = Shapes.Size(NodeAt(r, j).Shape).ToCode();
            string index = constant is int c ? (c % depth).ToString(CultureInfo.InvariantCulture)
                : depth == run.Count ? $"({iteration})" : $"(({iteration}) % {depth})";
            return $"{region}.Slice({index} * {ProgramEmitter.Paren(size)}, {size})";
        }

        private Node NodeAt(int r, int j) => _nodes[_order[_runs[r].Start + j]];
    }
}

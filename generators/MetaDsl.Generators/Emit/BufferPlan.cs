using System.Collections.Generic;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Graph.Ops;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// Decides which nodes a method computes and where each lives: sources are views of caller
    /// memory, aliases share their argument's buffer, and every other node takes a workspace slot
    /// freed after its last use, so a slot of the same size is reused instead of growing the workspace.
    /// </summary>
    internal sealed class BufferPlan
    {
        private BufferPlan(IReadOnlyList<int> order, IReadOnlyDictionary<int, int> slotOf, IReadOnlyList<Dim> slotSizes)
        {
            Order = order;
            SlotOf = slotOf;
            SlotSizes = slotSizes;
        }

        /// <summary>Live nodes in the order they are computed.</summary>
        public IReadOnlyList<int> Order { get; }

        /// <summary>The workspace slot of each node that owns a buffer.</summary>
        public IReadOnlyDictionary<int, int> SlotOf { get; }

        /// <summary>Each slot's size in elements; emitters write it in their own language.</summary>
        public IReadOnlyList<Dim> SlotSizes { get; }

        public static bool IsSource(Node n) => n.Op == OpKind.Input || n.Op == OpKind.Param || n.Op == OpKind.ParamTangent;

        public static BufferPlan Create(IReadOnlyList<Node> nodes, IEnumerable<int> outputs)
            => Create(nodes, outputs, FusionPlan.None, new HashSet<int>());

        /// <param name="nodes">The graph.</param>
        /// <param name="outputs">Nodes the method reads out.</param>
        /// <param name="fusion">Fusions, whose reads replace their nodes' arguments.</param>
        /// <param name="external">Nodes stored in caller memory (an output span), which take no slot.</param>
        public static BufferPlan Create(IReadOnlyList<Node> nodes, IEnumerable<int> outputs, FusionPlan fusion, ISet<int> external)
        {
            var outputSet = new HashSet<int>(outputs);
            var order = LiveOrder(nodes, outputSet, fusion);

            var root = new int[nodes.Count];
            var lastUse = new int[nodes.Count];
            for (int id = 0; id < nodes.Count; id++)
            {
                root[id] = OpTable.Get(nodes[id].Op).IsAlias ? root[nodes[id].Args[0]] : id;
                lastUse[id] = id;
            }
            foreach (int id in order)
            {
                foreach (var a in fusion.Reads(nodes[id]))
                    lastUse[root[a]] = System.Math.Max(lastUse[root[a]], id);
                if (outputSet.Contains(id)) lastUse[root[id]] = int.MaxValue;
            }

            var slotOf = new Dictionary<int, int>();
            var slotSizes = new List<Dim>();
            // Free slots by size, each in the order freed: the first freed of a size is reused first.
            var free = new Dictionary<Dim, Queue<int>>();
            // Owners by the position of their last use, so freeing costs nothing per node that frees nothing.
            var owners = new SortedSet<(int LastUse, int Id)>();
            foreach (int id in order)
            {
                var node = nodes[id];
                if (IsSource(node) || OpTable.Get(node.Op).IsAlias || external.Contains(id)) continue;
                while (owners.Count > 0 && owners.Min.LastUse < id)
                {
                    int freed = slotOf[owners.Min.Id];
                    if (!free.TryGetValue(slotSizes[freed], out var queue)) free[slotSizes[freed]] = queue = new Queue<int>();
                    queue.Enqueue(freed);
                    owners.Remove(owners.Min);
                }
                var size = Shapes.Size(node.Shape);
                int slot;
                if (free.TryGetValue(size, out var same) && same.Count > 0)
                    slot = same.Dequeue();
                else
                {
                    slot = slotSizes.Count;
                    slotSizes.Add(size);
                }
                slotOf[id] = slot;
                owners.Add((lastUse[id], id));
            }
            return new BufferPlan(order, slotOf, slotSizes);
        }

        /// <summary>The nodes the outputs need, in the order they are computed (ids ascending).</summary>
        public static List<int> LiveOrder(IReadOnlyList<Node> nodes, ICollection<int> outputs, FusionPlan fusion)
        {
            var live = new bool[nodes.Count];
            var stack = new Stack<int>(outputs);
            while (stack.Count > 0)
            {
                int id = stack.Pop();
                if (live[id]) continue;
                live[id] = true;
                foreach (var a in fusion.Reads(nodes[id])) stack.Push(a);
            }
            var order = new List<int>();
            for (int id = 0; id < nodes.Count; id++)
                if (live[id]) order.Add(id);
            return order;
        }
    }
}

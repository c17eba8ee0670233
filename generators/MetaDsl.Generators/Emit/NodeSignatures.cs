using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// Numbers nodes so that two get one number exactly when they compute the same thing from
    /// arguments in the same places: everything about a node but its id and argument ids, and, for a
    /// fused node, how the fusion computes it. Loop rolling compares these numbers.
    /// </summary>
    internal sealed class NodeSignatures
    {
        private readonly IReadOnlyList<Node> _nodes;
        private readonly FusionPlan _fusion;
        private readonly Dictionary<Node, int> _plain = new Dictionary<Node, int>();
        private readonly Dictionary<string, int> _fused = new Dictionary<string, int>();
        private readonly Dictionary<int, EquatableArray<int>> _placeholders = new Dictionary<int, EquatableArray<int>>();

        public NodeSignatures(IReadOnlyList<Node> nodes, FusionPlan fusion)
        {
            _nodes = nodes;
            _fusion = fusion;
        }

        /// <summary>The number of <paramref name="node"/>'s signature.</summary>
        public int Of(Node node)
        {
            int plain = Plain(node);
            if (!_fusion.Fused.TryGetValue(node.Id, out var fused)) return plain;
            var text = new System.Text.StringBuilder();
            text.Append(plain).Append('|').Append(fused.Kind);
            foreach (var part in fused.Parts)
            {
                text.Append(" (").Append(Plain(_nodes[part]));
                foreach (var a in _nodes[part].Args) text.Append(' ').Append(IndexOf(fused.Reads, a));
                text.Append(')');
            }
            return Number(_fused, text.ToString());
        }

        /// <summary>
        /// The node with its id and arguments blanked is its own key: the record's equality covers
        /// every attribute, including any an op adds later.
        /// </summary>
        private int Plain(Node node)
        {
            if (!_placeholders.TryGetValue(node.Args.Count, out var blank))
                _placeholders[node.Args.Count] = blank = new EquatableArray<int>(new int[node.Args.Count]);
            return Number(_plain, node with { Id = 0, Args = blank });
        }

        private int Number<TKey>(Dictionary<TKey, int> table, TKey key)
        {
            if (!table.TryGetValue(key, out int number))
                table[key] = number = _plain.Count + _fused.Count;
            return number;
        }

        private static int IndexOf(IReadOnlyList<int> list, int value)
        {
            for (int i = 0; i < list.Count; i++)
                if (list[i] == value) return i;
            return -1;
        }
    }
}

using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>
    /// Finds syntax nested deeper than lowering may go. Binding a body and lowering it both recurse
    /// once per level, so a body nested thousands deep would overflow the compiler's stack; it is
    /// measured here without recursion, before anything binds it.
    /// </summary>
    internal static class SyntaxDepth
    {
        /// <summary>The deepest nesting of syntax a learner method may have, counted from its declaration.</summary>
        public const int Max = 256;

        /// <summary>The first node found at depth <see cref="Max"/> + 1, or null when <paramref name="root"/> is shallow enough.</summary>
        public static SyntaxNode? FirstTooDeep(SyntaxNode root)
        {
            var stack = new Stack<(SyntaxNode Node, int Depth)>();
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (node, depth) = stack.Pop();
                if (depth > Max) return node;
                foreach (var child in node.ChildNodes()) stack.Push((child, depth + 1));
            }
            return null;
        }
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// Names generated files <c>{Namespace}.{Learner}.g.cs</c>. The compiler compares hint names
    /// ignoring case and accepts only some characters, so a name that is not plain ASCII, or that
    /// another learner's equals but for case, gets a suffix hashed from its exact name. The suffix
    /// starts with a digit, which no C# name part can, so it never meets another learner's name.
    /// </summary>
    internal static class HintNames
    {
        /// <summary>The learner names, of all given, that another equals but for case.</summary>
        public static EquatableArray<string> CaseCollisions(IEnumerable<string> metadataNames)
            => metadataNames.Distinct()
                .GroupBy(n => n.ToUpperInvariant())
                .Where(g => g.Count() > 1)
                .SelectMany(g => g)
                .OrderBy(n => n, System.StringComparer.Ordinal)
                .ToEquatableArray();

        public static string For(string metadataName, EquatableArray<string> caseCollisions)
        {
            var plain = new StringBuilder(metadataName.Length);
            foreach (char c in metadataName)
                plain.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' ? c : '_');
            var name = plain.ToString();
            if (name != metadataName || caseCollisions.Contains(metadataName))
                name += "." + Fnv1a(metadataName).ToString("D10", CultureInfo.InvariantCulture);
            return name + ".g.cs";
        }

        /// <summary>A stable hash (string.GetHashCode differs between processes).</summary>
        private static uint Fnv1a(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text)
            {
                hash ^= c;
                hash *= 16777619;
            }
            return hash;
        }
    }
}

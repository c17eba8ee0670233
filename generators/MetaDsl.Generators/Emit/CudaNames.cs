using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// Names in generated CUDA C++. C# identifiers may be C++ keywords (<c>auto</c>, <c>register</c>)
    /// or hold non-ASCII letters that NVRTC need not accept, so every user name passes through here.
    /// </summary>
    internal static class CudaNames
    {
        private static readonly HashSet<string> s_reserved = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
            "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
            "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
            "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
            "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
            "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
            "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
            "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
            "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
            // Names the generated code itself declares or that CUDA predefines.
            "theta", "inputs", "grad", "v", "hv", "scratch", "loss", "task", "grads", "losses", "scratch_stride", "mdsl", "threadIdx", "blockIdx", "blockDim", "gridDim", "warpSize",
        };

        /// <summary>The prefix of every function emitted for a learner, e.g. <c>SineMlp</c>.</summary>
        public static string Learner(LearnerSpec spec) => Identifier(spec.ClassName);

        /// <summary>The template parameter (and, in the task kernel, constant) that holds a symbolic dim.</summary>
        public static string Symbol(string symbol)
        {
            var name = Identifier(symbol);
            return s_reserved.Contains(name) || name.StartsWith("_", System.StringComparison.Ordinal) ? "dim_" + name : name;
        }

        /// <summary>The macro that fixes a symbolic dim when the task kernel is compiled.</summary>
        public static string Define(string symbol) => "MDSL_DIM_" + Identifier(symbol);

        /// <summary>The kernel parameter holding an input of every task.</summary>
        public static string Input(InputSpec input) => "in_" + Identifier(input.Name);

        /// <summary>The symbols of the loss inputs, in order of first appearance: the template parameters.</summary>
        public static IReadOnlyList<string> Symbols(ProgramSpec program)
            => program.Inputs.SelectMany(i => i.Shape).SelectMany(d => d.Symbols).Distinct().ToList();

        /// <summary>ASCII letters, digits and underscores kept; anything else spelled as <c>_uXXXX</c>.</summary>
        private static string Identifier(string name)
        {
            var text = new StringBuilder();
            foreach (char ch in name)
            {
                if (ch < 128 && (char.IsLetterOrDigit(ch) || ch == '_')) text.Append(ch);
                else text.Append("_u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
            }
            return text.ToString();
        }
    }
}

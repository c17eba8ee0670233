using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>Semantic models by syntax tree, reusing the one the pipeline gave us for the learner's own file.</summary>
    internal sealed class SemanticModels
    {
        private readonly SemanticModel _primary;

        public SemanticModels(SemanticModel primary) => _primary = primary;

        public SemanticModel For(SyntaxTree tree) => tree == _primary.SyntaxTree ? _primary : _primary.Compilation.GetSemanticModel(tree);
    }
}

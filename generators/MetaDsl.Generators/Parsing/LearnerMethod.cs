using System.Collections.Generic;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>A [Loss] or [Forward] method: its declaration with a body, and its inputs.</summary>
    internal sealed class LearnerMethod
    {
        private IOperation? _body;

        public LearnerMethod(IMethodSymbol symbol, BaseMethodDeclarationSyntax? declaration, List<InputSpec?> inputs)
        {
            Symbol = symbol;
            Declaration = declaration;
            Inputs = inputs;
        }

        public IMethodSymbol Symbol { get; }

        public string Name => Symbol.Name;

        /// <summary>The declaration that has the body, or null when there is none (abstract, extern, partial definition only).</summary>
        public BaseMethodDeclarationSyntax? Declaration { get; }

        /// <summary>One entry per parameter; null where the parameter's declaration was reported as wrong.</summary>
        public List<InputSpec?> Inputs { get; }

        public Location Identifier => Declaration is MethodDeclarationSyntax m ? m.Identifier.GetLocation() : Symbol.Locations[0];

        /// <summary>The bound body; the semantic model is the one of the file that declares it (partial classes span files).</summary>
        public IOperation? Body(SemanticModels models)
        {
            if (_body is null && Declaration is not null)
                _body = models.For(Declaration.SyntaxTree).GetOperation(Declaration) is IMethodBodyBaseOperation body
                    ? (IOperation?)body.BlockBody ?? body.ExpressionBody
                    : null;
            return _body;
        }

        /// <summary>All inputs when every parameter is well declared, else null.</summary>
        public EquatableArray<InputSpec>? InputSpecs()
        {
            var list = new List<InputSpec>();
            foreach (var input in Inputs)
            {
                if (input is null) return null;
                list.Add(input);
            }
            return list.ToEquatableArray();
        }
    }
}

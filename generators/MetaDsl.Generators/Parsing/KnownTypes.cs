using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>The runtime types a learner is written against, resolved once per parse. Any may be null in broken code.</summary>
    internal sealed class KnownTypes
    {
        private KnownTypes(Compilation compilation)
        {
            Tensor = compilation.GetTypeByMetadataName("MetaDsl.Tensor");
            Ops = compilation.GetTypeByMetadataName("MetaDsl.Ops");
            Param = compilation.GetTypeByMetadataName("MetaDsl.ParamAttribute");
            MetaParam = compilation.GetTypeByMetadataName("MetaDsl.MetaParamAttribute");
            Forward = compilation.GetTypeByMetadataName("MetaDsl.ForwardAttribute");
            Loss = compilation.GetTypeByMetadataName("MetaDsl.LossAttribute");
            MetaLoss = compilation.GetTypeByMetadataName("MetaDsl.MetaLossAttribute");
            Shape = compilation.GetTypeByMetadataName("MetaDsl.ShapeAttribute");
        }

        public static KnownTypes From(Compilation compilation) => new KnownTypes(compilation);

        public INamedTypeSymbol? Tensor { get; }

        public INamedTypeSymbol? Ops { get; }

        public INamedTypeSymbol? Param { get; }

        public INamedTypeSymbol? MetaParam { get; }

        public INamedTypeSymbol? Forward { get; }

        public INamedTypeSymbol? Loss { get; }

        public INamedTypeSymbol? MetaLoss { get; }

        public INamedTypeSymbol? Shape { get; }

        public bool IsTensor(ITypeSymbol? type) => Tensor is not null && SymbolEqualityComparer.Default.Equals(type, Tensor);

        public static bool Is(ISymbol? symbol, INamedTypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(symbol, type);

        public AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attribute)
        {
            foreach (var a in symbol.GetAttributes())
                if (Is(a.AttributeClass, attribute)) return a;
            return null;
        }
    }
}

using MetaDsl.Generators.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>
    /// A tensor's <c>Shape[k]</c>, <c>Rank</c> and <c>Length</c> read as numbers in a body. A constant dim is a
    /// number known at build time; a symbolic one (<c>"n"</c>) becomes a scalar node holding its run-time value,
    /// so <c>h / x.Shape[1]</c> divides by the bound dim. Such a number is never known at build time, so it
    /// cannot size an op or bound a loop, and integer division or a narrowing conversion of it is refused: the
    /// eager body would truncate where the graph's arithmetic does not.
    /// </summary>
    internal sealed partial class BodyLowerer
    {
        private bool IsTensorMember(IPropertyReferenceOperation property)
            => property.Arguments.Length == 0 && _ctx.Known.IsTensor(property.Property.ContainingType)
                && property.Property.Name is "Shape" or "Rank" or "Length";

        /// <summary><c>x.Rank</c> or <c>x.Length</c>; <c>x.Shape</c> alone is only readable through an index.</summary>
        private Value TensorMember(IPropertyReferenceOperation property, Frame frame)
        {
            if (property.Property.Name == "Shape")
            {
                Unsupported(property.Syntax, "reading " + ConstructNames.Quote(property.Syntax) + " other than as Shape[k] with k known at build time");
                return Value.Error;
            }
            if (!TryShape(property.Instance, frame, out var shape)) return Value.Error;
            return property.Property.Name == "Rank" ? Value.Of(shape.Count) : DimNumber(Shapes.Size(shape));
        }

        /// <summary><c>x.Shape[k]</c>, with k known at build time.</summary>
        private Value ShapeDim(IArrayElementReferenceOperation element, Frame frame)
        {
            if (element.ArrayReference is not IPropertyReferenceOperation { Property.Name: "Shape" } shapeRead
                || !_ctx.Known.IsTensor(shapeRead.Property.ContainingType) || element.Indices.Length != 1)
            {
                Unsupported(element.Syntax);
                return Value.Error;
            }
            if (!TryShape(shapeRead.Instance, frame, out var shape)) return Value.Error;
            var index = Evaluate(element.Indices[0], frame);
            if (index.IsError) return Value.Error;
            if (!index.IsNumber)
            {
                Sink.Add(Diagnostics.Descriptors.NotConstant, element.Indices[0].Syntax, "The index in " + ConstructNames.Quote(element.Syntax));
                return Value.Error;
            }
            int k = (int)index.Number;
            if (k < 0 || k >= shape.Count)
            {
                Sink.Add(Diagnostics.Descriptors.InvalidOpArgument, element.Syntax, ConstructNames.Quote(element.Syntax),
                    $"dim {k} does not exist in shape {Shapes.Format(shape)}");
                return Value.Error;
            }
            return DimNumber(shape[k]);
        }

        private bool TryShape(IOperation? instance, Frame frame, out Model.EquatableArray<Dim> shape)
        {
            shape = Shapes.Scalar;
            var x = instance is null ? Value.Error : Operand(instance, frame);
            if (!x.IsTensor) return false;
            shape = _b.ShapeOf(x.Node);
            return true;
        }

        private Value DimNumber(Dim dim) => dim.IsConstant ? Value.Of(dim.Coefficient) : Value.Tensor(_b.DimValue(dim));

        /// <summary>A run-time dim converted to a floating type keeps its value; to any other type it could not.</summary>
        private bool IsExactDimConversion(IConversionOperation conversion)
            => NumberFolder.IsNumeric(conversion.Operand.Type)
                && conversion.Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Int64;
    }
}

using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>Build-time arithmetic on numbers with C#'s semantics for the operation's type (integer division truncates, float rounds).</summary>
    internal static class NumberFolder
    {
        public static bool IsNumeric(ITypeSymbol? type) => type?.SpecialType switch
        {
            SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal => true,
            _ => false,
        };

        public static bool IsIntegral(ITypeSymbol? type) => IsNumeric(type)
            && type!.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal);

        /// <summary>The value as the given numeric type holds it.</summary>
        public static double Convert(double value, ITypeSymbol? type)
        {
            if (IsIntegral(type)) return Math.Truncate(value);
            if (type?.SpecialType == SpecialType.System_Single) return (float)value;
            return value;
        }

        /// <summary>Folds a binary operator; null when C# would throw (integer division by zero) or the operator is not supported.</summary>
        public static Value? Binary(BinaryOperatorKind op, Value left, Value right, ITypeSymbol? resultType)
        {
            double l = left.Number, r = right.Number;
            switch (op)
            {
                case BinaryOperatorKind.Add: return Value.Of(Convert(l + r, resultType));
                case BinaryOperatorKind.Subtract: return Value.Of(Convert(l - r, resultType));
                case BinaryOperatorKind.Multiply: return Value.Of(Convert(l * r, resultType));
                case BinaryOperatorKind.Divide:
                    if (IsIntegral(resultType) && r == 0) return null;
                    return Value.Of(Convert(l / r, resultType));
                case BinaryOperatorKind.Remainder:
                    if (IsIntegral(resultType) && r == 0) return null;
                    return Value.Of(Convert(l % r, resultType));
                case BinaryOperatorKind.LessThan: return Value.Of(l < r);
                case BinaryOperatorKind.LessThanOrEqual: return Value.Of(l <= r);
                case BinaryOperatorKind.GreaterThan: return Value.Of(l > r);
                case BinaryOperatorKind.GreaterThanOrEqual: return Value.Of(l >= r);
                case BinaryOperatorKind.Equals: return left.IsBoolean == right.IsBoolean ? Value.Of(l == r) : null;
                case BinaryOperatorKind.NotEquals: return left.IsBoolean == right.IsBoolean ? Value.Of(l != r) : null;
                case BinaryOperatorKind.And when left.IsBoolean && right.IsBoolean: return Value.Of(left.AsBoolean & right.AsBoolean);
                case BinaryOperatorKind.Or when left.IsBoolean && right.IsBoolean: return Value.Of(left.AsBoolean | right.AsBoolean);
                case BinaryOperatorKind.ExclusiveOr when left.IsBoolean && right.IsBoolean: return Value.Of(left.AsBoolean ^ right.AsBoolean);
                default: return null;
            }
        }
    }
}

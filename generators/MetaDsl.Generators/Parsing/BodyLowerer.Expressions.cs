using System;
using System.Globalization;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>Expressions: reads, constants, conversions, arithmetic and assignments.</summary>
    internal sealed partial class BodyLowerer
    {
        private Value Evaluate(IOperation operation, Frame frame)
        {
            _ctx.CancellationToken.ThrowIfCancellationRequested();
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            if (operation.ConstantValue.HasValue) return Constant(operation);
            switch (operation)
            {
                case IDefaultValueOperation when _ctx.Known.IsTensor(operation.Type):
                    return Value.Unassigned;
                case ILocalReferenceOperation local:
                    return Read(local.Local, frame, operation.Syntax);
                case IParameterReferenceOperation parameter:
                    return Read(parameter.Parameter, frame, operation.Syntax);
                case IFieldReferenceOperation field:
                    return Member(field.Field, field.Field.Type, field.Instance, operation.Syntax);
                case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer when _ctx.Known.IsTensor(indexer.Type):
                    return Index(indexer, frame);
                case IPropertyReferenceOperation property when IsTensorMember(property):
                    return TensorMember(property, frame);
                case IArrayElementReferenceOperation element:
                    return ShapeDim(element, frame);
                case IPropertyReferenceOperation property when property.Arguments.Length == 0:
                    return Member(property.Property, property.Property.Type, property.Instance, operation.Syntax);
                case IConversionOperation conversion:
                    return Convert(conversion, frame);
                case IParenthesizedOperation parenthesized:
                    return Evaluate(parenthesized.Operand, frame);
                case IUnaryOperation unary:
                    return Unary(unary, frame);
                case IBinaryOperation binary:
                    return Binary(binary, frame);
                case ISimpleAssignmentOperation assignment:
                    return Assign(assignment, frame);
                case ICompoundAssignmentOperation compound:
                    return CompoundAssign(compound, frame);
                case IIncrementOrDecrementOperation increment:
                    return Increment(increment, frame);
                case IConditionalOperation conditional:
                    return EvaluateConditional(conditional, frame);
                case IInvocationOperation call:
                    return Call(call, frame);
                case IInvalidOperation:
                    _ctx.SawInvalidCode = true;
                    return Value.Error;
                default:
                    Unsupported(operation.Syntax);
                    return Value.Error;
            }
        }

        /// <summary>Evaluates an operand of an op, reporting a tensor that was never assigned (a null or default literal).</summary>
        private Value Operand(IOperation operation, Frame frame)
        {
            var value = Evaluate(operation, frame);
            if (value.Kind != ValueKind.Unassigned) return value;
            Sink.Add(Descriptors.UnassignedLocal, operation.Syntax, ConstructNames.Quote(operation.Syntax).Trim('\''));
            return Value.Error;
        }

        private Value Constant(IOperation operation)
        {
            switch (operation.ConstantValue.Value)
            {
                case null:
                    return Value.Unassigned;
                case bool b:
                    return Value.Of(b);
                case int or long or short or sbyte or byte or ushort or uint or ulong or float or double or decimal:
                    return Value.Of(System.Convert.ToDouble(operation.ConstantValue.Value, CultureInfo.InvariantCulture));
                default:
                    Unsupported(operation.Syntax);
                    return Value.Error;
            }
        }

        private Value Read(ISymbol symbol, Frame frame, SyntaxNode syntax)
        {
            if (frame.TryGet(symbol, out var value) && value.Kind != ValueKind.Unassigned) return value;
            Sink.Add(Descriptors.UnassignedLocal, syntax, symbol.Name);
            return Value.Error;
        }

        /// <summary>A field or property: a [Param] becomes its graph node; anything else only if it is a C# const (handled before).</summary>
        private Value Member(ISymbol member, ITypeSymbol type, IOperation? instance, SyntaxNode syntax)
        {
            if (instance is not null && instance is not IInstanceReferenceOperation)
            {
                Unsupported(syntax, "reading " + ConstructNames.Quote(syntax) + " (a member of another object)");
                return Value.Error;
            }
            if (_ctx.Parameters.Contains(member))
                return _ctx.Parameters.Read(member, _b) is int node ? Value.Tensor(node) : Value.Error;
            if (NumberFolder.IsNumeric(type) || type.SpecialType == SpecialType.System_Boolean)
                Sink.Add(Descriptors.NotConstant, syntax, ConstructNames.Quote(syntax) + " (declare it const)");
            else
                Unsupported(syntax, "reading " + ConstructNames.Quote(syntax) + " (only [Param] members and consts can be read)");
            return Value.Error;
        }

        /// <summary><c>x[i]</c> with <c>i</c> known at build time (a constant or a loop variable).</summary>
        private Value Index(IPropertyReferenceOperation indexer, Frame frame)
        {
            var x = indexer.Instance is { } instance ? Operand(instance, frame) : Value.Error;
            var argument = indexer.Arguments[0].Value;
            var position = Evaluate(argument, frame);
            if (x.IsError || position.IsError) return Value.Error;
            if (!position.IsNumber)
            {
                Sink.Add(Descriptors.NotConstant, argument.Syntax, "The index in " + ConstructNames.Quote(indexer.Syntax));
                return Value.Error;
            }
            return _ops.Build(() => _b.Index(x.Node, (int)position.Number), indexer.Syntax);
        }

        private Value Convert(IConversionOperation conversion, Frame frame)
        {
            var value = Evaluate(conversion.Operand, frame);
            if (value.IsError || value.Kind == ValueKind.Unassigned) return value;
            if (conversion.OperatorMethod is null)
            {
                if (value.IsNumber && NumberFolder.IsNumeric(conversion.Type)) return Value.Of(NumberFolder.Convert(value.Number, conversion.Type));
                if (value.IsTensor && _ctx.Known.IsTensor(conversion.Type)) return value;
                if (value.IsTensor && IsExactDimConversion(conversion)) return value;
                if (value.IsBoolean && conversion.Type?.SpecialType == SpecialType.System_Boolean) return value;
            }
            Unsupported(conversion.Syntax, "a conversion to " + (conversion.Type?.ToDisplayString() ?? "another type"));
            return Value.Error;
        }

        private Value Unary(IUnaryOperation unary, Frame frame)
        {
            var operand = Operand(unary.Operand, frame);
            if (operand.IsError) return operand;
            switch (unary.OperatorKind)
            {
                case UnaryOperatorKind.Plus when !operand.IsBoolean:
                    return operand;
                case UnaryOperatorKind.Minus when operand.IsTensor:
                    return _ops.Build(() => _b.Neg(operand.Node), unary.Syntax);
                case UnaryOperatorKind.Minus when operand.IsNumber:
                    return Value.Of(NumberFolder.Convert(-operand.Number, unary.Type));
                case UnaryOperatorKind.Not when operand.IsBoolean:
                    return Value.Of(!operand.AsBoolean);
                default:
                    Unsupported(unary.Syntax, "the unary operator in " + ConstructNames.Quote(unary.Syntax));
                    return Value.Error;
            }
        }

        private Value Binary(IBinaryOperation binary, Frame frame)
        {
            if (binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr)
                return ShortCircuit(binary, frame);
            if (binary.OperatorMethod is null && binary.LeftOperand.Type?.IsReferenceType == true)
            {
                // Reference equality (h == null) has no meaning for values known only at run time.
                Unsupported(binary.Syntax, "comparing references in " + ConstructNames.Quote(binary.Syntax));
                return Value.Error;
            }
            var left = Operand(binary.LeftOperand, frame);
            var right = Operand(binary.RightOperand, frame);
            return Combine(binary.OperatorKind, left, right, binary.Type, binary.Syntax);
        }

        private Value ShortCircuit(IBinaryOperation binary, Frame frame)
        {
            bool isAnd = binary.OperatorKind == BinaryOperatorKind.ConditionalAnd;
            if (!TryCondition(binary.LeftOperand, frame, "'&&' or '||'", out bool left)) return Value.Error;
            if (left != isAnd) return Value.Of(left);
            return TryCondition(binary.RightOperand, frame, "'&&' or '||'", out bool right) ? Value.Of(right) : Value.Error;
        }

        /// <summary>Applies a binary operator: a graph op when a tensor is involved, build-time arithmetic otherwise.</summary>
        private Value Combine(BinaryOperatorKind op, Value left, Value right, ITypeSymbol? resultType, SyntaxNode syntax)
        {
            if (left.IsError || right.IsError) return Value.Error;
            if (left.IsTensor || right.IsTensor)
            {
                OpKind? kind = op switch
                {
                    BinaryOperatorKind.Add => OpKind.Add,
                    BinaryOperatorKind.Subtract => OpKind.Sub,
                    BinaryOperatorKind.Multiply => OpKind.Mul,
                    BinaryOperatorKind.Divide => OpKind.Div,
                    _ => null,
                };
                if (kind == OpKind.Div && NumberFolder.IsIntegral(resultType))
                {
                    Unsupported(syntax, "integer division of a dim known only at run time in " + ConstructNames.Quote(syntax) + " (convert it to double first)");
                    return Value.Error;
                }
                if (kind is OpKind k && !left.IsBoolean && !right.IsBoolean) return _ops.Binary(k, left, right, syntax);
                Unsupported(syntax, "the operator in " + ConstructNames.Quote(syntax));
                return Value.Error;
            }
            if (NumberFolder.Binary(op, left, right, resultType) is Value folded) return folded;
            if (op is BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder && right.IsNumber && right.Number == 0)
                Sink.Add(Descriptors.InvalidOpArgument, syntax, ConstructNames.Quote(syntax), "integer division by zero");
            else
                Unsupported(syntax, "the operator in " + ConstructNames.Quote(syntax));
            return Value.Error;
        }

        private Value Assign(ISimpleAssignmentOperation assignment, Frame frame)
        {
            var target = Assignable(assignment.Target);
            var value = Evaluate(assignment.Value, frame);
            if (target is null) return Value.Error;
            frame.Set(target, value);
            return value;
        }

        private Value CompoundAssign(ICompoundAssignmentOperation compound, Frame frame)
        {
            var target = Assignable(compound.Target);
            if (target is null) return Value.Error;
            var current = Read(target, frame, compound.Target.Syntax);
            var operand = Operand(compound.Value, frame);
            var result = Combine(compound.OperatorKind, current, operand, compound.Target.Type, compound.Syntax);
            frame.Set(target, result);
            return result;
        }

        private Value Increment(IIncrementOrDecrementOperation increment, Frame frame)
        {
            var target = Assignable(increment.Target);
            if (target is null) return Value.Error;
            var current = Read(target, frame, increment.Target.Syntax);
            if (!current.IsNumber)
            {
                if (!current.IsError) Unsupported(increment.Syntax, "'++' or '--' on a tensor");
                frame.Set(target, Value.Error);
                return Value.Error;
            }
            double step = increment.Kind == OperationKind.Increment ? 1 : -1;
            var next = Value.Of(NumberFolder.Convert(current.Number + step, increment.Target.Type));
            frame.Set(target, next);
            return increment.IsPostfix ? current : next;
        }

        /// <summary>The local or parameter an assignment writes, or null (reported) for anything else.</summary>
        private ISymbol? Assignable(IOperation target)
        {
            switch (target)
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IInvalidOperation:
                    _ctx.SawInvalidCode = true;
                    return null;
                default:
                    Unsupported(target.Syntax, "assigning to " + ConstructNames.Quote(target.Syntax) + " (only locals and parameters can be assigned)");
                    return null;
            }
        }
    }
}

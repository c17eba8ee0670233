using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>Calls: MetaDsl ops become graph nodes; other [Forward] methods of the learner are inlined.</summary>
    internal sealed partial class BodyLowerer
    {
        private Value Call(IInvocationOperation call, Frame frame)
        {
            var target = call.TargetMethod;
            if (KnownTypes.Is(target.ContainingType, _ctx.Known.Ops))
                return _ops.Lower(call, operand => Operand(operand, frame));

            var callee = KnownTypes.Is(target.ContainingType, _ctx.Learner) ? _ctx.Methods.FindForward(target) : null;
            if (callee is null)
            {
                Sink.Add(Descriptors.UnknownOp, call.Syntax, (target.ContainingType is null ? "" : target.ContainingType.Name + ".") + target.Name);
                return Value.Error;
            }
            if (call.Instance is not null && call.Instance is not IInstanceReferenceOperation)
            {
                Unsupported(call.Syntax, "calling " + ConstructNames.Quote(call.Syntax) + " on another object");
                return Value.Error;
            }
            int first = _callStack.IndexOf(callee);
            if (first >= 0)
            {
                var cycle = _callStack.Skip(first).Select(m => m.Name).Concat(new[] { callee.Name });
                Sink.Add(Descriptors.Recursion, call.Syntax, callee.Name, string.Join(" -> ", cycle));
                return Value.Error;
            }

            var arguments = new Value[target.Parameters.Length];
            var syntaxOf = new SyntaxNode[arguments.Length];
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is not { } parameter || parameter.Ordinal >= arguments.Length) continue;
                arguments[parameter.Ordinal] = Operand(argument.Value, frame);
                syntaxOf[parameter.Ordinal] = argument.Syntax;
            }
            if (arguments.Any(a => a.IsError) || !ArgumentShapesMatch(callee, arguments, syntaxOf, call.Syntax)) return Value.Error;
            return Inline(callee, arguments);
        }

        /// <summary>
        /// Checks arguments against the callee's [Shape]s: constant dims must be equal and each symbol
        /// must stand for one dim across all arguments, as when the callee is a program of its own.
        /// </summary>
        private bool ArgumentShapesMatch(LearnerMethod callee, Value[] arguments, SyntaxNode[] syntaxOf, SyntaxNode call)
        {
            var bound = new Dictionary<string, Dim>();
            bool ok = true;
            for (int i = 0; i < arguments.Length && i < callee.Inputs.Count; i++)
            {
                if (callee.Inputs[i] is not InputSpec declared || !arguments[i].IsTensor) continue;
                var actual = _b.ShapeOf(arguments[i].Node);
                if (Binds(declared.Shape, actual, bound)) continue;
                Sink.Add(Descriptors.ShapeMismatch, syntaxOf[i] ?? call, "the call to " + callee.Name,
                    Shapes.Format(actual), Shapes.Format(declared.Shape), $" (argument '{declared.Name}' is declared with the second shape)");
                ok = false;
            }
            return ok;
        }

        private static bool Binds(EquatableArray<Dim> declared, EquatableArray<Dim> actual, Dictionary<string, Dim> bound)
        {
            if (declared.Count != actual.Count) return false;
            for (int d = 0; d < declared.Count; d++)
            {
                var dim = declared[d];
                if (dim.IsConstant)
                {
                    if (!dim.Equals(actual[d])) return false;
                    continue;
                }
                var symbol = dim.Symbols[0];
                if (bound.TryGetValue(symbol, out var previous))
                {
                    if (!previous.Equals(actual[d])) return false;
                }
                else bound[symbol] = actual[d];
            }
            return true;
        }
    }
}

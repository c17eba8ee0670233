using MetaDsl.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>Loops unroll and ifs pick a branch, because their conditions are known at build time.</summary>
    internal sealed partial class BodyLowerer
    {
        /// <summary>
        /// The most loop iterations one program may unroll. The budget is shared by all loops of the
        /// program (nested and inlined ones included), so nesting cannot multiply it.
        /// </summary>
        private const int MaxIterations = 10_000;

        private int _iterations;
        private bool _iterationBudgetSpent;

        private void ExecuteFor(IForLoopOperation loop, Frame frame)
        {
            foreach (var statement in loop.Before) Execute(statement, frame);
            if (loop.Condition is null)
            {
                Unsupported(loop.Syntax, "a for loop without a condition");
                return;
            }
            while (!_iterationBudgetSpent)
            {
                if (!TryCondition(loop.Condition, frame, "a for loop", out bool holds) || !holds) return;
                if (++_iterations > MaxIterations)
                {
                    _iterationBudgetSpent = true;
                    Sink.Add(Descriptors.LoopTooLong, Header(loop), "more than " + MaxIterations, MaxIterations);
                    return;
                }
                Execute(loop.Body, frame);
                if (frame.HasReturned) return;
                foreach (var step in loop.AtLoopBottom) Execute(step, frame);
            }
        }

        private void ExecuteIf(IConditionalOperation conditional, Frame frame)
        {
            if (!TryCondition(conditional.Condition, frame, "an if statement", out bool holds)) return;
            var branch = holds ? conditional.WhenTrue : conditional.WhenFalse;
            if (branch is not null) Execute(branch, frame);
        }

        /// <summary>A conditional expression <c>c ? a : b</c>, with <c>c</c> known at build time.</summary>
        private Value EvaluateConditional(IConditionalOperation conditional, Frame frame)
        {
            if (!TryCondition(conditional.Condition, frame, "a conditional expression", out bool holds)) return Value.Error;
            var branch = holds ? conditional.WhenTrue : conditional.WhenFalse;
            return branch is null ? Value.Error : Evaluate(branch, frame);
        }

        private bool TryCondition(IOperation condition, Frame frame, string construct, out bool holds)
        {
            var value = Evaluate(condition, frame);
            holds = value.AsBoolean;
            if (value.IsBoolean) return true;
            if (!value.IsError) Unsupported(condition.Syntax, construct + " whose condition is not known at build time");
            return false;
        }

        /// <summary>The <c>for (...)</c> part of a loop, so the diagnostic does not cover the whole body.</summary>
        private static Location Header(IForLoopOperation loop)
        {
            if (loop.Syntax is ForStatementSyntax syntax)
                return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.ForKeyword.SpanStart, syntax.CloseParenToken.Span.End));
            return loop.Syntax.GetLocation();
        }
    }
}

using System.Collections.Generic;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>
    /// Evaluates a method body symbolically into graph nodes: tensors become nodes, numbers and
    /// bools are computed at build time, so loops unroll, constant ifs pick a branch and calls to
    /// other [Forward] methods inline. One instance lowers one program into one builder.
    /// </summary>
    internal sealed partial class BodyLowerer
    {
        private readonly LearnerContext _ctx;
        private readonly GraphBuilder _b;
        private readonly OpCallLowerer _ops;
        private readonly List<LearnerMethod> _callStack = new List<LearnerMethod>();

        private BodyLowerer(LearnerContext ctx, GraphBuilder builder)
        {
            _ctx = ctx;
            _b = builder;
            _ops = new OpCallLowerer(builder, ctx.Sink);
        }

        private DiagnosticSink Sink => _ctx.Sink;

        /// <summary>Lowers <paramref name="method"/> as a program of its own, its parameters being the graph's inputs; null on any error.</summary>
        public static ProgramSpec? LowerProgram(LearnerMethod method, LearnerContext ctx)
        {
            var builder = new GraphBuilder(ctx.CancellationToken);
            var lowerer = new BodyLowerer(ctx, builder);
            var arguments = new Value[method.Inputs.Count];
            for (int i = 0; i < arguments.Length; i++)
                arguments[i] = method.Inputs[i] is InputSpec input ? Value.Tensor(builder.Input(i, input.Name, input.Shape)) : Value.Error;

            var result = lowerer.Inline(method, arguments);
            var inputs = method.InputSpecs();
            if (!result.IsTensor || inputs is null) return null;
            return new ProgramSpec(method.Name, inputs.Value, builder.ToSpec(result.Node));
        }

        /// <summary>Evaluates a method's body with its parameters bound to <paramref name="arguments"/>.</summary>
        private Value Inline(LearnerMethod method, Value[] arguments)
        {
            var body = method.Body(_ctx.Models);
            if (body is null) return Value.Error;
            _ctx.Lowered.Add(method.Symbol);
            _callStack.Add(method);
            var frame = new Frame();
            var parameters = method.Symbol.Parameters;
            for (int i = 0; i < parameters.Length && i < arguments.Length; i++) frame.Set(parameters[i], arguments[i]);
            Execute(body, frame);
            _callStack.RemoveAt(_callStack.Count - 1);
            if (frame.Returned is Value result) return result;
            // C# rejects a method that can end without returning, so this is code the compiler already reports.
            _ctx.SawInvalidCode = true;
            return Value.Error;
        }

        private void Execute(IOperation statement, Frame frame)
        {
            _ctx.CancellationToken.ThrowIfCancellationRequested();
            // A backstop behind SyntaxDepth: what cannot be lowered on this stack is reported, never a process death.
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (statement)
            {
                case IBlockOperation block:
                    foreach (var inner in block.Operations)
                    {
                        Execute(inner, frame);
                        if (frame.HasReturned) return;
                    }
                    return;
                case IVariableDeclarationGroupOperation group:
                    foreach (var declaration in group.Declarations)
                        foreach (var declarator in declaration.Declarators)
                        {
                            var initializer = declarator.Initializer ?? declaration.Initializer;
                            frame.Set(declarator.Symbol, initializer is null ? Value.Unassigned : Evaluate(initializer.Value, frame));
                        }
                    return;
                case IExpressionStatementOperation expression:
                    Evaluate(expression.Operation, frame);
                    return;
                case IReturnOperation ret:
                    frame.Returned = ret.ReturnedValue is null ? Value.Error : Operand(ret.ReturnedValue, frame);
                    return;
                case IForLoopOperation loop:
                    ExecuteFor(loop, frame);
                    return;
                case IConditionalOperation conditional:
                    ExecuteIf(conditional, frame);
                    return;
                case IEmptyOperation:
                    return;
                case IInvalidOperation:
                    _ctx.SawInvalidCode = true;
                    return;
                default:
                    Unsupported(statement.Syntax);
                    return;
            }
        }

        private void Unsupported(SyntaxNode syntax) => Sink.Add(Descriptors.UnsupportedConstruct, syntax, ConstructNames.Describe(syntax));

        private void Unsupported(SyntaxNode syntax, string what) => Sink.Add(Descriptors.UnsupportedConstruct, syntax, what);
    }
}

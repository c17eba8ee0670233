using System;
using System.Collections.Generic;
using MetaDsl.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MetaDsl.Generators.Parsing
{
    /// <summary>
    /// The arguments of one call to a MetaDsl op, evaluated once in source order and indexed by
    /// parameter position, with checked access as a tensor, a tensor list, a constant number, int, bool or int list.
    /// </summary>
    internal sealed class OpArguments
    {
        private readonly string _op;
        private readonly DiagnosticSink _sink;
        private readonly Value[] _values;
        private readonly List<Value>?[] _lists;
        private readonly IOperation?[] _operations;

        public OpArguments(IInvocationOperation call, Func<IOperation, Value> evaluate, DiagnosticSink sink)
        {
            _op = call.TargetMethod.Name;
            _sink = sink;
            int count = call.TargetMethod.Parameters.Length;
            _values = new Value[count];
            _lists = new List<Value>?[count];
            _operations = new IOperation?[count];
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is not { } parameter || parameter.Ordinal >= count) continue;
                int i = parameter.Ordinal;
                _operations[i] = argument.Value;
                // Int lists (dims, permutations) are only readable when written out as array elements.
                if (argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    var list = new List<Value>();
                    foreach (var element in initializer.ElementValues) list.Add(evaluate(element));
                    _lists[i] = list;
                }
                else _values[i] = evaluate(argument.Value);
            }
        }

        public int Count => _values.Length;

        /// <summary>A tensor or number operand.</summary>
        public bool TryOperand(int i, out Value value)
        {
            value = _values[i];
            return value.IsTensor || value.IsNumber;
        }

        public bool TryTensor(int i, out int node)
        {
            node = _values[i].Node;
            return _values[i].IsTensor;
        }

        public bool TryInt(int i, string role, out int value)
        {
            value = 0;
            if (_operations[i] is not { } operation) return false;
            return TryInt(_values[i], operation, role, out value);
        }

        /// <summary>A number known at build time (an eps, a scale).</summary>
        public bool TryNumber(int i, string role, out double value)
        {
            value = 0;
            if (_operations[i] is not { } operation || _values[i].IsError) return false;
            if (!_values[i].IsNumber)
            {
                _sink.Add(Descriptors.NotConstant, operation.Syntax, $"The {role} of {_op}");
                return false;
            }
            value = _values[i].Number;
            return true;
        }

        /// <summary>A bool known at build time (a flag such as keepDims).</summary>
        public bool TryBoolean(int i, string role, out bool value)
        {
            value = false;
            if (_operations[i] is not { } operation || _values[i].IsError) return false;
            if (!_values[i].IsBoolean)
            {
                _sink.Add(Descriptors.NotConstant, operation.Syntax, $"The {role} of {_op}");
                return false;
            }
            value = _values[i].AsBoolean;
            return true;
        }

        /// <summary>Tensors passed as a params list (or an array written out element by element).</summary>
        public bool TryTensors(int i, string role, out List<int> nodes)
        {
            nodes = new List<int>();
            if (_operations[i] is not { } operation) return false;
            if (_lists[i] is not { } list)
            {
                if (!_values[i].IsError) _sink.Add(Descriptors.NotConstant, operation.Syntax, $"The {role} of {_op} (written out as arguments)");
                return false;
            }
            bool ok = true;
            var elements = ((IArrayCreationOperation)operation).Initializer!.ElementValues;
            for (int k = 0; k < list.Count; k++)
            {
                if (list[k].IsTensor) nodes.Add(list[k].Node);
                else
                {
                    if (!list[k].IsError) _sink.Add(Descriptors.WrongType, elements[k].Syntax, $"{role} {k} of {_op}", "a number");
                    ok = false;
                }
            }
            return ok;
        }

        public bool TryInts(int i, string role, out List<int> values)
        {
            values = new List<int>();
            if (_operations[i] is not { } operation) return false;
            if (_lists[i] is not { } list)
            {
                if (!_values[i].IsError) _sink.Add(Descriptors.NotConstant, operation.Syntax, $"The {role} of {_op} (written out as numbers)");
                return false;
            }
            bool ok = true;
            var elements = ((IArrayCreationOperation)operation).Initializer!.ElementValues;
            for (int k = 0; k < list.Count; k++)
            {
                ok &= TryInt(list[k], elements[k], role, out var v);
                values.Add(v);
            }
            return ok;
        }

        private bool TryInt(Value value, IOperation operation, string role, out int result)
        {
            result = 0;
            if (value.IsError) return false;
            if (!value.IsNumber)
            {
                _sink.Add(Descriptors.NotConstant, operation.Syntax, $"The {role} of {_op}");
                return false;
            }
            result = (int)value.Number;
            return true;
        }
    }
}

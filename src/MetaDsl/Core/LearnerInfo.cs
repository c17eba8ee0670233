namespace MetaDsl;

/// <summary>Describes a generated learner: its parameters, inputs, output and graph.</summary>
public sealed class LearnerInfo
{
    private readonly string _dot;

    /// <summary>Built by generated code.</summary>
    public LearnerInfo(string name, ParameterInfo[] parameters, InputInfo[] inputs, InputInfo[] forwardInputs, string[] outputDims, string dot, bool hasMetaLoss = false)
    {
        HasMetaLoss = hasMetaLoss;
        Name = name;
        Parameters = parameters;
        Inputs = inputs;
        ForwardInputs = forwardInputs;
        OutputDims = outputDims;
        _dot = dot;
        foreach (var p in parameters)
        {
            ParameterCount += p.Size;
            if (p.IsMeta) MetaParameterCount += p.Size;
        }
    }

    /// <summary>The learner's class name.</summary>
    public string Name { get; }

    /// <summary>Every <c>[Param]</c> and <c>[MetaParam]</c>, in declaration order.</summary>
    public IReadOnlyList<ParameterInfo> Parameters { get; }

    /// <summary>The length of theta.</summary>
    public int ParameterCount { get; }

    /// <summary>How many entries of theta belong to <c>[MetaParam]</c>s.</summary>
    public int MetaParameterCount { get; }

    /// <summary>True when a <c>[MetaLoss]</c> method is the outer objective; otherwise the <c>[Loss]</c> is both objectives.</summary>
    public bool HasMetaLoss { get; }

    /// <summary>The <c>[Loss]</c> method's inputs (also the <c>[MetaLoss]</c>'s), in order.</summary>
    public IReadOnlyList<InputInfo> Inputs { get; }

    /// <summary>The <c>[Forward]</c> method's inputs, in order (empty when there is none).</summary>
    public IReadOnlyList<InputInfo> ForwardInputs { get; }

    /// <summary>The dims of the <c>[Forward]</c> output, e.g. <c>["n", "1"]</c>.</summary>
    public IReadOnlyList<string> OutputDims { get; }

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public ParameterInfo this[string name]
    {
        get
        {
            foreach (var p in Parameters)
                if (p.Name == name) return p;
            throw new KeyNotFoundException($"Learner {Name} has no parameter '{name}'; it has {string.Join(", ", Parameters.Select(p => p.Name))}.");
        }
    }

    /// <summary>The number of values <c>Predict</c> writes for the given inputs, binding symbolic dims from them.</summary>
    public int OutputLength<T>(Batch<T> inputs) where T : unmanaged
    {
        var bound = new Dictionary<string, int>();
        for (int i = 0; i < ForwardInputs.Count && i < inputs.Count; i++)
        {
            var dims = ForwardInputs[i].Dims;
            var shape = inputs[i].Shape;
            for (int d = 0; d < dims.Length && d < shape.Length; d++)
                if (!int.TryParse(dims[d], out _)) bound[dims[d]] = shape[d];
        }
        long size = 1;
        foreach (var dim in OutputDims)
        {
            foreach (var factor in dim.Split('*'))
            {
                if (int.TryParse(factor, out var k)) size *= k;
                else if (bound.TryGetValue(factor, out var v)) size *= v;
                else throw new ArgumentException($"Output dim '{factor}' of {Name} is not bound by the inputs given.", nameof(inputs));
            }
        }
        return checked((int)size);
    }

    /// <summary>The computation graph in Graphviz DOT.</summary>
    public string ToDot() => _dot;

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {ParameterCount} parameters, inputs {string.Join(", ", Inputs)}";
}

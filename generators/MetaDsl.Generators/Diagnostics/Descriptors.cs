using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Diagnostics
{
    /// <summary>Every diagnostic the generator reports. Ids are stable: users suppress them by id.</summary>
    internal static class Descriptors
    {
        private const string Category = "MetaDsl";

        public static readonly DiagnosticDescriptor ShapeMismatch = Error("MDSL0001", "Shape mismatch",
            "Shape mismatch in {0}: {1} and {2}{3}");

        public static readonly DiagnosticDescriptor UnknownOp = Error("MDSL0002", "Unknown op",
            "'{0}' is not a MetaDsl op or a [Forward] method of this learner");

        public static readonly DiagnosticDescriptor UnsupportedConstruct = Error("MDSL0003", "Unsupported C# construct",
            "{0} is not supported in a learner body");

        public static readonly DiagnosticDescriptor ParamWithoutShape = Error("MDSL0004", "Parameter without a shape",
            "Parameter '{0}' needs its dims, e.g. [Param(40, 40)]");

        public static readonly DiagnosticDescriptor NoLoss = Error("MDSL0005", "No [Loss] method",
            "Learner '{0}' has no [Loss] method");

        public static readonly DiagnosticDescriptor LossNotScalar = Error("MDSL0006", "Loss is not a scalar",
            "{0} method '{1}' returns shape {2}; a loss must be a scalar (use Mean or Sum)");

        public static readonly DiagnosticDescriptor NotPartial = Error("MDSL0007", "Learner is not partial",
            "Learner '{0}' must be declared partial so that the generator can complete it");

        public static readonly DiagnosticDescriptor Recursion = Error("MDSL0008", "Recursion",
            "'{0}' is recursive ({1}); learner methods are inlined and cannot recurse");

        public static readonly DiagnosticDescriptor UnboundDim = Error("MDSL0009", "Symbolic dim cannot be bound",
            "Dim '{0}' of '{1}' cannot be bound at run time: {2}");

        public static readonly DiagnosticDescriptor InvalidParamShape = Error("MDSL0010", "Invalid parameter shape",
            "Parameter '{0}' has dims {1}: {2}");

        public static readonly DiagnosticDescriptor InputWithoutShape = Error("MDSL0011", "Input without a shape",
            "Input '{0}' of '{1}' needs [Shape(...)], e.g. [Shape(\"n\", 1)]");

        public static readonly DiagnosticDescriptor WrongType = Error("MDSL0012", "Wrong type",
            "'{0}' must be of type MetaDsl.Tensor, not {1}");

        public static readonly DiagnosticDescriptor NotConstant = Error("MDSL0013", "Value must be constant",
            "{0} must be a compile-time constant");

        public static readonly DiagnosticDescriptor DuplicateLoss = Error("MDSL0014", "More than one [Loss]",
            "Learner '{0}' has more than one [Loss] method");

        public static readonly DiagnosticDescriptor InvalidAxis = Error("MDSL0015", "Axis out of range",
            "{0}: axis {1} is out of range for shape {2}");

        public static readonly DiagnosticDescriptor UnassignedLocal = Error("MDSL0016", "Local used before assignment",
            "'{0}' is used before it is assigned a tensor");

        public static readonly DiagnosticDescriptor GenericLearner = Error("MDSL0017", "Generic learner",
            "Learner '{0}' cannot be generic");

        public static readonly DiagnosticDescriptor LoopTooLong = Error("MDSL0018", "Loop too long",
            "This loop unrolls to {0} iterations; at most {1} are allowed");

        public static readonly DiagnosticDescriptor InvalidOpArgument = Error("MDSL0019", "Invalid op argument",
            "{0}: {1}");

        public static readonly DiagnosticDescriptor Internal = Error("MDSL0020", "Generator could not process the learner",
            "The MetaDsl generator could not process '{0}': {1}");

        public static readonly DiagnosticDescriptor NestedTooDeeply = Error("MDSL0021", "Nested too deeply",
            "This code is nested more than {0} levels deep; split the expression into locals");

        public static readonly DiagnosticDescriptor NotAClass = Error("MDSL0022", "Learner is not a class",
            "'{0}' is declared as {1}; a [Learner] must be a class or a record class");

        public static readonly DiagnosticDescriptor ClashesWithGenerated = Error("MDSL0023", "Member clashes with generated code",
            "'{0}' clashes with the generated member {1}; rename it");

        public static readonly DiagnosticDescriptor ParamNotAssignable = Error("MDSL0024", "Parameter cannot be assigned",
            "[Param] '{0}' {1}; a parameter must be a settable instance field or property");

        public static readonly DiagnosticDescriptor AmbiguousModel = Error("MDSL0027", "Which [Forward] method is the model",
            "Learner '{0}' has several [Forward] methods ({1}); {2}");

        public static readonly DiagnosticDescriptor DuplicateMetaLoss = Error("MDSL0025", "More than one [MetaLoss]",
            "Learner '{0}' has more than one [MetaLoss] method");

        public static readonly DiagnosticDescriptor MetaLossInputsDiffer = Error("MDSL0026", "[MetaLoss] inputs differ from the [Loss]'s",
            "[MetaLoss] method '{0}' takes {1}, but the [Loss] method '{2}' takes {3}; both score the same batches, so they need the same inputs in the same order and shapes");

        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = typeof(Descriptors)
            .GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToDictionary(d => d.Id);

        public static IReadOnlyCollection<DiagnosticDescriptor> All => s_byId.Values;

        public static DiagnosticDescriptor ById(string id) => s_byId[id];

        private static DiagnosticDescriptor Error(string id, string title, string message)
            => new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }
}

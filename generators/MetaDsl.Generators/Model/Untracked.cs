namespace MetaDsl.Generators.Model
{
    /// <summary>
    /// A value carried in a model but left out of its equality, so that it never invalidates the
    /// pipeline's cache: the learner's location, needed only if emitting it fails.
    /// </summary>
    internal sealed class Untracked<T> : System.IEquatable<Untracked<T>>
    {
        public Untracked(T value) => Value = value;

        public T Value { get; }

        public bool Equals(Untracked<T>? other) => other is not null;

        public override bool Equals(object? obj) => obj is Untracked<T>;

        public override int GetHashCode() => 0;
    }
}

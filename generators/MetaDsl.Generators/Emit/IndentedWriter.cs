using System;
using System.Text;

namespace MetaDsl.Generators.Emit
{
    /// <summary>Writes lines of generated source at the current indentation.</summary>
    internal sealed class IndentedWriter
    {
        private readonly StringBuilder _text = new StringBuilder();
        private int _depth;

        public void Line(string line = "")
        {
            if (line.Length > 0) _text.Append(' ', _depth * 4).Append(line);
            _text.Append('\n');
        }

        /// <summary>Writes <paramref name="header"/> and an opening brace; disposing the result closes it.</summary>
        public IDisposable Block(string header, string close = "}")
        {
            Line(header);
            Line("{");
            _depth++;
            return new Closer(this, close);
        }

        public void Indent() => _depth++;

        public void Outdent() => _depth--;

        public override string ToString() => _text.ToString();

        private sealed class Closer : IDisposable
        {
            private readonly IndentedWriter _writer;
            private readonly string _close;

            public Closer(IndentedWriter writer, string close)
            {
                _writer = writer;
                _close = close;
            }

            public void Dispose()
            {
                _writer._depth--;
                _writer.Line(_close);
            }
        }
    }
}

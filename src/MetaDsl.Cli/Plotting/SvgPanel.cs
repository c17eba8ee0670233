using System.Globalization;
using System.Text;

namespace MetaDsl.Cli.Plotting;

/// <summary>
/// One chart in an SVG document: a frame at a given position, linear axes with ticks and labels,
/// polylines, point markers and a legend. Elements are written in call order; data outside the
/// ranges is clipped by a clip path, so a wild prediction cannot cover the other panel.
/// </summary>
internal sealed class SvgPanel
{
    private const int TickCount = 6;
    private readonly StringBuilder _body = new();
    private readonly List<(string Label, string Colour, bool Marker, string? Dash)> _legend = [];
    private readonly double _left, _top, _width, _height;
    private readonly double _xMin, _xMax, _yMin, _yMax;
    private readonly string _id;

    /// <summary>A panel whose plotting area is at (<paramref name="left"/>, <paramref name="top"/>) with the given size, showing the given data ranges.</summary>
    public SvgPanel(string id, double left, double top, double width, double height, (double Min, double Max) x, (double Min, double Max) y)
    {
        _id = id;
        (_left, _top, _width, _height) = (left, top, width, height);
        (_xMin, _xMax) = x.Max > x.Min ? x : (x.Min - 1, x.Min + 1);
        (_yMin, _yMax) = y.Max > y.Min ? y : (y.Min - 1, y.Min + 1);
    }

    /// <summary>Adds a line through the points, and a legend entry.</summary>
    public void Line(string label, string colour, IReadOnlyList<(double X, double Y)> points, string? dash = null, double width = 2)
    {
        var coordinates = string.Join(" ", points.Select(p => $"{F(Px(p.X))},{F(Py(p.Y))}"));
        string dashAttribute = dash is null ? "" : $" stroke-dasharray=\"{dash}\"";
        _body.Append($"<polyline clip-path=\"url(#{_id}-clip)\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{F(width)}\"{dashAttribute} points=\"{coordinates}\"/>\n");
        _legend.Add((label, colour, false, dash));
    }

    /// <summary>Adds a marker at each point, and a legend entry.</summary>
    public void Points(string label, string colour, IReadOnlyList<(double X, double Y)> points)
    {
        foreach (var (x, y) in points)
            _body.Append($"<circle cx=\"{F(Px(x))}\" cy=\"{F(Py(y))}\" r=\"5\" fill=\"{colour}\" stroke=\"black\"/>\n");
        _legend.Add((label, colour, true, null));
    }

    /// <summary>Writes the panel: clip path, frame, ticks, axis labels, title, content and legend.</summary>
    public void WriteTo(StringBuilder svg, string title, string xLabel, string yLabel)
    {
        svg.Append($"<clipPath id=\"{_id}-clip\"><rect x=\"{F(_left)}\" y=\"{F(_top)}\" width=\"{F(_width)}\" height=\"{F(_height)}\"/></clipPath>\n");
        svg.Append($"<rect x=\"{F(_left)}\" y=\"{F(_top)}\" width=\"{F(_width)}\" height=\"{F(_height)}\" fill=\"white\" stroke=\"black\"/>\n");
        double bottom = _top + _height;
        foreach (double x in NiceTicks(_xMin, _xMax))
        {
            double px = Px(x);
            svg.Append($"<line x1=\"{F(px)}\" y1=\"{F(bottom)}\" x2=\"{F(px)}\" y2=\"{F(bottom + 5)}\" stroke=\"black\"/>\n");
            svg.Append($"<text x=\"{F(px)}\" y=\"{F(bottom + 18)}\" text-anchor=\"middle\" font-size=\"11\">{Tick(x)}</text>\n");
        }
        foreach (double y in NiceTicks(_yMin, _yMax))
        {
            double py = Py(y);
            svg.Append($"<line x1=\"{F(_left - 5)}\" y1=\"{F(py)}\" x2=\"{F(_left)}\" y2=\"{F(py)}\" stroke=\"black\"/>\n");
            svg.Append($"<text x=\"{F(_left - 8)}\" y=\"{F(py + 4)}\" text-anchor=\"end\" font-size=\"11\">{Tick(y)}</text>\n");
        }
        svg.Append($"<text x=\"{F(_left + _width / 2)}\" y=\"{F(_top - 10)}\" text-anchor=\"middle\" font-size=\"14\">{Escape(title)}</text>\n");
        svg.Append($"<text x=\"{F(_left + _width / 2)}\" y=\"{F(_top + _height + 36)}\" text-anchor=\"middle\" font-size=\"12\">{Escape(xLabel)}</text>\n");
        svg.Append($"<text transform=\"translate({F(_left - 45)},{F(_top + _height / 2)}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">{Escape(yLabel)}</text>\n");
        svg.Append(_body);
        WriteLegend(svg);
    }

    private void WriteLegend(StringBuilder svg)
    {
        double x = _left + _width - 150, y = _top + 10;
        svg.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"142\" height=\"{F(8 + 18 * _legend.Count)}\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"grey\"/>\n");
        for (int i = 0; i < _legend.Count; i++)
        {
            var (label, colour, marker, dash) = _legend[i];
            double row = y + 15 + 18 * i;
            if (marker)
                svg.Append($"<circle cx=\"{F(x + 18)}\" cy=\"{F(row)}\" r=\"5\" fill=\"{colour}\" stroke=\"black\"/>\n");
            else
                svg.Append($"<line x1=\"{F(x + 6)}\" y1=\"{F(row)}\" x2=\"{F(x + 30)}\" y2=\"{F(row)}\" stroke=\"{colour}\" stroke-width=\"2\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")}/>\n");
            svg.Append($"<text x=\"{F(x + 38)}\" y=\"{F(row + 4)}\" font-size=\"11\">{Escape(label)}</text>\n");
        }
    }

    private double Px(double x) => _left + (x - _xMin) / (_xMax - _xMin) * _width;

    private double Py(double y) => _top + _height - (y - _yMin) / (_yMax - _yMin) * _height;

    /// <summary>Round tick values (1, 2 or 5 times a power of ten apart) inside [min, max], about <see cref="TickCount"/> of them.</summary>
    private static IEnumerable<double> NiceTicks(double min, double max)
    {
        double raw = (max - min) / TickCount;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
        for (double t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step)
            yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
    }

    private static string Tick(double value)
        => Math.Abs(value) >= 10000 ? (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k" : value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);
}

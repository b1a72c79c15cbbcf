using System.Text.Json;
using System.Text.RegularExpressions;

namespace EcsRtma.Detection.Sigma;

/// <summary>A rule's detection, compiled: its named selections and its condition over them.</summary>
internal sealed class SigmaDetection(Func<JsonElement, bool> condition, IReadOnlyCollection<string> fields)
{
    /// <summary>Matches nothing (a rule built without the loader).</summary>
    public static SigmaDetection Never { get; } = new(_ => false, []);

    public IReadOnlyCollection<string> Fields { get; } = fields;

    public bool Matches(JsonElement record) => condition(record);
}

/// <summary>One field of a selection with its modifiers and values (a map entry such as <c>eventName|startswith: Delete</c>).</summary>
internal sealed class SigmaField
{
    private readonly string[] _path;
    private readonly Func<string?, bool>[] _tests;
    private readonly bool _all;
    private readonly bool _not;
    private readonly bool? _exists;
    private readonly string[]? _other;
    private readonly bool _null;

    private SigmaField(string name, string[] path, Func<string?, bool>[] tests, bool all = false, bool not = false, bool? exists = null, string[]? other = null, bool isNull = false)
    {
        Name = name;
        _path = path;
        _tests = tests;
        _all = all;
        _not = not;
        _exists = exists;
        _other = other;
        _null = isNull;
    }

    public string Name { get; }

    /// <summary>Compiles a field's values: <paramref name="values"/> null stands for Sigma's <c>null</c> (the field is null or missing).</summary>
    public static SigmaField Compile(string name, IReadOnlyList<string> modifiers, IReadOnlyList<string?> values, Func<string, Exception> fail)
    {
        string[] path = name.Split('.');
        var set = new HashSet<string>(modifiers, StringComparer.Ordinal);
        if (set.Contains("exists"))
        {
            return values is [{ } flag] && bool.TryParse(flag, out bool exists)
                ? new SigmaField(name, path, [], exists: exists)
                : throw fail("exists takes one value, true or false");
        }

        if (set.Contains("fieldref"))
        {
            return values is [{ } other] ? new SigmaField(name, path, [], other: other.Split('.'), not: set.Contains("neq")) : throw fail("fieldref takes one field name");
        }

        if (values.Count == 1 && values[0] is null)
        {
            return new SigmaField(name, path, [], isNull: true);
        }

        if (values.Any(v => v is null))
        {
            throw fail("null cannot be one of a list of values (give it a selection of its own)");
        }

        if (set.Contains("all") && values.Count < 2)
        {
            throw fail("the all modifier needs a list of values");
        }

        Func<string?, bool>[] tests = [.. values.Select(v =>
        {
            Func<string?, bool>[] variants = [.. SigmaValues.Transform(v!, set, fail).Select(t => SigmaValues.Compile(t, set, fail))];
            return variants.Length == 1 ? variants[0] : (string? s) => variants.Any(f => f(s));
        })];
        return new SigmaField(name, path, tests, all: set.Contains("all"), not: set.Contains("neq"));
    }

    public bool Matches(JsonElement record)
    {
        if (_exists is { } exists)
        {
            return JsonFields.Nodes(record, _path).Any() == exists;
        }

        if (_null)
        {
            bool any = false;
            foreach (string? value in JsonFields.Values(record, _path))
            {
                any = true;
                if (value is null)
                {
                    return true;
                }
            }

            return !any;
        }

        string?[] values = [.. JsonFields.Values(record, _path)];
        if (_other is not null)
        {
            string?[] others = [.. JsonFields.Values(record, _other)];
            bool same = values.Any(v => v is not null && others.Any(o => string.Equals(o, v, StringComparison.OrdinalIgnoreCase)));
            return _not ? values.Length > 0 && !same : same;
        }

        if (_not)
        {
            return values.Length > 0 && !values.Any(v => _tests.Any(t => t(v)));
        }

        return _all
            ? _tests.All(t => values.Any(v => t(v)))
            : values.Any(v => _tests.Any(t => t(v)));
    }
}

/// <summary>Parses a Sigma condition (<c>and</c>, <c>or</c>, <c>not</c>, parentheses, <c>1 of x*</c>, <c>all of x*</c>, <c>… of them</c>) over named selections.</summary>
internal sealed partial class SigmaCondition
{
    private readonly List<string> _tokens;
    private readonly IReadOnlyDictionary<string, Func<JsonElement, bool>> _selections;
    private readonly Func<string, Exception> _fail;
    private int _at;

    private SigmaCondition(string text, IReadOnlyDictionary<string, Func<JsonElement, bool>> selections, Func<string, Exception> fail)
    {
        _tokens = [.. Token().Matches(text).Select(m => m.Value)];
        _selections = selections;
        _fail = fail;
    }

    public static Func<JsonElement, bool> Parse(string text, IReadOnlyDictionary<string, Func<JsonElement, bool>> selections, Func<string, Exception> fail)
    {
        var parser = new SigmaCondition(text, selections, fail);
        if (parser._tokens.Count == 0)
        {
            throw fail("the condition is empty");
        }

        Func<JsonElement, bool> expression = parser.Or();
        return parser._at == parser._tokens.Count ? expression : throw fail($"unexpected '{parser._tokens[parser._at]}' in the condition");
    }

    private string? Peek => _at < _tokens.Count ? _tokens[_at] : null;

    private bool Take(string word)
    {
        if (string.Equals(Peek, word, StringComparison.OrdinalIgnoreCase))
        {
            _at++;
            return true;
        }

        return false;
    }

    private Func<JsonElement, bool> Or()
    {
        Func<JsonElement, bool> left = And();
        while (Take("or"))
        {
            Func<JsonElement, bool> l = left, right = And();
            left = r => l(r) || right(r);
        }

        return left;
    }

    private Func<JsonElement, bool> And()
    {
        Func<JsonElement, bool> left = Not();
        while (Take("and"))
        {
            Func<JsonElement, bool> l = left, right = Not();
            left = r => l(r) && right(r);
        }

        return left;
    }

    private Func<JsonElement, bool> Not()
    {
        if (Take("not"))
        {
            Func<JsonElement, bool> inner = Not();
            return r => !inner(r);
        }

        return Primary();
    }

    private Func<JsonElement, bool> Primary()
    {
        string token = Peek ?? throw _fail("the condition ends too early");
        if (Take("("))
        {
            Func<JsonElement, bool> inner = Or();
            return Take(")") ? inner : throw _fail("a parenthesis is not closed in the condition");
        }

        _at++;
        if (token is "1" or "any" or "all" && Take("of"))
        {
            string target = Peek ?? throw _fail($"'{token} of' names no selection");
            _at++;
            Func<JsonElement, bool>[] chosen = [.. Pick(target)];
            return token == "all" ? r => chosen.All(s => s(r)) : r => chosen.Any(s => s(r));
        }

        return _selections.TryGetValue(token, out Func<JsonElement, bool>? selection)
            ? selection
            : throw _fail($"the condition names '{token}', which is not a selection of this rule (selections: {string.Join(", ", _selections.Keys)})");
    }

    private IEnumerable<Func<JsonElement, bool>> Pick(string pattern)
    {
        if (pattern == "them")
        {
            return _selections.Where(s => !s.Key.StartsWith('_')).Select(s => s.Value);
        }

        var glob = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
        Func<JsonElement, bool>[] found = [.. _selections.Where(s => glob.IsMatch(s.Key)).Select(s => s.Value)];
        return found.Length > 0 ? found : throw _fail($"'{pattern}' in the condition matches no selection of this rule");
    }

    [GeneratedRegex(@"\(|\)|[^\s()]+")]
    private static partial Regex Token();
}

namespace EcsRtma.Core.Text;

/// <summary>Case-sensitive glob matching with <c>*</c> (any run of characters) and <c>?</c> (one character), as in IAM ARN patterns.</summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string? value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (value is null)
        {
            return false;
        }

        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v]))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

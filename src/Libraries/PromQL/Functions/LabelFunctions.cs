using System.Text;
using System.Text.RegularExpressions;
using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Functions;

/// <summary>label_replace() and label_join(): they rewrite label sets (once per series) and keep the metric name.</summary>
internal static class LabelFunctions
{
    public static VectorSteps LabelReplace(Evaluator ev, Call call, StepGrid grid)
    {
        var input = ev.EvalVector(call.Args[0], grid);
        var dst = StringArg(ev, call, 1, grid);
        var replacement = StringArg(ev, call, 2, grid);
        var src = StringArg(ev, call, 3, grid);
        var pattern = StringArg(ev, call, 4, grid);
        Regex regex;
        try
        {
            regex = RegexDialect.CompileAnchored(pattern, RegexOptions.Singleline);
        }
        catch (ArgumentException)
        {
            throw Evaluator.Fail("invalid regular expression in label_replace(): " + pattern);
        }

        if (!LabelOps.IsValidLabelName(dst))
        {
            throw Evaluator.Fail("invalid destination label name in label_replace(): " + dst);
        }

        var output = new List<StepSeries>(input.Series.Count);
        foreach (var s in input.Series)
        {
            Match match;
            try
            {
                match = regex.Match(s.Labels.Get(src) ?? string.Empty);
            }
            catch (RegexMatchTimeoutException)
            {
                throw Evaluator.Fail("regular expression in label_replace() took too long: " + pattern);
            }

            var labels = s.Labels;
            if (match.Success)
            {
                labels = LabelOps.Set(labels, dst, Expand(replacement, match, regex));
            }

            output.Add(new StepSeries(labels, s.Values, s.Present));
        }

        return new VectorSteps(DuplicateLabelSets.MergeSameLabels(output, grid.Count));
    }

    public static VectorSteps LabelJoin(Evaluator ev, Call call, StepGrid grid)
    {
        var input = ev.EvalVector(call.Args[0], grid);
        var dst = StringArg(ev, call, 1, grid);
        var separator = StringArg(ev, call, 2, grid);
        var sources = new List<string>();
        for (var i = 3; i < call.Args.Count; i++)
        {
            var src = StringArg(ev, call, i, grid);
            if (!LabelOps.IsValidLabelName(src))
            {
                throw Evaluator.Fail("invalid source label name in label_join(): " + src);
            }

            sources.Add(src);
        }

        if (!LabelOps.IsValidLabelName(dst))
        {
            throw Evaluator.Fail("invalid destination label name in label_join(): " + dst);
        }

        var output = new List<StepSeries>(input.Series.Count);
        foreach (var s in input.Series)
        {
            var joined = string.Join(separator, sources.Select(name => s.Labels.Get(name) ?? string.Empty));
            output.Add(new StepSeries(LabelOps.Set(s.Labels, dst, joined), s.Values, s.Present));
        }

        return new VectorSteps(DuplicateLabelSets.MergeSameLabels(output, grid.Count));
    }

    private static string StringArg(Evaluator ev, Call call, int index, StepGrid grid) => ((StringResult)ev.Eval(call.Args[index], grid)).Value;

    /// <summary>Go's template expansion: <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>$$</c>; the longest name wins, unknown groups are empty.</summary>
    private static string Expand(string template, Match match, Regex regex)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                sb.Append(c);
                continue;
            }

            if (template[i + 1] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }

            string name;
            var braced = template[i + 1] == '{';
            if (braced)
            {
                var close = template.IndexOf('}', i + 2);
                if (close < 0)
                {
                    sb.Append(c);
                    continue;
                }

                name = template[(i + 2)..close];
                i = close;
            }
            else
            {
                var j = i + 1;
                while (j < template.Length && (char.IsAsciiLetterOrDigit(template[j]) || template[j] == '_'))
                {
                    j++;
                }

                if (j == i + 1)
                {
                    sb.Append(c);
                    continue;
                }

                name = template[(i + 1)..j];
                i = j - 1;
            }

            Group? group = null;
            if (int.TryParse(name, out var number))
            {
                if (number < match.Groups.Count)
                {
                    group = match.Groups[number];
                }
            }
            else if (regex.GroupNumberFromName(name) >= 0)
            {
                group = match.Groups[name];
            }

            if (group is { Success: true })
            {
                sb.Append(group.Value);
            }
        }

        return sb.ToString();
    }
}

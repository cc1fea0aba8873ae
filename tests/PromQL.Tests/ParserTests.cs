using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Parsing;

namespace HospitalOps.PromQL.Tests;

public sealed class ParserTests
{
    [Theory]
    [InlineData("foo}", 1, 4, "unexpected right brace '}'")]
    [InlineData("foo{bar=\"baz\"", 1, 14, "unexpected end of input inside braces")]
    [InlineData("sum(foo", 1, 8, "unclosed left parenthesis")]
    [InlineData("rate(foo)", 1, 6, "expected type range vector in call to function \"rate\", got instant vector")]
    [InlineData("1 == 1", 1, 3, "comparisons between scalars must use BOOL modifier")]
    [InlineData("foo + bool bar", 1, 5, "bool modifier can only be used on comparison operators")]
    [InlineData("foo and 1", 1, 1, "set operator \"and\" not allowed in binary scalar expression")]
    [InlineData("{}", 1, 1, "vector selector must contain at least one non-empty matcher")]
    [InlineData("{job=~\".*\"}", 1, 1, "vector selector must contain at least one non-empty matcher")]
    [InlineData("sum(foo) offset 5m", 1, 10, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery")]
    [InlineData("(foo)[5m]", 1, 6, "ranges only allowed for vector selectors")]
    [InlineData("foo offset 1m [5m]", 1, 15, "no offset modifiers allowed before range")]
    [InlineData("foo[5m][10m:1m]", 1, 1, "subquery is only allowed on instant vector, got range vector instead")]
    [InlineData("topk(foo)", 1, 1, "wrong number of arguments for aggregate expression provided, expected 2, got 1")]
    [InlineData("nosuchfunc(foo)", 1, 1, "unknown function with name \"nosuchfunc\"")]
    [InlineData("foo{__name__=\"bar\"}", 1, 5, "metric name must not be set twice: \"foo\" or \"bar\"")]
    [InlineData("foo +\n  }", 2, 3, "unexpected right brace '}'")]
    [InlineData("foo[5x]", 1, 5, "bad number or duration syntax: \"5x\"")]
    [InlineData("", 1, 1, "no expression found in input")]
    public void Reports_errors_with_position_and_prometheus_message(string query, int line, int column, string message)
    {
        var e = Should.Throw<PromQLParseException>(() => PromQLParser.Parse(query));
        e.Line.ShouldBe(line);
        e.Column.ShouldBe(column);
        e.Message.ShouldBe($"{line}:{column}: parse error: {message}");
        e.Type.ShouldBe(QueryErrorType.BadData);
    }

    [Fact]
    public void An_invalid_regex_is_a_parse_error_at_the_value()
    {
        var e = Should.Throw<PromQLParseException>(() => PromQLParser.Parse("foo{a=~\"(\"}"));
        e.Column.ShouldBe(8);
        e.Message.ShouldStartWith("1:8: parse error: error parsing regexp");
    }

    [Fact]
    public void Multiplication_binds_tighter_than_addition_and_power_is_right_associative()
    {
        var sum = PromQLParser.Parse("a + b * c").ShouldBeOfType<BinaryExpr>();
        sum.Op.ShouldBe(BinaryOp.Add);
        sum.Rhs.ShouldBeOfType<BinaryExpr>().Op.ShouldBe(BinaryOp.Mul);

        var pow = PromQLParser.Parse("a ^ b ^ c").ShouldBeOfType<BinaryExpr>();
        pow.Lhs.ShouldBeOfType<VectorSelector>().Name.ShouldBe("a");
        pow.Rhs.ShouldBeOfType<BinaryExpr>().Op.ShouldBe(BinaryOp.Pow);

        // Unary minus binds looser than ^: -a ^ b is -(a ^ b).
        var neg = PromQLParser.Parse("-a ^ b").ShouldBeOfType<UnaryExpr>();
        neg.Operand.ShouldBeOfType<BinaryExpr>().Op.ShouldBe(BinaryOp.Pow);

        var or = PromQLParser.Parse("a or b and c unless d").ShouldBeOfType<BinaryExpr>();
        or.Op.ShouldBe(BinaryOp.Or);
        or.Rhs.ShouldBeOfType<BinaryExpr>().Op.ShouldBe(BinaryOp.Unless);
    }

    [Fact]
    public void Parses_literals_durations_and_modifiers()
    {
        PromQLParser.Parse("0x1F").ShouldBeOfType<NumberLiteral>().Value.ShouldBe(31);
        PromQLParser.Parse("1e3").ShouldBeOfType<NumberLiteral>().Value.ShouldBe(1000);
        PromQLParser.Parse("-Inf").ShouldBeOfType<NumberLiteral>().Value.ShouldBe(double.NegativeInfinity);
        PromQLParser.Parse("`a\\b`").ShouldBeOfType<StringLiteral>().Value.ShouldBe("a\\b");
        PromQLParser.Parse("'it\\'s'").ShouldBeOfType<StringLiteral>().Value.ShouldBe("it's");
        PromQLParser.Parse("\"tab\\there\"").ShouldBeOfType<StringLiteral>().Value.ShouldBe("tab\there");

        var range = PromQLParser.Parse("rate(http:requests:rate5m{job!~\"a|b\"}[1h30m] offset -5m @ 1.5)").ShouldBeOfType<Call>();
        var matrix = range.Args[0].ShouldBeOfType<MatrixSelector>();
        matrix.RangeMs.ShouldBe(5_400_000);
        matrix.Selector.Name.ShouldBe("http:requests:rate5m");
        matrix.Selector.OffsetMs.ShouldBe(-300_000);
        matrix.Selector.At.ShouldBe(new AtModifier(AtKind.Timestamp, 1500));
        matrix.Selector.Matchers.Count.ShouldBe(2);
        matrix.Selector.Matchers[1].Type.ShouldBe(HospitalOps.PromQL.Model.MatchType.NotRegex);

        var subquery = PromQLParser.Parse("max_over_time(rate(x[5m])[30m:] @ end())").ShouldBeOfType<Call>().Args[0].ShouldBeOfType<SubqueryExpr>();
        subquery.RangeMs.ShouldBe(1_800_000);
        subquery.StepMs.ShouldBe(0);
        subquery.At.Kind.ShouldBe(AtKind.End);
    }

    [Fact]
    public void Parses_aggregations_and_vector_matching()
    {
        var before = PromQLParser.Parse("topk by (job) (3, foo)").ShouldBeOfType<AggregateExpr>();
        var after = PromQLParser.Parse("TOPK(3, foo) BY (job)").ShouldBeOfType<AggregateExpr>();
        foreach (var agg in new[] { before, after })
        {
            agg.Op.ShouldBe(AggregationOp.Topk);
            agg.Grouping.ShouldBe(["job"]);
            agg.Param.ShouldBeOfType<NumberLiteral>().Value.ShouldBe(3);
        }

        var b = PromQLParser.Parse("a * on(instance) group_left(role) b").ShouldBeOfType<BinaryExpr>();
        b.Matching!.Card.ShouldBe(MatchCardinality.ManyToOne);
        b.Matching.On.ShouldBeTrue();
        b.Matching.MatchingLabels.ShouldBe(["instance"]);
        b.Matching.Include.ShouldBe(["role"]);

        PromQLParser.Parse("a and ignoring(x) b").ShouldBeOfType<BinaryExpr>().Matching!.Card.ShouldBe(MatchCardinality.ManyToMany);
        PromQLParser.Parse("a > bool 1").ShouldBeOfType<BinaryExpr>().Matching.ShouldBeNull();
    }

    [Fact]
    public void Parses_a_series_selector_for_the_http_api()
    {
        var matchers = PromQLParser.ParseMetricSelector("up{job=\"node\", instance=~\"a.*\"}");
        matchers.Select(m => m.ToString()).ShouldBe(["__name__=\"up\"", "job=\"node\"", "instance=~\"a.*\""]);
        Should.Throw<PromQLParseException>(() => PromQLParser.ParseMetricSelector("rate(up[5m])"));
    }

    [Fact]
    public void Prints_an_expression_back_as_promql()
    {
        PromQLParser.Parse("sum by (job) (rate(http_requests_total{code=\"500\"}[5m] offset 1m))").ToString()
            .ShouldBe("sum by (job) (rate(http_requests_total{code=\"500\"}[5m] offset 1m))");
    }

    [Theory]
    [InlineData("a + on(b) group_left(c) d")]
    [InlineData("-x offset 5m @ 100 > bool 3")]
    [InlineData("topk without (a) (3, rate(x[1h30m:1m] @ start()))")]
    [InlineData("count_values(\"v\", {__name__=~\"a.*\", job!=\"x\"})")]
    [InlineData("label_join(up, \"d\", \",\", \"a\", \"b\") or vector(1)")]
    [InlineData("(1 + 2) * 3 ^ -2")]
    public void Printed_expressions_parse_back_to_the_same_text(string query)
    {
        var printed = PromQLParser.Parse(query).ToString();
        PromQLParser.Parse(printed).ToString().ShouldBe(printed);
    }
}

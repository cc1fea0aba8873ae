using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Functions;

/// <summary>deriv(), predict_linear() (least-squares line) and holt_winters() (double exponential smoothing).</summary>
internal static class TrendFunctions
{
    public static bool Deriv(in RangeWindow w, out double result)
    {
        result = 0;
        if (w.Samples.Length < 2)
        {
            return false;
        }

        // x is measured from the first sample to keep the sums small and precise.
        (result, _) = LinearRegression(w.Samples, w.Samples[0].T);
        return true;
    }

    public static bool PredictLinear(in RangeWindow w, out double result)
    {
        result = 0;
        if (w.Samples.Length < 2)
        {
            return false;
        }

        var (slope, intercept) = LinearRegression(w.Samples, w.StepTime);
        result = (slope * w.Arg1) + intercept;
        return true;
    }

    public static bool HoltWinters(in RangeWindow w, out double result)
    {
        result = 0;
        var sf = w.Arg1;
        var tf = w.Arg2;
        if (sf <= 0 || sf >= 1)
        {
            throw Evaluator.Fail("invalid smoothing factor. Expected: 0 < sf < 1, got: " + sf.ToString("F6", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (tf <= 0 || tf >= 1)
        {
            throw Evaluator.Fail("invalid trend factor. Expected: 0 < tf < 1, got: " + tf.ToString("F6", System.Globalization.CultureInfo.InvariantCulture));
        }

        var v = w.Samples;
        if (v.Length < 2)
        {
            return false;
        }

        double s0 = 0;
        var s1 = v[0].V;
        var b = v[1].V - v[0].V;
        for (var i = 1; i < v.Length; i++)
        {
            var x = sf * v[i].V;
            if (i > 1)
            {
                b = (tf * (s1 - s0)) + ((1 - tf) * b);
            }

            var y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }

        result = s1;
        return true;
    }

    private static (double Slope, double Intercept) LinearRegression(ReadOnlySpan<Sample> samples, long interceptTime)
    {
        double n = 0, sumX = 0, sumY = 0, sumXY = 0, sumX2 = 0;
        var initY = samples[0].V;
        var constY = true;
        for (var i = 0; i < samples.Length; i++)
        {
            var y = samples[i].V;
            if (constY && i > 0 && y != initY)
            {
                constY = false;
            }

            n++;
            var x = (samples[i].T - interceptTime) / 1e3;
            sumX += x;
            sumY += y;
            sumXY += x * y;
            sumX2 += x * x;
        }

        if (constY)
        {
            return double.IsInfinity(initY) ? (double.NaN, double.NaN) : (0, initY);
        }

        var covXY = sumXY - (sumX * sumY / n);
        var varX = sumX2 - (sumX * sumX / n);
        var slope = covXY / varX;
        var intercept = (sumY / n) - (slope * sumX / n);
        return (slope, intercept);
    }
}

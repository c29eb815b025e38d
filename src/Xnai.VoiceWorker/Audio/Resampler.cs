namespace Xnai.VoiceWorker.Audio;

/// <summary>
/// Band-limited resampling with a Blackman-windowed sinc. Linear interpolation would fold 8–22 kHz content of
/// 44.1/48 kHz uploads back into the speech band; the low-pass at the lower Nyquist prevents that.
/// </summary>
public static class Resampler
{
    // Zero crossings of the sinc on each side, and kernel table resolution per crossing.
    private const int HalfZeroCrossings = 16;
    private const int TableResolution = 512;

    private static readonly float[] Kernel = BuildKernel();

    /// <summary>Resamples mono <paramref name="input"/> from <paramref name="fromRate"/> to <paramref name="toRate"/> Hz.</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        if (input.IsEmpty)
        {
            return [];
        }

        var step = (double)fromRate / toRate;
        // Cut off at the lower of the two Nyquist frequencies, relative to the input rate.
        var cutoff = Math.Min(1.0, 1.0 / step) * 0.95;
        var halfWidth = HalfZeroCrossings / cutoff;
        var outputLength = (int)Math.Max(1, Math.Round(input.Length / step));
        var output = new float[outputLength];

        for (var n = 0; n < output.Length; n++)
        {
            var centre = n * step;
            var first = Math.Max(0, (int)Math.Ceiling(centre - halfWidth));
            var last = Math.Min(input.Length - 1, (int)Math.Floor(centre + halfWidth));
            double sum = 0, weights = 0;
            for (var k = first; k <= last; k++)
            {
                var weight = KernelAt(Math.Abs(k - centre) * cutoff);
                sum += weight * input[k];
                weights += weight;
            }

            // Normalising by the summed weights keeps unity gain at the edges and across phases.
            output[n] = weights > 1e-9 ? (float)(sum / weights) : 0f;
        }

        return output;
    }

    private static double KernelAt(double x)
    {
        var position = x * TableResolution;
        var index = (int)position;
        if (index >= Kernel.Length - 1)
        {
            return 0;
        }

        var fraction = position - index;
        return Kernel[index] + ((Kernel[index + 1] - Kernel[index]) * fraction);
    }

    private static float[] BuildKernel()
    {
        var table = new float[(HalfZeroCrossings * TableResolution) + 2];
        for (var i = 0; i < table.Length; i++)
        {
            var x = (double)i / TableResolution;
            var sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
            var t = Math.Min(1.0, x / HalfZeroCrossings);
            // Blackman window over [-HalfZeroCrossings, HalfZeroCrossings], evaluated on its right half.
            var window = 0.42 + (0.5 * Math.Cos(Math.PI * t)) + (0.08 * Math.Cos(2 * Math.PI * t));
            table[i] = (float)(sinc * window);
        }

        return table;
    }
}

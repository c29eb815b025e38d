using System.Globalization;

namespace Xnai.LoadTest.Cli;

/// <summary>The command line, parsed.</summary>
internal sealed record CliOptions
{
    public Uri? Url { get; init; }
    public int Users { get; init; } = 50;
    public int? Requests { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan ThinkTime { get; init; } = TimeSpan.Zero;
    public bool Voice { get; init; }
    public Uri? VoiceUrl { get; init; }
    public string? JsonPath { get; init; }
    public bool AllowRemote { get; init; }
    public string? AdminKey { get; init; }
    public bool Compare { get; init; }
    public int Rounds { get; init; } = 2;
    public bool FindMax { get; init; }
    public int[] Steps { get; init; } = [50, 100, 200, 500];
    public bool Help { get; init; }
    public bool DistinctQuestions { get; init; }

    public const string Usage = """
        Usage: dotnet run --project bench/Xnai.LoadTest -c Release -- [options]

          --url URL          chatapi base address (default: from src/Xnai.ChatApi/Properties/launchSettings.json)
          --users N          concurrent virtual users, one session each (default 50)
          --requests N       total request budget (default: until --duration)
          --duration T       hard bound per run: 30s, 500ms, 2m (default 30s)
          --timeout T        per-request timeout (default 30s)
          --think T          pause between a user's requests (default 0)
          --voice            send 20 % of requests as voice chat (a WAV made by the voice service's /api/tts)
          --voice-url URL    voice service address (default: from src/Xnai.VoiceWorker/Properties/launchSettings.json)
          --json FILE        also write the report as JSON
          --allow-remote     allow a non-loopback target
          --admin-key K      admin key for --compare (default: env XNAI_ADMIN_KEY, then the AppHost's user secrets)
          --compare          breakers enabled vs disabled, alternating A,B,B,A,... (--rounds pairs, default 2)
          --rounds N         pairs of runs for --compare (default 2)
          --warmup T         unmeasured warm-up before --compare/--find-max (default 5s; 0 to skip)
          --find-max         step users (--steps, default 50,100,200,500) and report the highest with 0 failures
          --steps A,B,...    user counts for --find-max
          --questions SET    default (16 product questions, repeated) or distinct (2,400 different questions, none
                             repeated until all are sent: what a query-vector cache cannot spare the encoder)
        """;

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CliOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value.");
            options = arg switch
            {
                "--url" => options with { Url = new Uri(Value(), UriKind.Absolute) },
                "--users" => options with { Users = PositiveInt(arg, Value()) },
                "--requests" => options with { Requests = PositiveInt(arg, Value()) },
                "--duration" => options with { Duration = ParseDuration(arg, Value()) },
                "--timeout" => options with { Timeout = ParseDuration(arg, Value()) },
                "--think" => options with { ThinkTime = ParseDuration(arg, Value(), allowZero: true) },
                "--warmup" => options with { Warmup = ParseDuration(arg, Value(), allowZero: true) },
                "--voice" => options with { Voice = true },
                "--voice-url" => options with { VoiceUrl = new Uri(Value(), UriKind.Absolute) },
                "--json" => options with { JsonPath = Value() },
                "--allow-remote" => options with { AllowRemote = true },
                "--admin-key" => options with { AdminKey = Value() },
                "--compare" => options with { Compare = true },
                "--rounds" => options with { Rounds = PositiveInt(arg, Value()) },
                "--find-max" => options with { FindMax = true },
                "--steps" => options with { Steps = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => PositiveInt(arg, s))] },
                "--questions" => options with
                {
                    DistinctQuestions = Value() switch
                    {
                        "distinct" => true,
                        "default" => false,
                        var other => throw new FormatException($"--questions is 'default' or 'distinct', got '{other}'."),
                    },
                },
                "-h" or "--help" => options with { Help = true },
                _ => throw new FormatException($"Unknown option '{arg}'."),
            };
        }

        if (options.Compare && options.FindMax)
        {
            throw new FormatException("--compare and --find-max are separate modes; pick one.");
        }

        return options;
    }

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{name} must be a positive whole number, got '{value}'.");

    /// <summary>Parses <c>500ms</c>, <c>30s</c>, <c>2m</c>, a bare number of seconds, or <c>hh:mm:ss</c>.</summary>
    internal static TimeSpan ParseDuration(string name, string value, bool allowZero = false)
    {
        var text = value.Trim().ToLowerInvariant();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        TimeSpan result;
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && double.IsFinite(amount))
        {
            result = TimeSpan.FromSeconds(amount * unit);
        }
        else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out result))
        {
            throw new FormatException($"{name}: cannot read '{value}' as a duration (examples: 500ms, 30s, 2m).");
        }

        return result < TimeSpan.Zero || (!allowZero && result == TimeSpan.Zero)
            ? throw new FormatException($"{name} must be {(allowZero ? "zero or more" : "more than zero")}, got '{value}'.")
            : result;
    }
}

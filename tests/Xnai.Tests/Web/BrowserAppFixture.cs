using Microsoft.Playwright;
using Xnai.Tests.Chat;
using Xnai.Tests.Integration;

namespace Xnai.Tests.Web;

/// <summary>
/// The whole app plus Debian's Chromium driven by Playwright. The browser's microphone is a WAV spoken by the
/// voice service (Chromium's fake capture device), so the voice test goes through the real speech engines.
/// Break durations are shortened so the page's countdowns and recoveries can be watched within a test.
/// </summary>
public sealed class BrowserAppFixture : IAsyncLifetime
{
    public static readonly TimeSpan RagBreak = TimeSpan.FromSeconds(12);
    public static readonly TimeSpan VoiceBreak = TimeSpan.FromSeconds(12);

    /// <summary>What the fake microphone says.</summary>
    public const string SpokenQuestion = "what does the voice circuit breaker do";

    /// <summary>Debian's chromium package; Playwright's own browser download does not work offline.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    // Flags every Chromium start here needs: no sandbox as root, and no calls to Google's hosts on a closed network.
    private static readonly string[] BaseArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--autoplay-policy=no-user-gesture-required",
    ];

    private DistributedApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    public IPlaywright Playwright => _playwright ?? throw new InvalidOperationException("Playwright has not started.");

    /// <summary>Chromium whose microphone plays <see cref="SpokenQuestion"/> once, permission granted.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>chatapi's address as a person would open it.</summary>
    public Uri ChatUrl => App.GetEndpoint("chatapi", "http");

    /// <summary>Length of the spoken question, to know how long to hold the microphone button.</summary>
    public TimeSpan SpokenDuration { get; private set; }

    /// <summary>The WAV the fake microphone plays, to compare with what the page uploads.</summary>
    public byte[] SpokenWav { get; private set; } = [];

    /// <summary>Where screenshots go: TestResults/screenshots beside the test results.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        _app = await XnaiApp.StartAsync(builder =>
        {
            var chatapi = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "chatapi"));
            chatapi
                .WithEnvironment("Xnai__Breakers__rag_api__BreakDuration", RagBreak.ToString())
                .WithEnvironment("Xnai__Breakers__voice_processing__BreakDuration", VoiceBreak.ToString());
        });

        var wav = await App.SynthesizeAsync(SpokenQuestion);
        SpokenWav = wav;
        SpokenDuration = WavDuration(wav);
        var folder = Path.Combine(RepositoryPaths.Root, "TestResults", "browser");
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(ScreenshotFolder);
        var microphone = Path.Combine(folder, "spoken-question.wav");
        await File.WriteAllBytesAsync(microphone, wav);

        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await LaunchAsync(
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", $"--use-file-for-fake-audio-capture={microphone}%noloop");
    }

    /// <summary>Starts another headless Chromium with <paramref name="extraArgs"/> (e.g. one whose microphone is refused).</summary>
    public Task<IBrowser> LaunchAsync(params string[] extraArgs) => Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = [.. BaseArgs, .. extraArgs],
        Timeout = 60_000,
    });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync().AsTask().WaitAsync(XnaiApp.StartTimeout);
        }
    }

    private static TimeSpan WavDuration(byte[] wav)
    {
        var rate = BitConverter.ToInt32(wav, 24);
        var bytesPerSecond = BitConverter.ToInt32(wav, 28);
        return TimeSpan.FromSeconds((wav.Length - 44) / (double)(bytesPerSecond > 0 ? bytesPerSecond : rate * 2));
    }
}

/// <summary>Browser tests share one app and one browser and run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserAppCollection : ICollectionFixture<BrowserAppFixture>
{
    public const string Name = "BrowserApp";
}

using Microsoft.Playwright;

namespace Xnai.Tests.Web;

/// <summary>
/// One browser tab on the chat page that records what a reviewer would want to know: console errors, uncaught
/// exceptions and every host the page contacted.
/// </summary>
public sealed class ChatPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _requests = [];

    private ChatPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_consoleErrors)
                {
                    _consoleErrors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_consoleErrors)
            {
                _consoleErrors.Add("uncaught: " + error);
            }
        };
        page.Request += (_, request) =>
        {
            lock (_requests)
            {
                _requests.Add(request.Url);
            }
        };
    }

    public IPage Page { get; }

    public ILocator Input => Page.Locator("#message");

    public ILocator Send => Page.Locator("#send");

    public ILocator Mic => Page.Locator("#mic");

    public ILocator Messages => Page.Locator("#messages > li");

    public ILocator Answers => Page.Locator("#messages > li.message.assistant");

    public ILocator Breaker(string name) => Page.Locator($".breaker[data-breaker=\"{name}\"]");

    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_consoleErrors)
            {
                return [.. _consoleErrors];
            }
        }
    }

    /// <summary>Requests the page made to any host that is not this machine's loopback.</summary>
    public IReadOnlyList<string> NonLoopbackRequests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests.Where(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss" && !uri.IsLoopback)];
            }
        }
    }

    public static async Task<ChatPage> OpenAsync(IBrowser browser, Uri url, int width = 1280, int height = 860)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = url.ToString(),
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var chat = new ChatPage(context, page);
        await page.GotoAsync("/");
        await Assertions.Expect(chat.Breaker("rag_api")).Not.ToHaveAttributeAsync("data-state", "unknown");
        return chat;
    }

    /// <summary>Types a question and presses Enter, as a person would; returns the answer that appears.</summary>
    public async Task<ILocator> AskAsync(string question)
    {
        var before = await Answers.CountAsync();
        await Input.FillAsync(question);
        await Input.PressAsync("Enter");
        var answer = Answers.Nth(before);
        await Assertions.Expect(answer).ToBeVisibleAsync();
        return answer;
    }

    /// <summary>Saves a full-page screenshot as TestResults/screenshots/<paramref name="name"/>.png.</summary>
    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserAppFixture.ScreenshotFolder, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}

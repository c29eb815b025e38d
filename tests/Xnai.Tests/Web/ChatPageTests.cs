using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xnai.Tests.Integration;

namespace Xnai.Tests.Web;

/// <summary>The chat page in a real browser against the whole app: what a person sees, in every state, screenshotted.</summary>
[Collection(BrowserAppCollection.Name)]
[Trait("Category", "WholeApp")]
public sealed partial class ChatPageTests(BrowserAppFixture fixture)
{
    static ChatPageTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task TypedQuestion_AnswersWithSources_AndTheConversationSurvivesAReload()
    {
        await using var chat = await ChatPage.OpenAsync(fixture.Browser, fixture.ChatUrl);
        await Assertions.Expect(chat.Send).ToBeDisabledAsync();
        await chat.Input.FillAsync("   ");
        await Assertions.Expect(chat.Send).ToBeDisabledAsync();
        await chat.ScreenshotAsync("01-empty");

        var answer = await chat.AskAsync("How long does the RAG breaker stay open?");
        await Assertions.Expect(answer.Locator(".text")).ToContainTextAsync("30 seconds");
        var sources = answer.Locator("details.sources");
        await Assertions.Expect(sources.Locator("summary")).ToHaveTextAsync(new Regex(@"^\d+ sources?$"));
        await sources.Locator("summary").ClickAsync();
        await Assertions.Expect(sources.Locator("li .source-title").First).ToContainTextAsync("rag_api");
        await Assertions.Expect(sources.Locator("li .source-snippet").First).Not.ToBeEmptyAsync();
        await Assertions.Expect(chat.Input).ToHaveValueAsync("");
        await Assertions.Expect(chat.Page.Locator("#messages")).ToHaveAttributeAsync("aria-live", "polite");
        await chat.ScreenshotAsync("02-answer-with-sources");

        await chat.Page.ReloadAsync();
        await Assertions.Expect(chat.Messages).ToHaveCountAsync(2);
        await Assertions.Expect(chat.Messages.Nth(0)).ToContainTextAsync("How long does the RAG breaker stay open?");
        await Assertions.Expect(chat.Messages.Nth(1).Locator(".text")).ToContainTextAsync("30 seconds");
        await chat.ScreenshotAsync("03-after-reload");

        await chat.Page.Locator("#new-conversation").ClickAsync();
        await Assertions.Expect(chat.Messages).ToHaveCountAsync(0);
        await chat.Page.ReloadAsync();
        await Assertions.Expect(chat.Page.Locator("#empty")).ToBeVisibleAsync();
        await Assertions.Expect(chat.Messages).ToHaveCountAsync(0);

        Assert.Empty(chat.ConsoleErrors);
        Assert.Empty(chat.NonLoopbackRequests);
    }

    [Fact]
    public async Task CitationMarker_IsALink_ThatOpensTheCitedSource_WithTheQuotedSentenceHighlighted()
    {
        await using var chat = await ChatPage.OpenAsync(fixture.Browser, fixture.ChatUrl);
        var answer = await chat.AskAsync("How long does the redis breaker stay open?");
        var text = answer.Locator(".text");
        await Assertions.Expect(text).ToContainTextAsync("15 seconds");
        var sources = answer.Locator("details.sources");
        await Assertions.Expect(sources).Not.ToHaveAttributeAsync("open", "");

        // The marker after the sentence is a link naming its source; clicking it opens the sources at that one.
        var marker = text.Locator("a.cite").First;
        await Assertions.Expect(marker).ToHaveTextAsync(new Regex(@"^\[\d\]$"));
        await Assertions.Expect(marker).ToHaveAttributeAsync("aria-label", new Regex("^Source \\d: .*redis", RegexOptions.IgnoreCase));
        var cited = sources.Locator("li.source").Nth(int.Parse((await marker.TextContentAsync())!.Trim('[', ']'), System.Globalization.CultureInfo.InvariantCulture) - 1);
        await marker.ClickAsync();

        await Assertions.Expect(sources).ToHaveAttributeAsync("open", "");
        await Assertions.Expect(cited).ToHaveClassAsync(new Regex(@"\bcited\b"));
        await Assertions.Expect(sources.Locator("li.source.cited")).ToHaveCountAsync(1);
        await Assertions.Expect(cited.Locator(".source-title")).ToContainTextAsync("redis");
        var quoted = cited.Locator(".source-quote mark").First;
        await Assertions.Expect(quoted).ToBeVisibleAsync();
        await Assertions.Expect(quoted).ToContainTextAsync("15 seconds");
        // The highlighted sentence is the answer's sentence, word for word (the answer only adds the marker).
        var sentence = (await quoted.TextContentAsync())!;
        Assert.Contains(sentence.TrimEnd('.'), await text.TextContentAsync(), StringComparison.Ordinal);
        // The snippet under the quote goes on from it; the highlighted sentence is not shown a second time.
        Assert.All(await cited.Locator(".source-snippet").AllTextContentsAsync(), s => Assert.DoesNotContain(sentence, s, StringComparison.Ordinal));
        await chat.ScreenshotAsync("02b-citation-opened");

        Assert.Empty(chat.ConsoleErrors);
        Assert.Empty(chat.NonLoopbackRequests);
    }

    [Fact]
    public async Task SpokenQuestion_ShowsTheTranscriptAndTheAnswer_AndTheSpokenAnswerPlays()
    {
        await using var chat = await ChatPage.OpenAsync(fixture.Browser, fixture.ChatUrl);
        await chat.Mic.ClickAsync();
        await Assertions.Expect(chat.Page.Locator("#recording")).ToBeVisibleAsync();
        await Assertions.Expect(chat.Mic).ToHaveAttributeAsync("aria-pressed", "true");

        // The fake microphone plays the spoken question once; the meter must move while it does.
        var peak = 0.0;
        var listenUntil = DateTime.UtcNow + fixture.SpokenDuration + TimeSpan.FromSeconds(0.8);
        while (DateTime.UtcNow < listenUntil)
        {
            peak = Math.Max(peak, await chat.Page.EvaluateAsync<double>(
                "() => parseFloat(getComputedStyle(document.getElementById('level')).getPropertyValue('--level')) || 0"));
            await Task.Delay(100);
        }

        await Assertions.Expect(chat.Page.Locator("#timer")).Not.ToHaveTextAsync("0:00");
        await chat.ScreenshotAsync("04-recording");
        Assert.True(peak > 0.05, $"the level meter never moved (peak {peak:0.000})");

        var upload = chat.Page.WaitForRequestAsync("**/api/chat/voice**");
        await chat.Mic.ClickAsync();

        // What the browser sent is what the service takes: a 16 kHz, mono, 16-bit PCM WAV (not webm/opus).
        var request = await upload;
        Assert.Equal("audio/wav", request.Headers["content-type"]);
        var wav = request.PostDataBuffer ?? throw new InvalidOperationException("the voice upload has no body");
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(wav, 8, 4));
        Assert.Equal(1, BitConverter.ToInt16(wav, 20));
        Assert.Equal(1, BitConverter.ToInt16(wav, 22));
        Assert.Equal(16000, BitConverter.ToInt32(wav, 24));
        Assert.Equal(16, BitConverter.ToInt16(wav, 34));
        Assert.Equal(wav.Length - 44, BitConverter.ToInt32(wav, 40));

        // The upload holds all of the question: none of its speech lost at the start, in the middle or at the end.
        await File.WriteAllBytesAsync(Path.Combine(BrowserAppFixture.ScreenshotFolder, "05-spoken-question-uploaded.wav"), wav);
        var played = SpeechActivity.Of(fixture.SpokenWav);
        var uploaded = SpeechActivity.Of(wav);
        await File.WriteAllTextAsync(Path.Combine(BrowserAppFixture.ScreenshotFolder, "05-spoken-question-audio.txt"), $"played: {played}\nuploaded: {uploaded}\nlead-in lost: {played.FirstVoiced - uploaded.FirstVoiced:0.00} s\n");
        // Losing the first 0.3 s ("what") turned the transcript into "those avoid circuit breaker do" on a busy machine.
        Assert.True(uploaded.VoicedSeconds >= played.VoicedSeconds * 0.85 && uploaded.LastVoiced - uploaded.FirstVoiced >= (played.LastVoiced - played.FirstVoiced) * 0.95,
            $"the page lost audio: played {played}; uploaded {uploaded}");

        var transcript = chat.Page.Locator("#messages > li.message.user").Last;
        await Assertions.Expect(transcript.Locator(".meta")).ToHaveTextAsync("You, spoken");
        await File.AppendAllTextAsync(Path.Combine(BrowserAppFixture.ScreenshotFolder, "05-spoken-question-audio.txt"), $"transcript: {await transcript.Locator(".text").TextContentAsync()}\n");
        await Assertions.Expect(transcript).ToContainTextAsync("voice");
        await Assertions.Expect(transcript).ToContainTextAsync("breaker");

        var answer = chat.Answers.Last;
        await Assertions.Expect(answer.Locator(".text")).Not.ToBeEmptyAsync();
        await Assertions.Expect(answer.Locator("details.sources")).ToBeVisibleAsync();
        var audio = answer.Locator("audio");
        await Assertions.Expect(audio).ToHaveAttributeAsync("src", new Regex("^blob:"));
        var duration = await audio.EvaluateAsync<double>(
            "a => a.readyState >= 1 ? a.duration : new Promise(r => a.addEventListener('loadedmetadata', () => r(a.duration), { once: true }))");
        Assert.True(duration > 1, $"the spoken answer lasts {duration} s");
        await chat.ScreenshotAsync("05-spoken-answer");

        Assert.Empty(chat.ConsoleErrors);
        Assert.Empty(chat.NonLoopbackRequests);
    }

    [Fact]
    public async Task RagStopped_ShowsTheFallbackCountdownAndTheOpenBreaker_ThenRecoversWithoutAReload()
    {
        await using var chat = await ChatPage.OpenAsync(fixture.Browser, fixture.ChatUrl);
        var rag = chat.Breaker("rag_api");
        await Assertions.Expect(rag).ToHaveAttributeAsync("data-state", "closed");

        await fixture.App.StopResourceAsync("rag");
        try
        {
            // Three failures open the breaker; the answers meanwhile are the fallback, retried with the next message.
            for (var i = 1; i <= 3; i++)
            {
                var fallback = await chat.AskAsync($"What is the error-rate rule? ({i})");
                await Assertions.Expect(fallback.Locator(".text")).ToContainTextAsync("I'm temporarily unable to access my knowledge base");
            }

            await Assertions.Expect(rag).ToHaveAttributeAsync("data-state", "open");
            await Assertions.Expect(rag.Locator(".breaker-state")).ToContainTextAsync(new Regex(@"retry in \d+ s"));

            var answer = await chat.AskAsync("Is the knowledge base back?");
            var notice = answer.Locator(".notice");
            await Assertions.Expect(notice).ToContainTextAsync(new Regex(@"Knowledge base unavailable — retrying in \d+ s"));
            var first = SecondsIn(await notice.InnerTextAsync());
            Assert.InRange(first, 1, (int)BrowserAppFixture.RagBreak.TotalSeconds);
            await chat.ScreenshotAsync("06-rag-down");

            // The countdown runs live: the same message shows fewer seconds a moment later.
            await Assertions.Expect(notice).Not.ToContainTextAsync($"retrying in {first} s");
            Assert.True(SecondsIn(await notice.InnerTextAsync()) < first);
        }
        finally
        {
            await fixture.App.StartResourceAsync("rag");
        }

        // After the break the breaker half-opens by itself; the next question is its probe and closes it.
        await Assertions.Expect(rag).ToHaveAttributeAsync("data-state", "half_open", new() { Timeout = 60_000 });
        var recovered = await chat.AskAsync("How long does the RAG breaker stay open?");
        await Assertions.Expect(recovered.Locator("details.sources")).ToBeVisibleAsync();
        await Assertions.Expect(recovered.Locator(".notice")).ToHaveCountAsync(0);
        await Assertions.Expect(rag).ToHaveAttributeAsync("data-state", "closed");
        await Assertions.Expect(rag.Locator(".breaker-state")).ToHaveTextAsync("working");
        await chat.ScreenshotAsync("07-rag-recovered");

        Assert.Empty(chat.ConsoleErrors);
        Assert.Empty(chat.NonLoopbackRequests);
    }

    [Fact]
    public async Task RagStopped_AQuestionAnsweredBefore_ShowsTheEarlierAnswerWithItsTime_AndANewOneTheApology()
    {
        const string Question = "What does the slow-call rule measure?";
        string live;
        await using (var before = await ChatPage.OpenAsync(fixture.Browser, fixture.ChatUrl))
        {
            var answer = await before.AskAsync(Question);
            await Assertions.Expect(answer.Locator("details.sources")).ToBeVisibleAsync();
            await Assertions.Expect(answer.Locator(".notice")).ToHaveCountAsync(0);
            live = await answer.Locator(".text").InnerTextAsync();
        }

        await using var chat = await ChatPage.OpenAsync(fixture.Browser, fixture.ChatUrl);
        await fixture.App.StopResourceAsync("rag");
        try
        {
            // A new conversation (the query is the question alone, as it was the first time): the store's exact match.
            var stale = await chat.AskAsync(Question);
            await Assertions.Expect(stale.Locator(".text")).ToHaveTextAsync(live);
            var label = stale.Locator(".notice-line[data-service=\"rag_api\"]");
            await Assertions.Expect(label).ToHaveTextAsync(new Regex(@"^From an answer at \d{2}:\d{2} — the knowledge base is unavailable, "));
            await Assertions.Expect(stale).ToHaveClassAsync(new Regex(@"\bdegraded\b"));

            // A question nobody asked before has no earlier answer: today's apology, without a time.
            var apology = await chat.AskAsync("Which port does the knowledge base listen on by default?");
            await Assertions.Expect(apology.Locator(".text")).ToContainTextAsync("I'm temporarily unable to access my knowledge base");
            await Assertions.Expect(apology.Locator(".notice")).Not.ToContainTextAsync("From an answer at");
            await chat.ScreenshotAsync("13-rag-down-earlier-answer");
        }
        finally
        {
            await fixture.App.StartResourceAsync("rag");
            using var admin = fixture.App.CreateClient("chatapi", XnaiApp.AdminKey);
            (await admin.PostAsync("/api/circuits/rag_api/reset", null)).EnsureSuccessStatusCode();
        }

        // The knowledge base back: the same question gets a live answer again, without the label (its semantic tier may
        // still be warming up after the restart, which its own notice line says).
        var back = await chat.AskAsync(Question);
        await Assertions.Expect(back.Locator("details.sources")).ToBeVisibleAsync();
        await Assertions.Expect(back.Locator(".notice-line[data-service=\"rag_api\"]")).ToHaveCountAsync(0);
        await Assertions.Expect(back).Not.ToContainTextAsync("From an answer at");

        Assert.All(chat.ConsoleErrors, e => Assert.Contains("status of 503", e));
        Assert.Empty(chat.NonLoopbackRequests);
    }

    [Fact]
    public async Task VoiceStopped_TheMicSaysSo_AndTextIsStillAnswered()
    {
        await using var chat = await ChatPage.OpenAsync(fixture.Browser, fixture.ChatUrl);
        var voice = chat.Breaker("voice_processing");
        await Assertions.Expect(chat.Mic).ToBeEnabledAsync();

        await fixture.App.StopResourceAsync("voice");
        try
        {
            // Two failed recordings open the voice breaker (2 failures); each is explained where it happened.
            for (var attempt = 1; attempt <= 2; attempt++)
            {
                await chat.Mic.ClickAsync();
                await Assertions.Expect(chat.Page.Locator("#recording")).ToBeVisibleAsync();
                // Long enough to be a recording (at least 0.4 s): the page's own timer says when a second has passed.
                await Assertions.Expect(chat.Page.Locator("#timer")).Not.ToHaveTextAsync("0:00");
                await chat.Mic.ClickAsync();
                await Assertions.Expect(chat.Page.Locator("#messages > li.message.system").Nth(attempt - 1))
                    .ToContainTextAsync("Voice processing is temporarily unavailable");
            }

            await Assertions.Expect(voice).ToHaveAttributeAsync("data-state", "open");
            await Assertions.Expect(chat.Mic).ToBeDisabledAsync();
            await Assertions.Expect(chat.Mic).ToHaveAttributeAsync("aria-label", "Voice is unavailable");
            await Assertions.Expect(chat.Page.Locator("#voice-note")).ToContainTextAsync(new Regex(@"Voice is unavailable — retrying in \d+ s\. You can still type"));

            var answer = await chat.AskAsync("What does the voice circuit breaker do?");
            await Assertions.Expect(answer.Locator("details.sources")).ToBeVisibleAsync();
            await Assertions.Expect(answer.Locator(".notice")).ToHaveCountAsync(0);
            await chat.ScreenshotAsync("08-voice-down");
        }
        finally
        {
            await fixture.App.StartResourceAsync("voice");
            using var admin = fixture.App.CreateClient("chatapi", XnaiApp.AdminKey);
            (await admin.PostAsync("/api/circuits/voice_processing/reset", null)).EnsureSuccessStatusCode();
        }

        await Assertions.Expect(voice).ToHaveAttributeAsync("data-state", "closed");
        await Assertions.Expect(chat.Mic).ToBeEnabledAsync();
        await Assertions.Expect(chat.Page.Locator("#voice-note")).ToBeHiddenAsync();

        // The browser reports each 503 it received as a failed resource load; nothing else may be in the console.
        Assert.All(chat.ConsoleErrors, e => Assert.Contains("status of 503", e));
        Assert.Empty(chat.NonLoopbackRequests);
    }

    [Fact]
    public async Task NarrowViewport_HasNoHorizontalScroll_NoConsoleErrors_AndOnlyLoopbackRequests()
    {
        await using var chat = await ChatPage.OpenAsync(fixture.Browser, fixture.ChatUrl, width: 390, height: 844);
        Assert.True(await FitsAsync(chat.Page), "horizontal overflow on the empty page at 390 px");

        var answer = await chat.AskAsync("How do I inject faults for a chaos test? Please explain it with all the details you have about fault injection endpoints");
        await answer.Locator("details.sources summary").ClickAsync();
        await Assertions.Expect(answer.Locator("details.sources li").First).ToBeVisibleAsync();
        Assert.True(await FitsAsync(chat.Page), "horizontal overflow with an answer and its sources at 390 px");
        await chat.ScreenshotAsync("09-mobile-390px");

        await chat.Page.SetViewportSizeAsync(1440, 900);
        Assert.True(await FitsAsync(chat.Page), "horizontal overflow at 1440 px");

        Assert.Empty(chat.ConsoleErrors);
        Assert.Empty(chat.NonLoopbackRequests);
    }

    [Fact]
    public async Task MicrophoneRefused_SaysSo_AndTextChatStillWorks()
    {
        // Without the fake-UI flag, headless Chromium refuses the microphone as a person pressing "Block" would.
        await using var refusing = await fixture.LaunchAsync("--use-fake-device-for-media-stream");
        await using var chat = await ChatPage.OpenAsync(refusing, fixture.ChatUrl);
        await chat.Mic.ClickAsync();
        await Assertions.Expect(chat.Page.Locator("#voice-note")).ToContainTextAsync("Microphone access was refused");
        await Assertions.Expect(chat.Page.Locator("#recording")).ToBeHiddenAsync();
        await Assertions.Expect(chat.Mic).ToHaveAttributeAsync("aria-pressed", "false");

        var answer = await chat.AskAsync("What does the voice circuit breaker do?");
        await Assertions.Expect(answer.Locator("details.sources")).ToBeVisibleAsync();
        await chat.ScreenshotAsync("10-microphone-refused");
        Assert.Empty(chat.ConsoleErrors);
    }

    [Fact]
    public async Task ChatApiUnreachable_PageSaysSoAndKeepsTheText_ThenSendsItWhenChatApiIsBack()
    {
        await using var chat = await ChatPage.OpenAsync(fixture.Browser, fixture.ChatUrl);
        const string question = "What happens to my conversation when Redis is down?";

        await fixture.App.StopResourceAsync("chatapi");
        try
        {
            await chat.Input.FillAsync(question);
            await chat.Input.PressAsync("Enter");
            // Through the orchestrator's proxy a stopped chatapi may not refuse but hang: the page gives up after 15 s.
            var banner = chat.Page.Locator("#connection");
            await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = 45_000 });
            await Assertions.Expect(banner).ToContainTextAsync(new Regex(@"Xnai cannot be reached — (retrying in \d+ s|trying again now)"));
            await Assertions.Expect(chat.Input).ToHaveValueAsync(question);
            await Assertions.Expect(chat.Send).ToBeDisabledAsync();
            await Assertions.Expect(chat.Breaker("rag_api")).ToHaveAttributeAsync("data-state", "unknown");
            await chat.ScreenshotAsync("11-chatapi-unreachable");
        }
        finally
        {
            await fixture.App.StartResourceAsync("chatapi");
        }

        await Assertions.Expect(chat.Page.Locator("#connection")).ToBeHiddenAsync(new() { Timeout = 60_000 });
        var answer = chat.Answers.Last;
        await Assertions.Expect(answer.Locator("details.sources")).ToBeVisibleAsync();
        await Assertions.Expect(chat.Page.Locator("#messages > li.message.user").Last).ToContainTextAsync(question);
        await Assertions.Expect(chat.Input).ToHaveValueAsync("");
        await Assertions.Expect(chat.Breaker("rag_api")).ToHaveAttributeAsync("data-state", "closed");
        Assert.Empty(chat.NonLoopbackRequests);
    }

    [Fact]
    public async Task BusyChatApi_ShowsBusyRetryingCountdown_AndRetriesOnce()
    {
        await using var chat = await ChatPage.OpenAsync(fixture.Browser, fixture.ChatUrl);

        // chatapi's rate limiter at capacity, as the browser sees it: the first POST gets its 429, later ones pass.
        var posts = 0;
        await chat.Page.RouteAsync("**/api/chat", async route =>
        {
            if (Interlocked.Increment(ref posts) == 1)
            {
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 429,
                    ContentType = "application/problem+json",
                    Headers = new Dictionary<string, string> { ["Retry-After"] = "3" },
                    Body = "{\"title\":\"Too many requests\",\"status\":429}",
                });
                return;
            }

            await route.ContinueAsync();
        });

        await chat.Input.FillAsync("How long does the RAG breaker stay open?");
        await chat.Input.PressAsync("Enter");
        var waiting = chat.Page.Locator("#messages > li.thinking");
        await Assertions.Expect(waiting).ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(waiting).ToContainTextAsync(new Regex(@"Xnai is busy — retrying in [1-3] s"));
        await Assertions.Expect(chat.Send).ToBeDisabledAsync();
        await chat.ScreenshotAsync("12-busy-retrying");

        await Assertions.Expect(chat.Answers.Last.Locator("details.sources")).ToBeVisibleAsync();
        await Assertions.Expect(waiting).ToHaveCountAsync(0);
        Assert.Equal(2, posts);
    }

    [Fact]
    public async Task Page_IsServedWithASelfOnlyContentSecurityPolicy_AndNoSniff()
    {
        using var client = fixture.App.CreateClient("chatapi");
        using var page = await client.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));

        // No inline script, and every asset the page names comes from chatapi itself.
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(new Regex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase), html);
        foreach (Match asset in AssetReference().Matches(html))
        {
            var path = asset.Groups["path"].Value;
            Assert.StartsWith("/", path);
            using var response = await client.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        }

        using var module = await client.GetAsync("/js/app.js");
        Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
        _ = await client.GetFromJsonAsync<object>("/api/circuits");
    }

    [Fact]
    public async Task PageLogic_EncodesWav_ResamplesTo16kHzWithoutAliasing_AndCountsDown()
    {
        await using var chat = await ChatPage.OpenAsync(fixture.Browser, fixture.ChatUrl);
        var results = await chat.Page.EvaluateAsync<Dictionary<string, double>>("""
            async () => {
              const wav = await import('/js/wav.js');
              const countdown = await import('/js/countdown.js');
              const api = await import('/js/api.js');
              const tone = (hz, rate, seconds) => Float32Array.from({ length: rate * seconds }, (_, i) => 0.5 * Math.sin(2 * Math.PI * hz * i / rate));
              const level = (x) => Math.sqrt(x.slice(200, -200).reduce((s, v) => s + v * v, 0) / (x.length - 400));
              const speech = wav.resample(tone(440, 48000, 1), 48000, 16000);
              const alias = wav.resample(tone(12000, 48000, 1), 48000, 16000);
              const crossings = speech.slice(1).filter((v, i) => (speech[i] < 0) !== (v < 0)).length;
              const file = new DataView(wav.encodeWav(Float32Array.of(0, 1, -1, 0.5), 16000));
              return {
                resampledLength: speech.length,
                speechLevel: level(speech),
                aliasLevel: level(alias),
                crossings,
                fileBytes: file.byteLength,
                rate: file.getUint32(24, true),
                sampleMax: file.getInt16(46, true),
                sampleMin: file.getInt16(48, true),
                secondsLeft: countdown.secondsLeft(10_500, 1_000),
                formatted: countdown.formatSeconds(125) === '2 min 5 s' ? 1 : 0,
                retryAfterDelta: api.retryAfterSeconds('7'),
                retryAfterDate: api.retryAfterSeconds(new Date(61_000).toUTCString(), 1_000),
              };
            }
            """);

        Assert.Equal(16000, results["resampledLength"]);
        Assert.InRange(results["speechLevel"], 0.5 / Math.Sqrt(2) * 0.97, 0.5 / Math.Sqrt(2) * 1.03);
        Assert.InRange(results["crossings"], 878, 882);
        Assert.True(results["aliasLevel"] < 0.01, $"a 12 kHz tone above the 8 kHz Nyquist frequency leaked through at {results["aliasLevel"]:0.0000}");
        Assert.Equal(44 + 8, results["fileBytes"]);
        Assert.Equal(16000, results["rate"]);
        Assert.Equal(32767, results["sampleMax"]);
        Assert.Equal(-32768, results["sampleMin"]);
        Assert.Equal(10, results["secondsLeft"]);
        Assert.Equal(1, results["formatted"]);
        Assert.Equal(7, results["retryAfterDelta"]);
        Assert.Equal(60, results["retryAfterDate"]);
    }

    private static int SecondsIn(string text) => int.Parse(SecondsPattern().Match(text).Groups["s"].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");

    [GeneratedRegex(@"retrying in (?<s>\d+) s")]
    private static partial Regex SecondsPattern();

    [GeneratedRegex("(?:src|href)=\"(?<path>[^\"#]+)\"")]
    private static partial Regex AssetReference();
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xnai.ChatApi.AnswerStore;
using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Dependencies;
using Xnai.ChatApi.Sessions;
using Xnai.RagStub.Endpoints;
using Xnai.Tests.Chat;
using Xnai.Tests.Functional;

namespace Xnai.Tests.AnswerStore;

/// <summary>
/// The last-good-answer store through chatapi's real Program on the fake clock, with a real redis-server behind a link
/// that can be cut and rag faked on the wire (<see cref="FunctionalHost"/>): the fake rag answers each question with an
/// answer naming it, so a wrong stale answer is visible. Every question is asked in a fresh session, so the query sent
/// to rag is the question itself.
/// </summary>
[Trait("Category", "Unit")]
[Trait("Category", "Functional")]
public sealed class LastGoodAnswerTests : IAsyncLifetime
{
    private const string Question = "How long does the redis breaker stay open?";
    private const string Reworded = "For how long is the redis breaker open?";
    private const string NearMiss = "How long does the voice_processing breaker stay open?";
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private FunctionalHost _host = null!;
    private HangingModel? _model;
    private string? _indexVersion;

    private LastGoodAnswerStore Store => _host.App.Services.GetRequiredService<LastGoodAnswerStore>();

    public Task InitializeAsync() => StartAsync();

    public async Task DisposeAsync()
    {
        _model?.Release();
        await _host.DisposeAsync();
    }

    private static string AnswerTo(string query) => $"Answer to: {query}";

    private async Task StartAsync(Dictionary<string, string?>? settings = null, HangingModel? model = null)
    {
        _model = model;
        var all = new Dictionary<string, string?> { ["Xnai:ChatApi:LastGoodAnswers:MaxAge"] = MaxAge.ToString() };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        _host = await FunctionalHost.StartAsync(all, model is null ? null : services => services.AddSingleton<SentenceEncoderFactory>(model.Factory));
        _host.RagResponder = request =>
        {
            var query = request.Content!.ReadFromJsonAsync<QueryRequest>(ContractJson.Web).GetAwaiter().GetResult()!.Query!;
            return FakeDependency.Json(new RagAnswer(
                AnswerTo(query),
                [new RagSource("Resilience", $"About: {query}", 1.5, "resilience.md", [$"Quoted for: {query}"])],
                "hybrid",
                false,
                _indexVersion));
        };
    }

    private Task<ChatResponse> AskAsync(string question) => _host.ChatAsync(question, SessionIds.New());

    /// <summary>Asks live and waits (real time, bounded) until the background writer has stored the answer in both tiers.</summary>
    private async Task<DateTimeOffset> AskLiveAndStoreAsync(string question, bool redisUp = true)
    {
        var at = _host.Clock.GetUtcNow();
        var live = await AskAsync(question);
        Assert.Equal((AnswerTo(question), false, (StaleAnswer?)null), (live.Answer, live.Degraded, live.Stale));
        var key = LastGoodAnswerStore.KeyOf(question);
        await FunctionalHost.UntilAsync(
            async () => Store.Local.Get(key) is { } e && e.AnsweredAt == at
                && (!redisUp || await _host.Redis.GetDatabase().HashExistsAsync("xnai:answers:entries", key)),
            $"'{question}' was not stored");
        return at;
    }

    private static void AssertStale(ChatResponse response, string storedQuestion, string match, DateTimeOffset answeredAt, long ageSeconds)
    {
        Assert.Equal(AnswerTo(storedQuestion), response.Answer);
        Assert.True(response.Degraded);
        Assert.Contains("rag_api", response.DegradedServices);
        Assert.NotNull(response.Stale);
        Assert.Equal((answeredAt, ageSeconds, match), (response.Stale!.AnsweredAt, response.Stale.AgeSeconds, response.Stale.Match));
        // The source as rag sent it, the sentences its citation marker quotes included.
        var source = Assert.Single(response.Sources);
        Assert.Equal($"About: {storedQuestion}", source.Snippet);
        Assert.Equal([$"Quoted for: {storedQuestion}"], source.Quoted);
    }

    private static void AssertApology(ChatResponse response)
    {
        Assert.Null(response.Stale);
        Assert.StartsWith("I'm temporarily unable to access my knowledge base", response.Answer, StringComparison.Ordinal);
        Assert.Contains("rag_api", response.DegradedServices);
    }

    [Fact]
    public async Task Served_only_while_rag_fails_exact_and_reworded_never_a_near_miss_then_live_again()
    {
        var at = await AskLiveAndStoreAsync(Question);

        // rag answers: the live answer, never the stored one, and rag is asked every time.
        var calls = _host.Rag.Calls;
        var live = await AskAsync(Question);
        Assert.Equal((AnswerTo(Question), (StaleAnswer?)null, calls + 1), (live.Answer, live.Stale, _host.Rag.Calls));

        _host.Rag.Behaviour = FakeBehaviour.Fail;
        _host.Advance(TimeSpan.FromSeconds(5));
        AssertStale(await AskAsync(Question), Question, "exact", at, 5);
        AssertStale(await AskAsync(Question.ToUpperInvariant().TrimEnd('?')), Question, "exact", at, 5);
        AssertStale(await AskAsync(Reworded), Question, "semantic", at, 5);
        AssertApology(await AskAsync(NearMiss));
        AssertApology(await AskAsync("How long does the redis breaker stay open after 5 failures?"));

        // The breaker opened on the third failure; stale answers carry its retry time like the apology does.
        var whileOpen = await AskAsync(Reworded);
        AssertStale(whileOpen, Question, "semantic", at, 5);
        Assert.Equal(30, whileOpen.RetryAfterSeconds);

        _host.Rag.Behaviour = FakeBehaviour.Succeed;
        _host.Advance(TimeSpan.FromSeconds(30));
        var back = await AskAsync(Reworded);
        Assert.Equal((AnswerTo(Reworded), false, (StaleAnswer?)null), (back.Answer, back.Degraded, back.Stale));
    }

    [Fact]
    public async Task Redis_up_but_the_entry_not_yet_written_there_this_replicas_own_answer_is_served()
    {
        // The writer puts an answer in the in-process tier first and then in Redis: in between (here: the Redis entry
        // removed), a question asked again must still find it. Seen as a suite-only failure of WireShapeTests'
        // Chat_StaleAnswer_IsCamelCase, which waited for the in-process tier while the lookup read Redis alone.
        var at = await AskLiveAndStoreAsync(Question);
        Assert.True(await _host.Redis.GetDatabase().HashDeleteAsync("xnai:answers:entries", LastGoodAnswerStore.KeyOf(Question)));
        _host.Rag.Behaviour = FakeBehaviour.Fail;
        _host.Advance(TimeSpan.FromSeconds(3));

        AssertStale(await AskAsync(Question), Question, "exact", at, 3);
    }

    [Fact]
    public async Task Age_is_exact_on_the_clock_and_an_answer_older_than_MaxAge_is_not_served()
    {
        var at = await AskLiveAndStoreAsync(Question);
        _host.Rag.Behaviour = FakeBehaviour.Fail;

        _host.Advance(TimeSpan.FromSeconds(90.9));
        AssertStale(await AskAsync(Question), Question, "exact", at, 90);

        _host.Advance(MaxAge - TimeSpan.FromSeconds(90.9));
        AssertStale(await AskAsync(Question), Question, "exact", at, (long)MaxAge.TotalSeconds);
        AssertStale(await AskAsync(Reworded), Question, "semantic", at, (long)MaxAge.TotalSeconds);

        _host.Advance(TimeSpan.FromTicks(1));
        AssertApology(await AskAsync(Question));
        AssertApology(await AskAsync(Reworded));
    }

    [Fact]
    public async Task Entries_from_an_older_index_version_than_the_last_seen_are_not_served()
    {
        _indexVersion = "v1";
        await AskLiveAndStoreAsync(Question);
        _indexVersion = "v2";
        const string Other = "What does circuit_breaker_failures_total count?";
        var otherAt = await AskLiveAndStoreAsync(Other);

        _host.Rag.Behaviour = FakeBehaviour.Fail;
        AssertApology(await AskAsync(Question));
        AssertApology(await AskAsync(Reworded));
        AssertStale(await AskAsync(Other), Other, "exact", otherAt, 0);
    }

    [Fact]
    public async Task Redis_down_too_the_in_process_tier_serves()
    {
        var at = await AskLiveAndStoreAsync(Question);
        await _host.CutRedisAsync();
        _host.Rag.Behaviour = FakeBehaviour.Fail;
        _host.Advance(TimeSpan.FromSeconds(2));

        var exact = await AskAsync(Question);
        AssertStale(exact, Question, "exact", at, 2);
        Assert.Contains("session_store", exact.DegradedServices);
        AssertStale(await AskAsync(Reworded), Question, "semantic", at, 2);
        AssertApology(await AskAsync(NearMiss));
    }

    [Fact]
    public async Task Redis_serves_answers_the_bounded_in_process_tier_no_longer_holds()
    {
        await _host.DisposeAsync();
        await StartAsync(new() { ["Xnai:ChatApi:LastGoodAnswers:LocalMaxEntries"] = "1" });
        var at = await AskLiveAndStoreAsync(Question);
        _host.Advance(TimeSpan.FromSeconds(1));
        const string Other = "What does circuit_breaker_failures_total count?";
        await AskLiveAndStoreAsync(Other);
        await FunctionalHost.UntilAsync(async () => await Store.CountSharedAsync(FunctionalHost.RealTimeBound) == 2, "both answers in Redis");
        Assert.Equal(1, Store.Local.Count);
        Assert.Null(Store.Local.Get(LastGoodAnswerStore.KeyOf(Question)));

        _host.Rag.Behaviour = FakeBehaviour.Fail;
        AssertStale(await AskAsync(Question), Question, "exact", at, 1);
        AssertStale(await AskAsync(Reworded), Question, "semantic", at, 1);
    }

    [Fact]
    public async Task Redis_keeps_at_most_MaxEntries_dropping_the_oldest()
    {
        await _host.DisposeAsync();
        await StartAsync(new() { ["Xnai:ChatApi:LastGoodAnswers:MaxEntries"] = "2" });
        string[] questions = [Question, "What does circuit_breaker_failures_total count?", "What is the slow-call rule?"];
        foreach (var question in questions)
        {
            await AskLiveAndStoreAsync(question);
            _host.Advance(TimeSpan.FromSeconds(1));
        }

        await FunctionalHost.UntilAsync(() => Store.SharedCountAtLastWrite == 2, "trimmed to 2");
        Assert.Equal(2, await Store.CountSharedAsync(FunctionalHost.RealTimeBound));
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_host.RedisServer);
        var db = redis.GetDatabase();
        Assert.Equal(2, await db.HashLengthAsync("xnai:answers:entries"));
        Assert.Equal(2, await db.HashLengthAsync("xnai:answers:vectors"));
        Assert.False(await db.HashExistsAsync("xnai:answers:entries", LastGoodAnswerStore.KeyOf(Question)));
    }

    [Fact]
    public async Task Embedder_hung_the_lookup_stops_at_its_deadline_and_exact_match_still_serves()
    {
        await _host.DisposeAsync();
        var model = new HangingModel();
        await StartAsync(model: model);
        using var lookups = new MetricCollector<long>(_host.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "Xnai.ChatApi", AnswerStoreMetrics.Instruments.Lookups);
        var at = await AskLiveAndStoreAsync(Question);
        _host.Rag.Behaviour = FakeBehaviour.Fail;
        model.Hang();

        // Exact needs no embedding: served at once while the model hangs.
        AssertStale(await AskAsync(Question), Question, "exact", at, 0);

        // Reworded needs the model: the lookup waits for it until its deadline (300 ms on the fake clock), then apologises.
        var reworded = AskAsync(Reworded);
        await model.Entered.WaitAsync(FunctionalHost.RealTimeBound);
        Assert.False(reworded.IsCompleted);
        _host.Advance(TimeSpan.FromMilliseconds(299));
        await Task.Delay(50);
        Assert.False(reworded.IsCompleted);
        _host.Advance(TimeSpan.FromMilliseconds(1));
        AssertApology(await reworded.WaitAsync(FunctionalHost.RealTimeBound));

        var outcomes = lookups.GetMeasurementSnapshot().Select(m => (string)m.Tags[AnswerStoreMetrics.Tags.Outcome]!).ToList();
        Assert.Equal([LookupOutcomes.Exact, LookupOutcomes.TimedOut], outcomes);
    }

    [Fact]
    public async Task Model_unavailable_lookups_are_exact_only()
    {
        await _host.DisposeAsync();
        var model = new HangingModel { FailToLoad = true };
        await StartAsync(model: model);
        var at = await AskLiveAndStoreAsync(Question);
        _host.Rag.Behaviour = FakeBehaviour.Fail;
        AssertStale(await AskAsync(Question), Question, "exact", at, 0);
        AssertApology(await AskAsync(Reworded));
    }

    [Fact]
    public async Task No_entry_is_todays_fallback_word_for_word()
    {
        await AskLiveAndStoreAsync(Question);
        _host.Rag.Behaviour = FakeBehaviour.Fail;
        var answer = await AskAsync("What is the slow-call rule?");
        Assert.Equal(RagBreakerTests.Fallback(0), answer.Answer);
        Assert.Null(answer.Stale);
        Assert.Empty(answer.Sources);
    }

    [Fact]
    public async Task Voice_reply_of_a_stale_answer_is_spoken_with_a_prefix_and_health_shows_the_store_size()
    {
        var at = await AskLiveAndStoreAsync(FunctionalHost.Transcript);
        _host.Rag.Behaviour = FakeBehaviour.Fail;
        _host.Voice.ExpectCall();
        var reply = await _host.VoiceChatAsync(SessionIds.New(), typed: null);
        Assert.Equal(AnswerTo(FunctionalHost.Transcript), reply.Answer);
        Assert.Equal((at, 0L, "exact"), (reply.Stale!.AnsweredAt, reply.Stale.AgeSeconds, reply.Stale.Match));
        Assert.NotNull(reply.Audio);
        Assert.Contains(FallbackMessages.StaleSpokenPrefix + AnswerTo(FunctionalHost.Transcript), _host.VoiceBodies);

        var store = (await _host.Client.HealthAsync()).AnswerStore;
        Assert.Equal(((long?)1, 2000, 1), (store.Entries, store.MaxEntries, store.LocalEntries));
    }

    /// <summary>
    /// The sentence model as the store sees it (<see cref="SentenceEncoderFactory"/>): MiniLM, until told to hang (a
    /// wedged ONNX call) or to fail to load. A fake of the third-party model, not of our code.
    /// </summary>
    private sealed class HangingModel
    {
        private readonly ManualResetEventSlim _released = new(false);
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _hang;

        public bool FailToLoad { get; init; }

        public Task Entered => _entered.Task;

        public void Hang() => _hang = true;

        public void Release() => _released.Set();

        public SentenceEncoding Factory()
        {
            if (FailToLoad)
            {
                throw new InvalidOperationException("model file missing");
            }

            var real = QuestionEmbedder.MiniLm();
            return sentences =>
            {
                if (_hang)
                {
                    _entered.TrySetResult();
                    _released.Wait(TimeSpan.FromMinutes(2));
                }

                return real(sentences);
            };
        }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xnai.ChatApi;
using Xnai.Contracts;

namespace Xnai.Tests.Chat;

/// <summary>ChatOptions as chatapi validates them at start: generated annotation checks plus the cross-field rules.</summary>
[Trait("Category", "Unit")]
public sealed class ChatOptionsValidationTests
{
    private static ChatOptions Resolve(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddJsonFile(Path.Combine(RepositoryPaths.Root, "src", "Xnai.ChatApi", "appsettings.json"), optional: false);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:cache"] = "127.0.0.1:1" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddChatApiServices();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<ChatOptions>>().Value;
    }

    private static string Failure(Dictionary<string, string?> settings) =>
        string.Join("\n", Assert.Throws<OptionsValidationException>(() => Resolve(settings)).Failures);

    [Fact]
    public void ShippedSettings_AreValid_AndTimeoutsComeFromTheTableUnlessConfigured()
    {
        var options = Resolve([]);

        Assert.All(XnaiDependencies.All, d => Assert.Equal(d.Timeout, options.TimeoutOf(d)));
        Assert.Equal(TimeSpan.FromMilliseconds(700), Resolve(new() { ["Xnai:Chat:Timeouts:RAG"] = "00:00:00.7" }).TimeoutOf(XnaiDependencies.Rag));
    }

    [Fact]
    public void MessageLongerThanTheBodyCanHold_FailsAtStart_NamingBothKeys()
    {
        var failure = Failure(new() { ["Xnai:Chat:MaxMessageLength"] = "10000", ["Xnai:Chat:MaxChatBodyBytes"] = "32768" });

        Assert.Contains("Xnai:Chat:MaxChatBodyBytes (32768) cannot hold a message of Xnai:Chat:MaxMessageLength (10000) characters", failure);
        Assert.Contains("needs 61024 bytes", failure);
    }

    [Fact]
    public void LargestMessageThatFits_IsAccepted()
    {
        // 6 x 5290 + 1024 = 32764 <= 32768.
        Assert.Equal(5290, Resolve(new() { ["Xnai:Chat:MaxMessageLength"] = "5290", ["Xnai:Chat:MaxChatBodyBytes"] = "32768" }).MaxMessageLength);
        Assert.Contains("cannot hold", Failure(new() { ["Xnai:Chat:MaxMessageLength"] = "5291", ["Xnai:Chat:MaxChatBodyBytes"] = "32768" }));
    }

    [Theory]
    [InlineData("Xnai:Chat:Timeouts:postgres", "00:00:01", "Xnai:Chat:Timeouts:postgres names no dependency; use one of rag, cache, voice.")]
    [InlineData("Xnai:Chat:Timeouts:rag", "00:00:00.010", "Xnai:Chat:Timeouts:rag must be between")]
    [InlineData("Xnai:Chat:Timeouts:voice", "00:05:00", "Xnai:Chat:Timeouts:voice must be between")]
    [InlineData("Xnai:Chat:TopK", "0", "TopK")]
    [InlineData("Xnai:Chat:SessionTimeToLive", "00:00:10", "SessionTimeToLive")]
    public void BadSetting_FailsAtStart_NamingIt(string key, string value, string expected)
    {
        Assert.Contains(expected, Failure(new() { [key] = value }));
    }
}

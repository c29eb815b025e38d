using Xnai.ServiceDefaults;

namespace Xnai.Tests.Http;

[Trait("Category", "Unit")]
public sealed class PublicTextTests
{
    [Theory]
    [InlineData("Connection refused (localhost:5103)", "Connection refused ([address])")]
    [InlineData("No connection to 10.0.0.7:6379 after 2 s", "No connection to [address] after 2 s")]
    [InlineData("GET http://rag:8080/api/query failed", "GET [address] failed")]
    [InlineData("Connection refused ([::1]:5103)", "Connection refused ([address])")]
    [InlineData("Could not open /usr/share/pocketsphinx/model/en-us", "Could not open [path]")]
    [InlineData("Line\nbreak\u001b[31m", "Linebreak[31m")]
    [InlineData("The operation timed out after 2 s.", "The operation timed out after 2 s.")]
    public void Redact_RemovesAddressesPathsAndControlCharacters(string text, string expected) =>
        Assert.Equal(expected, PublicText.Redact(text));

    [Fact]
    public void Redact_LongText_IsCapped() =>
        Assert.Equal(PublicText.MaxLength, PublicText.Redact(new string('a', 1000)).Length);
}

using Xnai.ServiceDefaults.Http;

namespace Xnai.Tests.Http;

[Trait("Category", "Unit")]
public sealed class RequestCharsetTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json;charset=utf8")]
    [InlineData("multipart/form-data; boundary=b")]
    [InlineData("audio/wav")]
    public void Utf8OrNoCharset_IsReadable(string? contentType) => Assert.True(RequestCharset.IsReadable(contentType));

    [Theory]
    [InlineData("application/json; charset=utf-7")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=x-no-such-charset")]
    [InlineData("audio/wav; charset=utf-7")]
    [InlineData("not a media type")]
    public void AnyOtherCharset_OrAnUnreadableHeader_IsNot(string contentType) => Assert.False(RequestCharset.IsReadable(contentType));
}

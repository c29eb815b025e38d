using Xnai.RagStub.Endpoints;

namespace Xnai.Tests.Rag;

[Trait("Category", "Unit")]
public sealed class QueryValidationTests
{
    public static TheoryData<string?, int?, string> BadRequests => new()
    {
        { null, null, "query" },
        { "", null, "query" },
        { "   \t\n ", null, "query" },
        { new string('q', QueryEndpoints.MaxQueryLength + 1), null, "query" },
        { "breaker", 0, "topK" },
        { "breaker", -1, "topK" },
        { "breaker", QueryEndpoints.MaxTopK + 1, "topK" },
        { "breaker", int.MaxValue, "topK" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Validate_BadRequest_NamesTheField(string? query, int? topK, string field) =>
        Assert.Contains(field, QueryEndpoints.Validate(new QueryRequest(query, topK)).Keys);

    [Theory]
    [InlineData("x", null)]
    [InlineData("x", 1)]
    [InlineData("breaker", QueryEndpoints.MaxTopK)]
    public void Validate_GoodRequest_NoErrors(string query, int? topK) =>
        Assert.Empty(QueryEndpoints.Validate(new QueryRequest(query, topK)));

    [Fact]
    public void Validate_LongestQuery_IsAccepted() =>
        Assert.Empty(QueryEndpoints.Validate(new QueryRequest(new string('q', QueryEndpoints.MaxQueryLength), 3)));

    [Fact]
    public void Validate_MissingBody_IsAnError() => Assert.NotEmpty(QueryEndpoints.Validate(null));
}
